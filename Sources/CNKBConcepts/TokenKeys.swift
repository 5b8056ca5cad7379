import CNKBTerms

/// The term keys of a sentence's token spans, built from each token's part worked out once.
///
/// Collecting a sentence asks for the key of every span of up to a few tokens (lexicon lookups, candidate
/// terms), so each token would otherwise be folded again for every span it is part of. For tokens that are all
/// ASCII, `key(_:_:)` equals `TermKey.of` of the span's texts joined by spaces: the join's spaces end words,
/// so a span's key is its tokens' folded parts in order, the last one with the plural rule applied to its
/// last word. Any other span is folded whole by `TermKey.of`.
struct TokenKeys {
  /// Per token: its text folded as part of a longer key (words joined by a space; empty if it has none), or
  /// nil when the token is not ASCII.
  private let parts: [String?]
  /// Per token: `parts` with the plural rule applied to the last word, for a token that ends its span.
  private let finals: [String]
  private let texts: [String]

  /// Prepares the keys of spans of `tokens`.
  init(_ tokens: [Token]) {
    var parts: [String?] = []
    var finals: [String] = []
    parts.reserveCapacity(tokens.count)
    finals.reserveCapacity(tokens.count)
    for token in tokens {
      if let folded = TermKey.asciiPart(token.text) {
        parts.append(folded.part)
        finals.append(folded.final)
      } else {
        parts.append(nil)
        finals.append("")
      }
    }
    self.parts = parts
    self.finals = finals
    self.texts = tokens.map(\.text)
  }

  /// The key of the tokens `from..<to`: `TermKey.of` of their texts joined by single spaces.
  func key(_ from: Int, _ to: Int) -> String {
    var last = -1
    for index in from..<to {
      guard let part = parts[index] else { return TermKey.of(texts[from..<to].joined(separator: " ")) }
      if !part.isEmpty { last = index }
    }
    guard last >= 0 else { return "" }
    if last == from { return finals[last] }
    var key = ""
    for index in from..<last {
      guard let part = parts[index], !part.isEmpty else { continue }
      key += part
      key += " "
    }
    return key + finals[last]
  }
}

extension TermKey {
  /// An ASCII text's folded form as `ofASCII(_:)` builds it, before (`part`) and after (`final`) the plural
  /// rule is applied to its last word; nil when the text is not all ASCII.
  static func asciiPart(_ text: String) -> (part: String, final: String)? {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    let folded = foldASCII(text)
    let head = String(decoding: folded.bytes[..<folded.lastWordStart], as: UTF8.self)
    return (String(decoding: folded.bytes, as: UTF8.self), head + folded.lastWord)
  }
}
