/// "Did you mean" suggestions by edit distance.
enum Suggestion {
  /// The candidate closest to `word`, when one is close enough to be a likely typo.
  ///
  /// Close enough means equal ignoring case, starting with `word` (at least three characters), or within a
  /// small edit distance (a third of the word's length, one to three). Ties go to the earlier candidate.
  static func closest(to word: String, in candidates: [String]) -> String? {
    let lower = Array(word.lowercased())
    guard !lower.isEmpty else { return nil }
    let limit = max(1, min(3, lower.count / 3))
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != word {
      let other = Array(candidate.lowercased())
      var distance = editDistance(lower, other)
      if distance > limit, lower.count >= 3, other.starts(with: lower) { distance = limit }
      if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    return best?.candidate
  }

  /// Levenshtein distance, with one row of memory.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
