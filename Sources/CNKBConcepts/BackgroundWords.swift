import Foundation

/// How often common words occur in general software documentation: the yardstick a one-word discovered term is
/// held against.
///
/// A word a corpus uses about as often as any manual does ("option", "name", "version") is ordinary vocabulary
/// there, however often it is written; a term of the field ("iptables", "macvlan", "bridge") is far more
/// frequent in the corpus than in the yardstick. The counts come from the Python, PostgreSQL, Django and Sphinx
/// manuals (`Scripts/make-background-words.sh`).
struct BackgroundWords: Sendable {
  /// The bundled counts.
  static let bundled = BackgroundWords(table: table, characters: countedCharacters)

  /// Word (lower case) → times seen.
  let counts: [String: Int]
  /// Characters of sentence text the counts were taken from.
  let characters: Int

  /// Reads a table of "word count" lines.
  init(table: String, characters: Int) {
    var counts: [String: Int] = [:]
    for line in table.split(separator: "\n") {
      let parts = line.split(separator: " ")
      if parts.count == 2, let count = Int(parts[1]) { counts[String(parts[0])] = count }
    }
    self.counts = counts
    self.characters = max(1, characters)
  }

  /// How many times more often `forms` (the written forms of one word) occur per character of a corpus's
  /// sentence text than per character of the yardstick's, or nil when the yardstick does not know the word.
  ///
  /// - Parameters:
  ///   - forms: the word's written forms; each distinct lower-case form is counted once.
  ///   - mentions: times the corpus wrote the word.
  ///   - corpusCharacters: characters of sentence text in the corpus.
  func relativeFrequency(of forms: some Sequence<String>, mentions: Int, corpusCharacters: Int) -> Double? {
    let known = Set(forms.map { $0.lowercased() }).reduce(0) { $0 + (counts[$1] ?? 0) }
    guard known > 0, corpusCharacters > 0 else { return nil }
    let corpusRate = Double(mentions) / Double(corpusCharacters)
    let yardstickRate = Double(known) / Double(characters)
    return corpusRate / yardstickRate
  }

  /// The factor a discovered one-word term's score is multiplied by, given its relative frequency: 1 from four
  /// times the yardstick's rate up, falling with the logarithm to 0.3 at the yardstick's rate and below.
  static func ordinaryWordFactor(relativeFrequency ratio: Double) -> Double {
    guard ratio < 4 else { return 1 }
    return 0.3 + 0.7 * log2(max(1, ratio)) / 2
  }
}
