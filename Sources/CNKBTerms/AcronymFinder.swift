import CNKBModel

/// An abbreviation and the expansion a sentence gives for it.
public struct AcronymPair: Sendable, Hashable {
  /// The short form, with its own casing (`CNI`, `cgroups`, `MaaD`, `SLAs`).
  public var short: String
  /// The long form as written (`Container Network Interface`).
  public var long: String
  /// Offsets of the long form in the tokenised text (Unicode scalars).
  public var longStart: Int
  /// End offset (exclusive) of the long form.
  public var longEnd: Int
  /// Offsets of the short form in the tokenised text.
  public var shortStart: Int
  /// End offset (exclusive) of the short form.
  public var shortEnd: Int

  /// Creates a pair.
  public init(short: String, long: String, longStart: Int, longEnd: Int, shortStart: Int, shortEnd: Int) {
    self.short = short
    self.long = long
    self.longStart = longStart
    self.longEnd = longEnd
    self.shortStart = shortStart
    self.shortEnd = shortEnd
  }
}

/// Finds abbreviation definitions in both orders, `long form (SF)` and `SF (long form)`, matching letter by
/// letter in the way Schwartz and Hearst (2003) describe: every character of the short form must appear in
/// the long form in order, read from the end, and the first must start a word of the long form.
public struct AcronymFinder: Sendable {
  private let tokenizer = Tokenizer()

  /// Creates a finder.
  public init() {}

  /// The pairs a sentence defines.
  public func pairs(in sentence: String) -> [AcronymPair] {
    // Both orders need an opening parenthesis; most sentences have none.
    guard sentence.utf8.contains(UInt8(ascii: "(")) else { return [] }
    let tokens = tokenizer.tokenize(sentence)
    let scalars = Array(sentence.unicodeScalars)
    var found: [AcronymPair] = []
    var index = 0
    while index < tokens.count {
      guard tokens[index].text == "(", let close = closing(tokens, from: index) else {
        index += 1
        continue
      }
      let inside = Array(tokens[(index + 1)..<close])
      if inside.count == 1, Self.looksLikeShortForm(inside[0].text) {
        // long form (SF): look back over at most min(|SF| + 5, 2|SF|) words.
        let short = inside[0]
        let limit = min(short.text.count + 5, short.text.count * 2)
        if let pair = match(
          short: short, candidates: Array(tokens[..<index]), limit: limit, scalars: scalars,
          longBeforeShort: true)
        {
          found.append(pair)
        }
      } else if inside.count >= 2, index > 0, Self.looksLikeShortForm(tokens[index - 1].text),
        inside.allSatisfy({ $0.isWordLike || $0.text == "-" })
      {
        // SF (long form)
        let short = tokens[index - 1]
        if let pair = match(
          short: short, candidates: inside, limit: inside.count, scalars: scalars,
          longBeforeShort: false)
        {
          found.append(pair)
        }
      }
      index = close + 1
    }
    return found
  }

  private func closing(_ tokens: [Token], from open: Int) -> Int? {
    var index = open + 1
    while index < tokens.count, index <= open + 12 {
      if tokens[index].text == ")" { return index }
      if tokens[index].text == "(" { return nil }
      index += 1
    }
    return nil
  }

