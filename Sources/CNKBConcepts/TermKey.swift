/// The normal form under which surface variants of a term are merged.
///
/// Case is folded, hyphens, underscores, slashes, dots and colons become spaces, curly apostrophes become
/// straight ones, and a plural ending on the last word is removed (`-ies` → `-y`, `-ses`/`-xes` → drop `es`,
/// else a final `s` on a word longer than three letters that does not end in `ss`). So `Network Drivers`,
/// `network-driver` and `network_driver` share one key. The rule is the one the evaluation uses, so what
/// cnkb merges is what a reviewer would call the same term. An abbreviation's plural, written in capitals
/// with a small `s` (`APIs`, `CPUs`, `VMs`), loses its `s` whatever its length or ending.
public enum TermKey {
  /// The key of a surface form.
  public static func of(_ surface: String) -> String {
    surface.utf8.allSatisfy({ $0 < 0x80 }) ? ofASCII(surface) : ofUnicode(surface)
  }

  /// `of(_:)` for any text, scalar by scalar.
  static func ofUnicode(_ surface: String) -> String {
    var words: [String] = []
    var current = ""
    for scalar in surface.lowercased().unicodeScalars {
      switch scalar {
      case "-", "_", "/", ".", ":", " ", "\t", "\n", "\u{00A0}":
        if !current.isEmpty {
          words.append(current)
          current = ""
        }
      case "’":
        current.append("'")
      default:
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" || scalar == "+"
          || scalar == "&"
        {
          current.unicodeScalars.append(scalar)
        }
      }
    }
    if !current.isEmpty { words.append(current) }
    if let last = words.last {
      words[words.count - 1] = endsInAbbreviationPlural(surface) ? String(last.dropLast()) : singular(last)
    }
    return words.joined(separator: " ")
  }

  /// Whether the last word of `surface`, as `ofUnicode(_:)` splits it, is an abbreviation's plural: two or
  /// more capitals or digits, at least one a letter, then a small `s` ("APIs", "VMs", not "IPv6s" or "Is").
  static func endsInAbbreviationPlural(_ surface: String) -> Bool {
    var shape = PluralShape()
    for scalar in surface.unicodeScalars {
      switch scalar {
      case "-", "_", "/", ".", ":", " ", "\t", "\n", "\u{00A0}":
        shape.endWord()
      case "’", "'":
        shape.addOtherCharacter()
      default:
        if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
          shape.add(UInt8(scalar.value))
        } else if scalar.properties.isAlphabetic || scalar == "+" || scalar == "&" {
          shape.addOtherCharacter()
        }
      }
    }
    return shape.isAbbreviationPlural
  }

  /// Follows the shape of the word being read, for `endsInAbbreviationPlural(_:)` and the ASCII path.
  struct PluralShape {
    private var length = 0
    private var capitalsFromStart = 0
    private var letterAmongCapitals = false
    private var lastIsSmallS = false
    private var inWord = false
    private var lastWordIsPlural = false

    mutating func endWord() {
      if inWord { lastWordIsPlural = currentIsPlural }
      inWord = false
    }

    mutating func add(_ byte: UInt8) {
      begin()
      let capital = (65...90).contains(byte) || (48...57).contains(byte)
      if capital && capitalsFromStart == length {
        capitalsFromStart += 1
        if (65...90).contains(byte) { letterAmongCapitals = true }
      }
      length += 1
      lastIsSmallS = byte == UInt8(ascii: "s")
    }

    mutating func addOtherCharacter() {
      begin()
      length += 1
      lastIsSmallS = false
    }

    private mutating func begin() {
      guard !inWord else { return }
      inWord = true
      length = 0
      capitalsFromStart = 0
      letterAmongCapitals = false
      lastIsSmallS = false
    }

    private var currentIsPlural: Bool {
      lastIsSmallS && length == capitalsFromStart + 1 && capitalsFromStart >= 2 && letterAmongCapitals
    }

    var isAbbreviationPlural: Bool { inWord ? currentIsPlural : lastWordIsPlural }
  }

  /// `of(_:)` for text that is all ASCII (nearly every term), on bytes: the same rules without Unicode
  /// property lookups or a string per word.
  static func ofASCII(_ surface: String) -> String {
    let folded = foldASCII(surface)
    guard !folded.bytes.isEmpty else { return "" }
    return String(decoding: folded.bytes[..<folded.lastWordStart], as: UTF8.self) + folded.lastWord
  }

  /// An ASCII text's words folded and joined by spaces (`bytes`), where its last word starts, and that last
  /// word with the plural rule applied (empty when there are no words).
  static func foldASCII(_ surface: String) -> (bytes: [UInt8], lastWordStart: Int, lastWord: String) {
    var key: [UInt8] = []
    key.reserveCapacity(surface.utf8.count)
    var lastWordStart = 0
    var inWord = false
    var shape = PluralShape()
    for byte in surface.utf8 {
      let lower = (65...90).contains(byte) ? byte + 32 : byte
      switch lower {
      case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"),
        UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"):
        inWord = false
        shape.endWord()
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"),
        UInt8(ascii: "+"), UInt8(ascii: "&"):
        if !inWord {
          if !key.isEmpty { key.append(UInt8(ascii: " ")) }
          lastWordStart = key.count
          inWord = true
        }
        if lower == UInt8(ascii: "'") || lower == UInt8(ascii: "+") || lower == UInt8(ascii: "&") {
          shape.addOtherCharacter()
        } else {
          shape.add(byte)
        }
        key.append(lower)
      default:
        // Other punctuation is dropped without ending the word, as in the general path.
        break
      }
    }
    guard !key.isEmpty else { return (key, 0, "") }
    let last = String(decoding: key[lastWordStart...], as: UTF8.self)
    return (key, lastWordStart, shape.isAbbreviationPlural ? String(last.dropLast()) : singular(last))
  }

  /// The singular of a word: `-ies` → `-y`; `-sses`, `-ches`, `-shes`, `-xes`, `-zes` drop `es`; otherwise a
  /// final `s` is dropped from a word longer than three letters that does not end in `ss`, `us` or `is`.
  static func singular(_ word: String) -> String {
    guard word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is")
    else { return word }
    if word.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
    for ending in ["sses", "ches", "shes", "xes", "zes"] where word.hasSuffix(ending) {
      return String(word.dropLast(2))
    }
    return String(word.dropLast())
  }
}
