/// The normal form under which surface variants of a term are merged.
///
/// Case is folded, hyphens, underscores, slashes, dots and colons become spaces, curly apostrophes become
/// straight ones, and a plural ending on the last word is removed (`-ies` → `-y`, `-ses`/`-xes` → drop `es`,
/// else a final `s` on a word longer than three letters that does not end in `ss`). So `Network Drivers`,
/// `network-driver` and `network_driver` share one key. The rule is the one the evaluation uses, so what
/// cnkb merges is what a reviewer would call the same term.
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
    if let last = words.last { words[words.count - 1] = singular(last) }
    return words.joined(separator: " ")
  }

  /// `of(_:)` for text that is all ASCII (nearly every term), on bytes: the same rules without Unicode
  /// property lookups or a string per word.
  static func ofASCII(_ surface: String) -> String {
    var key: [UInt8] = []
    key.reserveCapacity(surface.utf8.count)
    var lastWordStart = 0
    var inWord = false
    for byte in surface.utf8 {
      let lower = (65...90).contains(byte) ? byte + 32 : byte
      switch lower {
      case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"),
        UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"):
        inWord = false
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"),
        UInt8(ascii: "+"), UInt8(ascii: "&"):
        if !inWord {
          if !key.isEmpty { key.append(UInt8(ascii: " ")) }
          lastWordStart = key.count
          inWord = true
        }
        key.append(lower)
      default:
        // Other punctuation is dropped without ending the word, as in the general path.
        break
      }
    }
    guard !key.isEmpty else { return "" }
    let last = String(decoding: key[lastWordStart...], as: UTF8.self)
    return String(decoding: key[..<lastWordStart], as: UTF8.self) + singular(last)
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
