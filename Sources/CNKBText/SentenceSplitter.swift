import CNKBModel

/// Splits technical prose into sentences without breaking abbreviations, versions, addresses or paths.
///
/// A boundary is a `.`, `!` or `?` (or a run of them), optionally followed by closing quotes or brackets,
/// then white space, then something that can start a sentence (an upper-case letter, a digit, an opening
/// quote or bracket). A period does not end a sentence when it ends a known abbreviation (`e.g.`, `i.e.`,
/// `vs.`, `Inc.`), an initial (`J.`), or sits inside a token (`1.12`, `10.0.0.0/8`, `802.1Q`,
/// `kubernetes.io`, `config.json`, a URL or a path), since the splitter only looks at periods followed by
/// white space. `etc.` and `Inc.` end a sentence only when the next word commonly starts one (`The`, `This`,
/// `It`, …). An ellipsis followed by a lower-case word stays inside its sentence. A period after a
/// lower-case or capitalised word followed by a lower-case technical token (`kubectl`, `eth0`) is a boundary when that
/// token is followed by more text, so "The tool is fast. kubectl then applies it." gives two sentences.
///
/// Offsets are Unicode-scalar offsets, so they index the same text in Swift, Python and SQLite alike.
public struct SentenceSplitter: Sendable {
  /// Creates a splitter.
  public init() {}

  /// Sentence ranges in `text`, in Unicode-scalar offsets, each trimmed of surrounding white space.
  public func split(_ text: String) -> [Range<Int>] {
    let scalars = Array(text.unicodeScalars)
    var ranges: [Range<Int>] = []
    var start = 0
    var index = 0
    let count = scalars.count

    func emit(_ end: Int) {
      var lower = start
      var upper = end
      while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
      while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
      if upper > lower { ranges.append(lower..<upper) }
      start = end
    }

    while index < count {
      let scalar = scalars[index]
      if scalar == "\n" {
        // A line break inside a block is a boundary (blocks are normally single lines).
        emit(index)
        index += 1
        continue
      }
      guard scalar == "." || scalar == "!" || scalar == "?" || scalar == "…" else {
        index += 1
        continue
      }
      // The run of terminators, then closing quotes and brackets.
      var end = index + 1
      while end < count, [".", "!", "?", "…"].contains(scalars[end]) { end += 1 }
      while end < count, Self.closers.contains(scalars[end]) { end += 1 }
      guard end < count, scalars[end].properties.isWhitespace else {
        index = end
        continue
      }
      var next = end
      while next < count, scalars[next].properties.isWhitespace, scalars[next] != "\n" { next += 1 }
      guard next < count else {
        index = next
        continue
      }
      if isBoundary(scalars, terminator: index, runEnd: end, next: next) {
        emit(end)
        index = next
      } else {
        index = end
      }
    }
    emit(count)
    return ranges
  }

  /// The sentences of `text` as strings.
  public func sentences(in text: String) -> [String] {
    let scalars = Array(text.unicodeScalars)
    return split(text).map { range in String(scalars: scalars[range]) }
  }

  /// Sentence units of a block: a heading is one unit, code gives none, everything else is split.
  public func split(block: TextBlock) -> [Range<Int>] {
    switch block.kind {
    case .code:
      return []
    case .heading:
      let count = block.text.unicodeScalars.count
      return count > 0 ? [0..<count] : []
    default:
      return split(block.text)
    }
  }

  // MARK: - Deciding a boundary

  private static let closers: Set<Unicode.Scalar> = ["\"", "'", "”", "’", ")", "]", "»"]
  private static let openers: Set<Unicode.Scalar> = ["\"", "'", "“", "‘", "(", "[", "«", "`"]

  /// Abbreviations after which a period never ends a sentence (lower-cased, without the final period).
  private static let abbreviations: Set<String> = [
    "e.g", "i.e", "vs", "cf", "al", "approx", "ca", "dr", "mr", "mrs", "ms", "prof", "jr", "sr", "st", "no",
    "nos", "fig", "figs", "eq", "ref", "refs", "sec", "vol", "p", "pp", "ch", "ed", "eds", "est", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun", "u.s", "u.k", "e.u", "a.k.a", "ph.d", "n.b", "resp", "incl", "min", "max",
    "ltd", "co", "corp", "inc", "etc",
  ]

  /// Abbreviations that may also end a sentence, when the next word usually starts one.
  private static let sentenceFinalAbbreviations: Set<String> = ["etc", "inc", "ltd", "corp", "co"]

