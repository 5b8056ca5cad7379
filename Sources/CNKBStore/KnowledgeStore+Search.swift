import CNKBModel
internal import GRDB

extension KnowledgeStore {
  /// Finds stored sentences that contain every word of `query`.
  ///
  /// Matching is case- and diacritic-insensitive and stems words ("networks" finds "network"). Each word of the
  /// query is matched as a phrase of its tokens, so "kube-proxy" finds "kube-proxy" and "kube proxy", and
  /// "802.1Q" finds "802.1Q"; the last word also matches as a prefix. FTS5 operators and quotes in the query
  /// are plain text, never syntax. A query with no letter or digit returns no hits.
  ///
  /// - Parameters:
  ///   - query: the user's words, as typed.
  ///   - limit: at most this many hits (none when below 1).
  ///   - highlight: the markers put around matched tokens in `SearchHit.snippet`.
  /// - Returns: hits ordered by BM25 rank, then source, then position in the document.
  public func search(
    _ query: String, limit: Int = 20, highlight: (open: String, close: String) = ("[", "]")
  ) throws(StoreError) -> [SearchHit] {
    guard limit > 0, let pattern = SearchPattern.fts5(matching: query) else { return [] }
    return try read { db in
      let rows = try Row.fetchCursor(
        db.cachedStatement(
          sql: """
            SELECT document.source, document.title, document.date, sentence.text,
                   snippet(sentenceSearch, 0, ?, ?, '…', 16), sentence.start, sentence."end",
                   bm25(sentenceSearch) AS score
            FROM sentenceSearch
            JOIN sentence ON sentence.id = sentenceSearch.rowid
            JOIN document ON document.id = sentence.documentId
            WHERE sentenceSearch MATCH ?
            ORDER BY score, document.source, sentence.start
            LIMIT ?
            """),
        arguments: [highlight.open, highlight.close, pattern, limit])
      var hits: [SearchHit] = []
      while let row = try rows.next() {
        hits.append(
          SearchHit(
            source: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1), date: try row.decode(atIndex: 2),
            text: try row.decode(atIndex: 3), snippet: try row.decode(atIndex: 4), start: try row.decode(atIndex: 5),
            end: try row.decode(atIndex: 6), rank: try row.decode(atIndex: 7)))
      }
      return hits
    }
  }
}

/// Turns arbitrary user text into a safe FTS5 query.
///
/// GRDB's `FTS5Pattern(matchingAllTokensIn:)` splits words on punctuation and ANDs the pieces anywhere in a
/// sentence, losing the adjacency of "kube-proxy" or "802.1Q". Here each white-space-separated word becomes one
/// quoted FTS5 string, which the table's own tokenizer splits into a phrase; quotes are doubled, so nothing the
/// user types is read as FTS5 syntax, and the pattern is bound as a parameter, never spliced into SQL.
enum SearchPattern {
  /// The FTS5 pattern for `query`, or nil when no word holds a letter or digit (nothing could match).
  static func fts5(matching query: String) -> String? {
    var phrases: [String] = []
    for word in words(in: query) where word.unicodeScalars.contains(where: isTokenScalar) {
      phrases.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    }
    guard let last = phrases.popLast() else { return nil }
    // The last word also matches as a prefix, so a half-typed word still finds something.
    phrases.append(last + " *")
    return phrases.joined(separator: " ")
  }

  /// Splits on white space and control characters.
  private static func words(in query: String) -> [String] {
    query.unicodeScalars
      .split(whereSeparator: { $0.properties.isWhitespace || $0.isControl })
      .map { String(String.UnicodeScalarView($0)) }
  }

  /// Whether unicode61 keeps `scalar` inside tokens (its default categories: letters, numbers, private use).
  private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber, .privateUse:
      return true
    default:
      return false
    }
  }
}
