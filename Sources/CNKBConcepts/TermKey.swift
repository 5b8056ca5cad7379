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
