import CNKBTerms

/// How often a word followed a word that introduces a verb ("can", "they", "how to") and one that introduces
/// a noun ("the", "its", "each"), counted over the whole corpus.
///
/// Term discovery has no part-of-speech tagger, so the corpus itself says which words it uses as verbs: a
/// phrase that starts or ends with one ("deploy containers", "containers share") is a clause, not a term.
/// The counts add up, so they merge like the rest of `CorpusStatistics`.
public struct WordRoles: Sendable, Hashable {
  /// Times the word came right after a verb's cue.
  public var afterVerbCue = 0
  /// Times the word came right after any other "to", which is as often a preposition ("to multiple
  /// networks") as an infinitive's mark ("seeks to democratize").
  public var afterTo = 0
  /// Times the word came right after a noun's cue.
  public var afterNounCue = 0

  /// Creates counts.
  public init(afterVerbCue: Int = 0, afterTo: Int = 0, afterNounCue: Int = 0) {
    self.afterVerbCue = afterVerbCue
    self.afterTo = afterTo
    self.afterNounCue = afterNounCue
  }

  /// Adds another count of the same word.
  public mutating func add(_ other: WordRoles) {
    afterVerbCue += other.afterVerbCue
    afterTo += other.afterTo
    afterNounCue += other.afterNounCue
  }

  /// Whether the corpus uses `word` (these are its counts, in lower case) as a verb more than as a noun: more
  /// often after a verb's cue than after a noun's, or, never seen after a noun's cue, after any "to" at all
  /// when its ending is no adjective's or noun's ("to serverless computing", "to additional networks").
  public func looksLikeVerb(_ word: String) -> Bool {
    if afterVerbCue > afterNounCue { return true }
    guard afterNounCue == 0, afterTo >= 1 else { return false }
    return !Self.nonVerbEndings.contains { word.hasSuffix($0) }
  }

  /// Endings of adjectives and nouns that are seldom verbs.
  static let nonVerbEndings = adjectiveEndings + ["tion", "sion", "ness", "ity", "ism", "ship"]

  /// Endings of adjectives ("serverless", "optional", "exclusive").
  static let adjectiveEndings = ["less", "ful", "ive", "al", "ous", "able", "ible", "ic", "ary"]

  /// Modal verbs and subject pronouns: the next word is a verb ("can deploy", "they share").
  static let verbCues: Set<String> = [
    "can", "cannot", "could", "will", "would", "may", "might", "must", "should", "shall", "it", "they", "we",
    "you", "he", "she",
  ]
  /// Words after which "to" marks an infinitive rather than a direction ("how to deploy", not "to multiple
  /// networks").
  static let infinitiveLeads: Set<String> = [
    "how", "able", "order", "want", "wants", "wanted", "need", "needs", "needed", "used", "have", "has", "had",
    "going", "try", "trying", "easy", "easier", "hard", "difficult", "possible", "necessary", "help", "helps",
  ]
  /// Determiners and possessives: the next word starts a noun phrase.
  static let nounCues: Set<String> = [
    "the", "a", "an", "its", "their", "our", "your", "this", "these", "those", "each", "every", "his", "her", "my",
  ]

  /// Counts the roles of the words of one sentence's tokens into `roles`.
  ///
  /// A cue counts in lower case or capitalised at the start of a sentence, never in capitals ("IT
  /// departments" is no pronoun).
  public static func count(_ tokens: [Token], into roles: inout [String: WordRoles]) {
    guard tokens.count >= 2 else { return }
    var previous = cueForm(tokens[0].text)
    for index in 1..<tokens.count {
      let current = cueForm(tokens[index].text)
      defer { previous = current }
      guard tokens[index].kind == .word, let cue = previous,
        let initial = tokens[index].text.utf8.first, (0x61...0x7A).contains(initial)
      else { continue }
      let verb =
        verbCues.contains(cue)
        || (cue == "to" && index >= 2 && cueForm(tokens[index - 2].text).map(infinitiveLeads.contains) == true)
      guard verb || cue == "to" || nounCues.contains(cue) else { continue }
      let word = tokens[index].text.lowercased()
      if verb {
        roles[word, default: WordRoles()].afterVerbCue += 1
      } else if cue == "to" {
        roles[word, default: WordRoles()].afterTo += 1
      } else {
        roles[word, default: WordRoles()].afterNounCue += 1
      }
    }
  }

  /// A short word in lower case, or capitalised only on its first letter, as lower case; nil for anything
  /// else (longer words, capitals, numbers), which is never a cue.
  static func cueForm(_ text: String) -> String? {
    let utf8 = text.utf8
    guard utf8.count <= 8, let first = utf8.first else { return nil }
    guard utf8.dropFirst().allSatisfy({ (0x61...0x7A).contains($0) }) else { return nil }
    if (0x61...0x7A).contains(first) { return text }
    return (0x41...0x5A).contains(first) ? text.lowercased() : nil
  }
}
