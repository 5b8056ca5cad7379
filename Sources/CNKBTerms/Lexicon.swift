import Foundation

/// The curated lexicon: terms with their surfaces and descriptions, the stop lists a term discoverer must
/// respect, and the docs team's curation overrides.
///
/// The default ships inside the binary (`bundled()`, generated from `glossary/` by
/// `Scripts/embed-glossary.sh`); `init(contentsOf:)` reads a replacement folder. Loading validates
/// everything and reports every problem at once, compiler style.
///
/// ## Looking up a surface
/// `entry(forSurface:)` finds the entry a piece of text names, by label, abbreviation or alias:
/// - A surface whose letters are all upper-case and at most five (`CNI`, `NAT`, `ARP`, `L2`, `802.1Q`,
///   `SR-IOV`) matches only with that casing, optionally with a lower-case plural `s` (`CNIs`); so `nat`,
///   `arp` or the `cni` of `/etc/cni/net.d` name nothing. List the lower-case spelling as an alias to
///   match it too (`802.1q`).
/// - Every other surface matches through `normalize(_:)`: case, hyphens, underscores, white space and a
///   regular plural ending make no difference (`Network Namespaces`, `network-namespace`).
/// - Hyphens, underscores and spaces are ignored in both kinds (`SR IOV` finds `SR-IOV`).
public struct Lexicon: Sendable, Equatable {
  /// The entries, in file order.
  public let entries: [LexiconEntry]
  /// Generic words and phrases never to propose as terms on their own (lower-case).
  public let stopList: Set<String>
  /// English function words and very common words (lower-case).
  public let stopwords: Set<String>
  /// Curation overrides, in file order.
  public let overrides: [Override]

  /// Case-sensitive surfaces (separators removed, case kept) → entry index.
  private let exactIndex: [String: Int]
  /// Other surfaces, `normalize`d → entry index.
  private let foldedIndex: [String: Int]
  /// Labels → entry index.
  private let labelIndex: [String: Int]

  /// A lexicon with nothing in it: no entries, no stop lists, no overrides.
  public static let empty = Lexicon(entries: [], stopList: [], stopwords: [], overrides: [])

  /// Builds a lexicon from validated parts; the first entry to claim a surface keeps it.
  init(entries: [LexiconEntry], stopList: Set<String>, stopwords: Set<String>, overrides: [Override]) {
    self.entries = entries
    self.stopList = stopList
    self.stopwords = stopwords
    self.overrides = overrides
    var exact: [String: Int] = [:]
    var folded: [String: Int] = [:]
    var labels: [String: Int] = [:]
    for (index, entry) in entries.enumerated() {
      if labels[entry.label] == nil { labels[entry.label] = index }
      for surface in entry.surfaces {
        if Self.isCaseSensitive(surface) {
          let key = Self.removingSeparators(surface)
          if exact[key] == nil { exact[key] = index }
        } else {
          let key = Self.normalize(surface)
          if !key.isEmpty, folded[key] == nil { folded[key] = index }
        }
      }
    }
    exactIndex = exact
    foldedIndex = folded
    labelIndex = labels
  }

  /// Whether two lexicons hold the same entries (with their lines), stop lists and overrides.
  public static func == (lhs: Lexicon, rhs: Lexicon) -> Bool {
    lhs.entries == rhs.entries && lhs.stopList == rhs.stopList && lhs.stopwords == rhs.stopwords
      && lhs.overrides == rhs.overrides
  }

  // MARK: - Lookup

  /// The entry a surface names (label, abbreviation or alias), following the rules in the type's
  /// documentation; nil when no entry claims it.
  public func entry(forSurface surface: String) -> LexiconEntry? {
    let trimmed = surface.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { return nil }
    let exact = Self.removingSeparators(trimmed)
    if let index = exactIndex[exact] { return entries[index] }
    // A lower-case plural s after an upper-case letter or digit: CNIs, VTEPs, L2s.
    if exact.count >= 2, exact.hasSuffix("s"), let before = exact.dropLast().last,
      !before.isLowercase, let index = exactIndex[String(exact.dropLast())]
    {
      return entries[index]
    }
    return foldedIndex[Self.normalize(trimmed)].map { entries[$0] }
  }

  /// The entry with exactly this label.
  public func entry(labelled label: String) -> LexiconEntry? {
    labelIndex[label].map { entries[$0] }
  }

  /// Whether a surface is matched with its own casing: its letters are all upper-case and number one to
  /// five (`CNI`, `NAT`, `L2`, `802.1Q`, `SR-IOV`), so it is an abbreviation that could otherwise be
  /// mistaken for an ordinary word or a path segment.
  public static func isCaseSensitive(_ surface: String) -> Bool {
    var letters = 0
    for character in surface where character.isLetter {
      guard character.isUppercase else { return false }
      letters += 1
      if letters > 5 { return false }
    }
    return letters > 0
  }

  /// The key under which surfaces are compared: lower-cased; hyphens (also `‐`, `‑`, `‒`, `–`),
  /// underscores and white space removed; then one regular English plural ending dropped from the end:
  /// `-ies` → `-y`, `-es` after `ss`, `sh`, `ch` or `x`, else a final `s` after a letter other than
  /// `s`, `u` or `i`, when at least three characters remain.
  ///
  /// `Network Namespaces` → `networknamespace`, `east–west` → `eastwest`, `policies` → `policy`,
  /// `service meshes` → `servicemesh`, `ingress` → `ingress`, `Prometheus` → `prometheus`.
  public static func normalize(_ surface: String) -> String {
    var key = removingSeparators(surface.lowercased())
    if key.count >= 4, key.hasSuffix("ies") {
      key.removeLast(3)
      key += "y"
    } else if key.count >= 5, ["sses", "shes", "ches", "xes"].contains(where: { key.hasSuffix($0) }) {
      key.removeLast(2)
    } else if key.count >= 4, key.hasSuffix("s"), let before = key.dropLast().last, before.isLetter,
      !"sui".contains(before)
    {
      key.removeLast()
    }
    return key
  }

  /// The surface without hyphens, underscores or white space.
  static func removingSeparators(_ surface: String) -> String {
    var result = ""
    result.reserveCapacity(surface.utf8.count)
    for scalar in surface.unicodeScalars
    where
      !(scalar == "-" || scalar == "_" || ("\u{2010}"..."\u{2013}").contains(scalar)
      || scalar.properties.isWhitespace)
    {
      result.unicodeScalars.append(scalar)
    }
    return result
  }
}
