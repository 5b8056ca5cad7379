extension Lexicon {
  /// The default lexicon compiled into the binary from `glossary/` (see `bundledFiles`).
  ///
  /// A test keeps the embedded files valid, so this never falls back; if they were ever invalid, the
  /// result would be `Lexicon.empty` rather than a crash.
  public static func bundled() -> Lexicon { bundledLexicon }

  private static let bundledLexicon: Lexicon =
    (try? Lexicon(
      terms: bundledFiles["terms.jsonl"] ?? "", stopList: bundledFiles["stoplist.txt"] ?? "",
      stopwords: bundledFiles["stopwords-en.txt"] ?? "", overrides: bundledFiles["overrides.jsonl"] ?? "",
      directoryName: "glossary")) ?? .empty
}
