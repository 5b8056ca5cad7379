import CNKBModel

/// A word-like piece of a sentence, located by Unicode-scalar offsets.
public struct Token: Sendable, Hashable {
  /// What kind of token this is.
  public enum Kind: Sendable, Hashable {
    /// Letters, possibly with digits and inner joiners (`IPv6`, `host-gw`, `docker_gwbridge`, `802.1Q`).
    case word
    /// Digits only, possibly with inner dots or a CIDR suffix (`1.12`, `10.0.0.0/8`, `4789`).
    case number
    /// A possessive ending (`'s`), split from its word.
    case possessive
    /// Any other single character that is not white space (`,`, `(`, `:`).
    case punctuation
  }

  /// The text as written.
  public var text: String
  /// The kind of token.
  public var kind: Kind
  /// Start offset in the tokenised text, in Unicode scalars.
  public var start: Int
  /// End offset (exclusive), in Unicode scalars.
  public var end: Int

  /// Creates a token.
  public init(text: String, kind: Kind, start: Int, end: Int) {
    self.text = text
    self.kind = kind
    self.start = start
    self.end = end
  }

  /// Whether the token is a word or number (not punctuation or a possessive).
  public var isWordLike: Bool { kind == .word || kind == .number }
}

/// Splits sentences into tokens, keeping technical tokens whole.
///
/// Inner joiners (`-`, `_`, `.`, `:`, `/` before a digit, `+` other than between two names) stay inside a
/// token when alphanumerics sit on both sides, so `802.1Q`, `host-gw`, `kube-proxy`, `docker_gwbridge`,
/// `eth0`, `10.0.0.0/8`, `VXLAN-GPE` and `IPv6` are single tokens, while a sentence's final period, a
/// comma or `CNI/CNM` split as a reader expects. Paths that start with `/` are kept whole.
public struct Tokenizer: Sendable {
  /// Creates a tokenizer.
  public init() {}

  /// The tokens of `text`, in order.
  public func tokenize(_ text: String) -> [Token] {
    let scalars = Array(text.unicodeScalars)
    var tokens: [Token] = []
    var index = 0
    let count = scalars.count

    func isAlnum(_ i: Int) -> Bool {
      i >= 0 && i < count && Self.isAlphanumeric(scalars[i])
    }
    // Letters in the run of alphanumerics that starts at `i` and goes on by `step` (1 forwards, -1 backwards).
    func letters(from i: Int, step: Int) -> Int {
      var j = i
      var found = 0
      while isAlnum(j) {
        if scalars[j].isAlphabetic { found += 1 }
        j += step
      }
      return found
    }
    func make(_ start: Int, _ end: Int, _ kind: Token.Kind) {
      tokens.append(Token(text: String(scalars: scalars[start..<end]), kind: kind, start: start, end: end))
    }

    while index < count {
      let scalar = scalars[index]
      if scalar.isWhitespace {
        index += 1
        continue
      }
      // A path like /etc/cni/net.d: a slash followed by a letter, at a token boundary.
      if scalar == "/", isAlnum(index + 1), index == 0 || !isAlnum(index - 1),
        scalars[index + 1].isAlphabetic
      {
        var end = index + 1
        while end < count, isAlnum(end) || (Self.isPathJoiner(scalars[end]) && isAlnum(end + 1)) {
          end += 1
        }
        make(index, end, .word)
        index = end
        continue
      }
      if Self.isAlphanumeric(scalar) {
        var end = index + 1
        var hasLetter = scalar.isAlphabetic
        while end < count {
          let current = scalars[end]
          if Self.isAlphanumeric(current) {
            hasLetter = hasLetter || current.isAlphabetic
            end += 1
          } else if current == "'" || current == "’", end == index + 1, scalar.properties.isUppercase,
            end + 1 < count, scalars[end + 1].properties.isUppercase
          {
            // An Irish or French name: O'Reilly, D’Angelo (one capital, an apostrophe, a capitalised word).
            end += 1
          } else if Self.isJoiner(current), isAlnum(end + 1) {
            // `/` joins only a CIDR suffix or a path segment after a number (10.0.0.0/8).
            if current == "/" && !(("0"..."9").contains(scalars[end + 1]) && !hasLetter) { break }
            // `+` puts two names side by side ("Mesos+Marathon", "TCP+UDP"): words of two letters or more, the
            // second capitalised. It joins "1+1", "U+DC80" and "Ctrl+C".
            if current == "+", scalars[end + 1].properties.isUppercase, letters(from: end - 1, step: -1) >= 2,
              letters(from: end + 1, step: 1) >= 2
            {
              break
            }
            end += 1
          } else {
            break
          }
        }
        make(index, end, hasLetter ? .word : .number)
        index = end
        continue
      }
      // A CIDR suffix on its own: /32.
      if scalar == "/", index + 1 < count, ("0"..."9").contains(scalars[index + 1]), index == 0 || !isAlnum(index - 1) {
        var end = index + 1
        while end < count, ("0"..."9").contains(scalars[end]) { end += 1 }
        make(index, end, .number)
        index = end
        continue
      }
      // Possessive: 's or ’s right after a word.
      if scalar == "'" || scalar == "’", index + 1 < count, scalars[index + 1] == "s" || scalars[index + 1] == "S",
        isAlnum(index - 1), !isAlnum(index + 2)
      {
        make(index, index + 2, .possessive)
        index += 2
        continue
      }
      make(index, index + 1, .punctuation)
      index += 1
    }
    return tokens
  }

  /// Whether a scalar is a letter (Unicode's Alphabetic property) or an ASCII digit.
  public static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isAlphabetic || ("0"..."9").contains(scalar)
  }

  static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "-" || scalar == "_" || scalar == "." || scalar == "/" || scalar == ":" || scalar == "+"
  }

  static func isPathJoiner(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "/" || scalar == "." || scalar == "-" || scalar == "_"
  }
}
