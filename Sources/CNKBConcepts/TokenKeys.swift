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

  /// Whether each token's part opens one of the keys `openers` was made from (see `openers(of:)`).
  ///
  /// A part opens a key when the key starts with it and a space. A token that is not ASCII counts as opening
  /// one: its spans are folded whole.
  func opening(_ openers: Set<String>) -> [Bool] {
    parts.map { part in part.map { !$0.isEmpty && openers.contains($0) } ?? true }
  }

  /// `key(from, to)`, or nil when it cannot be one of the keys `opening` was worked out for.
  ///
  /// A key of several parts is its first non-empty part, a space and the rest, so when that part opens none of
  /// them the key is not built. Looking up every window of a sentence in a short list this way skips nearly all
  /// of the building and hashing.
  func key(_ from: Int, _ to: Int, opening: [Bool]) -> String? {
    var first = -1
    var last = -1
    for index in from..<to {
      guard let part = parts[index] else { return key(from, to) }
      guard !part.isEmpty else { continue }
      if first < 0 { first = index }
      last = index
    }
    guard last >= 0 else { return "" }
    if first < last && !opening[first] { return nil }
    return key(from, to)
  }

  /// Every text that opens one of `keys`: each key cut before each of its spaces ("container", "container
  /// network" for "container network interface").
  static func openers(of keys: some Sequence<String>) -> Set<String> {
    var openers: Set<String> = []
    for key in keys {
      let bytes = Array(key.utf8)
      for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: " ") {
        openers.insert(String(decoding: bytes[..<offset], as: UTF8.self))
      }
    }
    return openers
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