  /// Tries to find the shortest run of trailing candidate words (or leading, for `SF (long)`) whose letters
  /// spell the short form.
  private func match(
    short: Token, candidates: [Token], limit: Int, scalars: [Unicode.Scalar], longBeforeShort: Bool
  ) -> AcronymPair? {
    // Words only, stopping at punctuation that cannot be inside a name.
    var words: [Token] = []
    if longBeforeShort {
      for token in candidates.reversed() {
        if !token.isWordLike && token.text != "-" && token.kind != .possessive { break }
        if token.isWordLike { words.insert(token, at: 0) }
        if words.count >= limit { break }
      }
    } else {
      words = candidates.filter(\.isWordLike)
    }
    guard !words.isEmpty else { return nil }
    let shortLetters = Array(short.text.lowercased().unicodeScalars).filter { Tokenizer.isAlphanumeric($0) }
    guard let first = shortLetters.first else { return nil }

    // Try the fewest words first: the long form must start at a word beginning with the short form's first
    // character, and all characters must be found in order.
    var starts: [Int] = longBeforeShort ? Array((0..<words.count).reversed()) : [0]
    // Unless one word per letter, each starting with its letter, spells the short form ("Secure Sockets Layer
    // (SSL)", not "Sockets Layer", which a letter-by-letter match finds first).
    if longBeforeShort, shortLetters.count >= 2, shortLetters.count <= words.count {
      let start = words.count - shortLetters.count
      let initials = words[start...].compactMap { $0.text.lowercased().unicodeScalars.first }
      if initials == shortLetters { starts.insert(start, at: 0) }
    }
    for start in starts {
      var span = longBeforeShort ? Array(words[start...]) : words
      guard let lead = span.first?.text.lowercased().unicodeScalars.first, lead == first else { continue }
      if span.count < 2 && shortLetters.count > 1
        && !span[0].text.lowercased().hasPrefix(String(String.UnicodeScalarView(shortLetters)))
        && Self.hyphenInitials(span[0].text) != shortLetters
      {
        // A one-word long form must at least begin like the short form (control groups → cgroups needs two),
        // or be a compound whose parts' initials spell it ("top-of-stack" → TOS).
        continue
      }
      if Self.spells(shortLetters, in: span) {
        // The shortest span may take a letter from inside a word that the word before it starts with: the
        // word before belongs to the name ("Universally Unique IDentifier (UUID)", not "Unique IDentifier"),
        // unless it is an article.
        if longBeforeShort {
          var from = start
          var initials = Self.initialMatches(shortLetters, in: span)
          while from > 0, words.count - (from - 1) <= limit {
            let longer = Array(words[(from - 1)...])
            guard !Self.articles.contains(longer[0].text.lowercased()),
              longer[0].text.lowercased().unicodeScalars.first == first, Self.spells(shortLetters, in: longer)
            else { break }
            let longerInitials = Self.initialMatches(shortLetters, in: longer)
            guard longerInitials > initials else { break }
            span = longer
            initials = longerInitials
            from -= 1
          }
        }
        let longStart = span[0].start
        let longEnd = span[span.count - 1].end
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[longStart..<longEnd])
        let long = String(view)
        if long.lowercased() == short.text.lowercased() { return nil }
        // A number and its unit is a quantity, not an abbreviation: "200 milliseconds (200ms)", "4 gigabytes (4GB)".
        if let digit = short.text.unicodeScalars.first, ("0"..."9").contains(digit),
          span[0].text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }),
          short.text.hasPrefix(span[0].text)
        {
          return nil
        }
        // A bracketed note that holds the name is an index entry, not an expansion: "ContextVar (class in
        // contextvars)".
        if !longBeforeShort,
          span.contains(where: { word in
            let lower = word.text.lowercased()
            return lower != short.text.lowercased() && lower.contains(short.text.lowercased())
              && !word.text.unicodeScalars.dropFirst().contains(where: { $0.properties.isUppercase })
          })
        {
          return nil
        }
        // An abbreviation is none of the words it stands for, nor a part of one written as an identifier:
        // "return value causes StopIteration(value)" and "module_repr (module)" define nothing.
        let shortKey = short.text.lowercased()
        // (Nor their plural: "language list (LANGUAGES)".)
        let singularKey = shortKey.count > 3 && shortKey.hasSuffix("s") ? String(shortKey.dropLast()) : shortKey
        if span.contains(where: {
          Self.parts(of: $0.text).contains(shortKey) || Self.parts(of: $0.text).contains(singularKey)
        }) {
          return nil
        }
        // Code is no expansion: "textwrap.dedent (text)", "library_option (lib)".
        if span.contains(where: { Self.isIdentifier($0.text) }) { return nil }
        // A lower-case short form is held to its words, in order: each content word gives the next piece of it,
        // starting with the word's initial ("control groups" → c + groups, "network namespace" → net + ns,
        // "return value" → r + v), since its letters alone match ordinary words too ("default is False (data)",
        // "called as super (class)").
        if !short.text.unicodeScalars.contains(where: { $0.properties.isUppercase }) {
          let content = span.map { $0.text.lowercased() }.filter { !Self.functionWords.contains($0) }
          guard Self.isPieced(shortLetters[...], from: content[...]) else { return nil }
        }
        // Every content word of the long form should contribute; reject long forms padded with extra words.
        if span.count > shortLetters.count + 2 { return nil }
        return AcronymPair(
          short: short.text, long: long, longStart: longStart, longEnd: longEnd, shortStart: short.start,
          shortEnd: short.end)
      }
    }
    return nil
  }

  /// Whether `short` is made of one piece per word of `words`, in order: each piece starts with its word's first
  /// letter and takes further letters of that word in order.
  static func isPieced(_ short: ArraySlice<Unicode.Scalar>, from words: ArraySlice<String>) -> Bool {
    guard let word = words.first else { return short.isEmpty }
    let letters = Array(word.unicodeScalars.filter { Tokenizer.isAlphanumeric($0) })
    guard let initial = letters.first, short.first == initial else { return false }
    // Try every length of this word's piece: letters of the word, in order, after its initial.
    var taken = 1
    var position = 1
    while true {
      if isPieced(short.dropFirst(taken), from: words.dropFirst()) { return true }
      guard taken < short.count else { return false }
      let next = short[short.startIndex + taken]
      guard let found = letters[position...].firstIndex(of: next) else { return false }
      position = found + 1
      taken += 1
    }
  }

  /// Whether a token is written as code: letters joined by a dot or an underscore ("textwrap.dedent").
  static func isIdentifier(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 3 else { return false }
    for index in 1..<(scalars.count - 1) where scalars[index] == "." || scalars[index] == "_" {
      // "macaddr8_set7bit" too: a digit may end the part before the underscore, not the dot ("802.1Q").
      let before =
        scalars[index - 1].isAlphabetic || (scalars[index] == "_" && Tokenizer.isAlphanumeric(scalars[index - 1]))
      if before && scalars[index + 1].isAlphabetic { return true }
    }
    return false
  }

  /// The initials of a hyphenated compound's parts ("top-of-stack" → t, o, s), or none for a plain word.
  static func hyphenInitials(_ word: String) -> [Unicode.Scalar] {
    let parts = word.lowercased().split(separator: "-")
    guard parts.count >= 2 else { return [] }
    return parts.compactMap { $0.unicodeScalars.first }
  }

  /// How many of the short form's letters can fall on the start of a word (or of a hyphenated part, or on a
  /// capital inside a word) when it is spelt, in order, from `words`; the first must start the first word.
  ///
  /// Used to choose between spans that both spell the short form: more letters on word starts is the better
  /// reading ("Universally Unique IDentifier" puts three of UUID's four there, "Unique IDentifier" two).
  static func initialMatches(_ short: [Unicode.Scalar], in words: [Token]) -> Int {
    var long: [Unicode.Scalar] = []
    var strong: [Bool] = []
    for (number, word) in words.enumerated() {
      var previous: Unicode.Scalar?
      for scalar in word.text.unicodeScalars {
        let atStart = previous == nil || previous == "-"
        // One scalar per scalar, so that `strong` stays in step ("İ" lowers to two).
        long.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        strong.append(atStart || scalar.properties.isUppercase)
        previous = scalar
      }
      if number < words.count - 1 {
        long.append(" ")
        strong.append(false)
      }
    }
    // best[i][j]: most strong matches spelling short[i...] from long[j...]; nil when impossible.
    let n = short.count
    let m = long.count
    guard n > 0, m > 0 else { return 0 }
    var best = [[Int?]](repeating: [Int?](repeating: nil, count: m + 1), count: n + 1)
    for j in 0...m { best[n][j] = 0 }
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        var value = best[i][j + 1]
        if long[j] == short[i], let rest = best[i + 1][j + 1] {
          let here = rest + (strong[j] ? 1 : 0)
          value = max(value ?? here, here)
        }
        best[i][j] = value
      }
    }
    guard long[0] == short[0], let rest = best[1][1] else { return 0 }
    return rest + 1
  }

  /// The lower-case parts of a word written as one token: split at underscores, dots, hyphens, digits and where a
  /// lower-case letter meets a capital ("OptionParser.add_option" → option, parser, add, option), and the whole.
  static func parts(of word: String) -> Set<String> {
    var parts: Set<String> = [word.lowercased()]
    var current = ""
    var previousLower = false
    for scalar in word.unicodeScalars {
      let isLetter = scalar.properties.isAlphabetic
      if !isLetter || (previousLower && scalar.properties.isUppercase) {
        if !current.isEmpty { parts.insert(current.lowercased()) }
        current = ""
      }
      if isLetter { current.unicodeScalars.append(scalar) }
      previousLower = scalar.properties.isLowercase
    }
    if !current.isEmpty { parts.insert(current.lowercased()) }
    return parts
  }

  /// Schwartz–Hearst: scan the short form from its end, finding each character in the long form from its end;
  /// the short form's first character must begin a word.
  ///
  /// Stricter than the original in one way: every word
  /// of the long form other than a short function word must hold at least one matched character, so a long
  /// form is never padded with words the short form does not stand for.
  static func spells(_ short: [Unicode.Scalar], in words: [Token]) -> Bool {
    let joined = words.map(\.text).joined(separator: " ").lowercased()
    let long = Array(joined.unicodeScalars)
    var wordOf = [Int](repeating: -1, count: long.count)
    var word = 0
    for (position, scalar) in long.enumerated() {
      if scalar == " " { word += 1 } else { wordOf[position] = word }
    }
    var covered = Set<Int>()
    var s = short.count - 1
    var l = long.count - 1
    while s >= 0 {
      let character = short[s]
      while l >= 0 {
        let matches = long[l] == character
        let atWordStart = l == 0 || !Tokenizer.isAlphanumeric(long[l - 1])
        if matches && (s > 0 || atWordStart) { break }
        l -= 1
      }
      if l < 0 { return false }
      covered.insert(wordOf[l])
      l -= 1
      s -= 1
    }
    // Letters may cluster in one word (MQTT takes two t's from "Transport"), so one content word may go
    // uncovered, but no more: a long form is never padded with words the short form does not stand for.
    var uncovered = 0
    for (index, token) in words.enumerated() where !covered.contains(index) {
      if !functionWords.contains(token.text.lowercased()) { uncovered += 1 }
    }
    return uncovered == 0 || (uncovered == 1 && words.count <= short.count && words.count >= 3)
  }

  private static let articles: Set<String> = ["the", "a", "an"]

  private static let functionWords: Set<String> = [
    "of", "the", "a", "an", "and", "for", "to", "in", "on", "as", "with", "by", "&",
  ]

  /// Whether a token could be a short form: 2–10 characters, starts with a letter or digit, has an upper-case letter
  /// (or is a known lower-case shape like `cgroups`), and is not an ordinary lower-case word.
  public static func looksLikeShortForm(_ text: String) -> Bool {
    if text.utf8.contains(UInt8(ascii: "-")), hasWordPart(text) { return false }
    if let ascii = asciiShape(text) { return ascii }
    let scalars = Array(text.unicodeScalars)
    guard (2...10).contains(scalars.count), let first = scalars.first, Tokenizer.isAlphanumeric(first) else {
      return false
    }
    let letters = scalars.filter { $0.properties.isAlphabetic }
    guard !letters.isEmpty else { return false }
    let uppercase = letters.filter { $0.properties.isUppercase }.count
    if uppercase >= 2 || (uppercase == 1 && !first.properties.isUppercase) { return true }
    if uppercase == 1 && scalars.count <= 3 { return true }
    // Lower-case short forms (cgroups, netns) are accepted only when the spelled match is strict; the caller
    // checks that with `spells`. Keep them short.
    return uppercase == 0 && scalars.count <= 8 && !text.utf8.contains(UInt8(ascii: "-"))
  }

  /// Whether a hyphenated token joins an ordinary word: a lower-case part of three letters or more, or a
  /// capitalised word of four or more ("non-Python", "eBPF-based"), unlike "SR-IOV", "k-NN" or "IP-in-IP".
  private static func hasWordPart(_ text: String) -> Bool {
    text.split(separator: "-").contains { part in
      let scalars = Array(part.unicodeScalars)
      guard scalars.allSatisfy(\.properties.isAlphabetic) else { return false }
      let tail = scalars.dropFirst()
      guard tail.allSatisfy(\.properties.isLowercase) else { return false }
      return scalars[0].properties.isLowercase ? scalars.count >= 3 : scalars.count >= 4
    }
  }

  /// `looksLikeShortForm` worked out on the bytes of an ASCII token (most tokens), or nil for other text.
  private static func asciiShape(_ text: String) -> Bool? {
    var count = 0
    var letters = 0
    var uppercase = 0
    var hyphen = false
    var firstIsUppercase = false
    for byte in text.utf8 {
      guard byte < 0x80 else { return nil }
      let isUpper = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      let isLower = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      if count == 0 {
        guard isUpper || isLower || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
        firstIsUppercase = isUpper
      }
      count += 1
      if isUpper || isLower { letters += 1 }
      if isUpper { uppercase += 1 }
      if byte == UInt8(ascii: "-") { hyphen = true }
    }
    guard (2...10).contains(count), letters > 0 else { return false }
    if uppercase >= 2 || (uppercase == 1 && !firstIsUppercase) { return true }
    if uppercase == 1 && count <= 3 { return true }
    return uppercase == 0 && count <= 8 && !hyphen
  }
}
