/// A coordinated list of short noun phrases introduced by a trigger: "The native drivers are none, bridge,
/// overlay and MACvlan", "projects such as Kuryr, OVN and Weave", "CNM constructs are options and labels".
public struct Enumeration: Sendable, Hashable {
  /// The token of the word just before the trigger ("drivers" in "drivers are"), when it is a word.
  public var head: Int?
  /// The trigger as written in lower case ("are", "such as", "include", ":").
  public var trigger: String
  /// Each member as a half-open range of token indices, in order.
  public var items: [Range<Int>]

  /// Creates an enumeration.
  public init(head: Int?, trigger: String, items: [Range<Int>]) {
    self.head = head
    self.trigger = trigger
    self.items = items
  }
}

/// Finds coordinated lists in a tokenised sentence.
///
/// A list needs a trigger to fix where its first member starts (a copula, "include", "such as", "like",
/// "namely", a colon), members of one to three words separated by commas, and a final "and" or "or". A member
/// is made of words that are not stop words, except that a member of a single stop word is kept where a comma
/// follows it ("are none, bridge, …"): in a list, that is a name. Prose such as "add and remove container
/// interfaces" has no trigger and is not taken for a list.
public struct EnumerationFinder: Sendable {
  private let isStopword: @Sendable (String) -> Bool

  /// Creates a finder; `isStopword` receives lower-case words.
  public init(isStopword: @escaping @Sendable (String) -> Bool) {
    self.isStopword = isStopword
  }

  static let singleTriggers: Set<String> = ["are", "include", "includes", "including", "like", "namely", "were"]
  /// Words that close a list without naming a member ("and others", "or more").
  static let closers: Set<String> = ["others", "other", "more", "etc", "so", "many", "all", "both", "each", "any"]
  static let maximumItemWords = 3

  /// The lists in `tokens`, left to right.
  public func enumerations(in tokens: [Token]) -> [Enumeration] {
    var found: [Enumeration] = []
    var index = 0
    while index < tokens.count {
      guard let (trigger, next) = trigger(at: index, tokens) else {
        index += 1
        continue
      }
      var head: Int?
      let before = index - 1
      if before >= 0, tokens[before].kind == .word, !isStopword(tokens[before].text.lowercased()) {
        head = before
      }
      if let items = list(from: next, tokens), let last = items.last, items.count >= 2 {
        found.append(Enumeration(head: head, trigger: trigger, items: items))
        index = last.upperBound
      } else {
        index = next
      }
    }
    return found
  }

  /// The trigger that starts at `index` and the index after it.
  private func trigger(at index: Int, _ tokens: [Token]) -> (String, Int)? {
    let token = tokens[index]
    if token.kind == .punctuation && token.text == ":" { return (":", index + 1) }
    guard token.kind == .word else { return nil }
    let lower = token.text.lowercased()
    if lower == "such", index + 1 < tokens.count, tokens[index + 1].text.lowercased() == "as" {
      return ("such as", index + 2)
    }
    if Self.singleTriggers.contains(lower) { return (lower, index + 1) }
    return nil
  }

  /// The members of a list that starts at `start`, or nil when no list starts there.
  private func list(from start: Int, _ tokens: [Token]) -> [Range<Int>]? {
    var items: [Range<Int>] = []
    var position = start
    // A leading article belongs to no member.
    if position < tokens.count, ["the", "a", "an"].contains(tokens[position].text.lowercased()) { position += 1 }
    var closedByConjunction = false
    while position < tokens.count {
      guard let item = member(from: position, tokens) else { break }
      items.append(item)
      position = item.upperBound
      // A parenthesised aside belongs to the member before it: "Open Virtual Networking (OVN), …".
      if position < tokens.count, tokens[position].text == "(",
        let close = tokens[position...].prefix(10).firstIndex(where: { $0.text == ")" })
      {
        position = close + 1
      }
      if closedByConjunction { break }
      // Separator: "," | "and" | "or" | ", and" | ", or".
      var sawComma = false
      if position < tokens.count, tokens[position].text == "," {
        sawComma = true
        position += 1
      }
      if position < tokens.count, ["and", "or"].contains(tokens[position].text.lowercased()) {
        closedByConjunction = true
        position += 1
        continue
      }
      if !sawComma { break }
    }
    guard closedByConjunction, items.count >= 2 else { return nil }
    // "… and others" names no member.
    if let last = items.last, last.count == 1, Self.closers.contains(tokens[last.lowerBound].text.lowercased()) {
      items.removeLast()
    }
    return items.count >= 2 ? items : nil
  }

  /// One member: up to three words with no stop word, or a lone stop word followed by a comma.
  private func member(from start: Int, _ tokens: [Token]) -> Range<Int>? {
    guard start < tokens.count, tokens[start].isWordLike else { return nil }
    let firstLower = tokens[start].text.lowercased()
    if isStopword(firstLower) {
      guard !["and", "or", "the", "a", "an"].contains(firstLower), start + 1 < tokens.count,
        tokens[start + 1].text == ","
      else { return nil }
      return start..<(start + 1)
    }
    var end = start
    while end < tokens.count, end - start < Self.maximumItemWords, tokens[end].isWordLike,
      !isStopword(tokens[end].text.lowercased())
    {
      end += 1
    }
    // A member must end where the list goes on or stops: at a comma, a conjunction or the clause's end.
    if end < tokens.count, tokens[end].isWordLike, !["and", "or"].contains(tokens[end].text.lowercased()) {
      if !isStopword(tokens[end].text.lowercased()) { return nil }
    }
    return start..<end
  }
}