  /// Words that commonly start a sentence, used after `etc.` and `Inc.`.
  private static let sentenceStarters: Set<String> = [
    "the", "this", "that", "these", "those", "it", "its", "a", "an", "in", "on", "at", "we", "they", "you", "i",
    "but", "however", "there", "if", "when", "while", "so", "then", "as", "for", "with", "each", "all", "some",
    "many", "most", "one", "another", "other", "both", "after", "before", "since", "because", "also", "finally",
    "first", "second", "next", "today", "here", "what", "why", "how", "which", "who", "our", "their", "my",
  ]

  private func isBoundary(_ s: [Unicode.Scalar], terminator: Int, runEnd: Int, next: Int) -> Bool {
    let mark = s[terminator]
    let following = s[next]
    let nextWord = word(s, from: next)
    let startsSentence =
      following.properties.isUppercase || ("0"..."9").contains(following) || Self.openers.contains(following)
      || !following.properties.isAlphabetic && !following.properties.isLowercase && following != ","
    // ! and ? end a sentence unless what follows is plainly lower-case running text.
    if mark == "!" || mark == "?" {
      return startsSentence || following.properties.isLowercase == false
    }
    // An ellipsis continues a sentence when lower-case text follows.
    let ellipsis = mark == "…" || (runEnd - terminator >= 3 && s[terminator + 1] == ".")
    if ellipsis { return startsSentence }

    // The word before the period.
    let previous = wordBefore(s, end: terminator)
    let lowerPrevious = previous.lowercased()
    if Self.abbreviations.contains(lowerPrevious) {
      guard Self.sentenceFinalAbbreviations.contains(lowerPrevious) else { return false }
      return following.properties.isUppercase && Self.sentenceStarters.contains(nextWord.lowercased())
    }
    // A single letter: an initial (J. R. R.) or an option label; not a boundary.
    let beforePrevious = terminator - previous.unicodeScalars.count - 1
    let standsAlone =
      beforePrevious < 0 || s[beforePrevious].properties.isWhitespace || Self.openers.contains(s[beforePrevious])
    if standsAlone, previous.unicodeScalars.count == 1, previous.unicodeScalars.first?.properties.isAlphabetic == true {
      return false
    }
    // Dotted abbreviations like U.S.A. or e.g. written with other letters.
    if previous.contains("."), previous.unicodeScalars.filter({ $0.properties.isAlphabetic }).count <= 4,
      previous.split(separator: ".").allSatisfy({ $0.count <= 2 })
    {
      return following.properties.isUppercase && Self.sentenceStarters.contains(nextWord.lowercased())
    }
    if startsSentence { return true }
    // A lower-case token after a period: a new sentence when the previous word is an ordinary word and the
    // token looks technical (kubectl, iptables, eth0), or repeats the word before the period ("… using libkv.
    // libkv supports …"), and is followed by more text.
    // The word may be capitalised ("… manage Networks. libnetwork supports …").
    if following.properties.isLowercase, previous.unicodeScalars.count >= 2,
      previous.unicodeScalars.dropFirst().allSatisfy({ $0.properties.isLowercase }),
      previous.unicodeScalars.first?.properties.isAlphabetic == true,
      hasMoreWords(s, after: next)
    {
      return Self.looksTechnical(nextWord) || nextWord == previous
    }
    return false
  }

  /// A lower-case word that is most likely a command, tool or interface name starting a sentence.
  private static func looksTechnical(_ word: String) -> Bool {
    let known: Set<String> = [
      "kubectl", "iptables", "nftables", "docker", "ip", "ipvsadm", "etcd", "runc", "containerd", "libnetwork",
      "cni", "bridge", "macvlan", "ipvlan", "flannel", "calico", "weave", "cilium", "npm", "git", "curl", "ssh",
    ]
    if known.contains(word) { return true }
    return word.unicodeScalars.contains { ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
  }

  private func word(_ s: [Unicode.Scalar], from index: Int) -> String {
    var end = index
    while end < s.count,
      s[end].properties.isAlphabetic || ("0"..."9").contains(s[end]) || s[end] == "_" || s[end] == "-"
    {
      end += 1
    }
    return String(scalars: s[index..<end])
  }

  /// The token that ends right before `end` (letters, digits and inner dots), without leading punctuation.
  private func wordBefore(_ s: [Unicode.Scalar], end: Int) -> String {
    var start = end
    while start > 0, s[start - 1].properties.isAlphabetic || ("0"..."9").contains(s[start - 1]) || s[start - 1] == "." {
      start -= 1
    }
    return String(scalars: s[start..<end])
  }

  private func hasMoreWords(_ s: [Unicode.Scalar], after index: Int) -> Bool {
    var position = index
    while position < s.count, !s[position].properties.isWhitespace { position += 1 }
    while position < s.count, s[position].properties.isWhitespace { position += 1 }
    return position < s.count && s[position].properties.isAlphabetic
  }
}
