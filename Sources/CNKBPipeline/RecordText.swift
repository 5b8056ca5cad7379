import CNKBConcepts
import Foundation

/// A quick path between partial records and their JSON text, for every kind but `document`.
///
/// A large corpus's partials hold millions of mentions, and Foundation's `JSONEncoder` and `JSONDecoder` spent
/// more time on them than the map spent finding them. This writes the same text straight into bytes (same
/// keys, same order, same escapes), and reads the shapes cnkb writes. Anything it does not read as one of
/// those shapes (a `document` record, an unknown or repeated field, `null`, a number with a fraction, a value
/// out of range, text that is not JSON) it leaves to `JSONDecoder`, which then decides, and words the error
/// when there is one.
enum RecordText {
  // MARK: - Writing

  /// The record as one line of JSON (no newline), or nil for a kind this leaves to `JSONEncoder`.
  static func encode(_ record: Record) -> String? {
    var bytes: [UInt8] = []
    return encode(record, appendingTo: &bytes) ? String(decoding: bytes, as: UTF8.self) : nil
  }

  /// Appends the record as one line of JSON (no newline) to `bytes`; false, with nothing appended, for a kind
  /// this leaves to `JSONEncoder`.
  static func encode(_ record: Record, appendingTo bytes: inout [UInt8]) -> Bool {
    guard record.document == nil, record.copies == nil, record.siblings == nil else { return false }
    var out = JSONBytes()
    swap(&out.bytes, &bytes)
    defer { swap(&out.bytes, &bytes) }
    // Keys in sorted order, as `JSONEncoder` with `.sortedKeys` writes them.
    var comma = false
    func key(_ name: StaticString) {
      if comma { out.byte(UInt8(ascii: ",")) }
      comma = true
      out.raw(name)
    }
    out.byte(UInt8(ascii: "{"))
    if let fingerprints = record.fingerprints {
      key("\"fingerprints\":")
      out.array(fingerprints) { $0.string($1) }
    }
    if let format = record.format {
      key("\"format\":")
      out.string(format)
    }
    key("\"key\":")
    out.string(record.key)
    key("\"kind\":")
    out.string(record.kind)
    if let mentions = record.mentions {
      key("\"mentions\":")
      out.mentionTable(mentions)
    }
    if let roles = record.roles {
      key("\"roles\":")
      out.raw("{\"noun\":")
      out.int(roles.noun)
      out.raw(",\"to\":")
      out.int(roles.to)
      out.raw(",\"verb\":")
      out.int(roles.verb)
      out.byte(UInt8(ascii: "}"))
    }
    if let term = record.term {
      key("\"term\":")
      out.term(term)
    }
    if let uses = record.uses {
      key("\"uses\":")
      out.mentionTable(uses)
    }
    if let version = record.version {
      key("\"version\":")
      out.int(version)
    }
    out.byte(UInt8(ascii: "}"))
    return true
  }

  // MARK: - Reading

  /// The record a line of JSON holds, or nil when the line is not one of the shapes `encode` writes (then
  /// `JSONDecoder` reads it).
  static func decode(_ line: UnsafeRawBufferPointer) -> Record? {
    var reader = JSONCursor(line)
    return try? reader.record()
  }
}

/// JSON text being written, as UTF-8 bytes.
private struct JSONBytes {
  var bytes: [UInt8] = []

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func int(_ value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    let start = bytes.count
    repeat {
      bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    bytes[start...].reverse()
  }

  /// A string, escaped as `JSONEncoder` escapes it with `.withoutEscapingSlashes`.
  mutating func string(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\""): raw("\\\"")
      case UInt8(ascii: "\\"): raw("\\\\")
      case 0x08: raw("\\b")
      case 0x0C: raw("\\f")
      case 0x0A: raw("\\n")
      case 0x0D: raw("\\r")
      case 0x09: raw("\\t")
      case 0..<0x20:
        raw("\\u00")
        let hex: StaticString = "0123456789abcdef"
        hex.withUTF8Buffer { digits in
          bytes.append(digits[Int(byte >> 4)])
          bytes.append(digits[Int(byte & 0x0F)])
        }
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func array<Element>(_ elements: [Element], _ write: (inout JSONBytes, Element) -> Void) {
    bytes.append(UInt8(ascii: "["))
    for (index, element) in elements.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      write(&self, element)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  /// An object of the dictionary's entries, keys in sorted order.
  mutating func object<Value>(_ table: [String: Value], _ write: (inout JSONBytes, Value) -> Void) {
    bytes.append(UInt8(ascii: "{"))
    for (index, entry) in table.sorted(by: { JSONBytes.keyOrder($0.key, $1.key) }).enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      string(entry.key)
      bytes.append(UInt8(ascii: ":"))
      write(&self, entry.value)
    }
    bytes.append(UInt8(ascii: "}"))
  }

  /// The order `JSONEncoder`'s `.sortedKeys` gives keys.
  static func keyOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }

  mutating func mention(_ payload: MentionPayload) {
    bytes.append(UInt8(ascii: "["))
    int(payload.mention.sentence)
    bytes.append(UInt8(ascii: ","))
    int(payload.mention.start)
    bytes.append(UInt8(ascii: ","))
    int(payload.mention.end)
    bytes.append(UInt8(ascii: ","))
    string(payload.mention.surface)
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func mentionTable(_ table: [String: [MentionPayload]]) {
    object(table) { out, list in out.array(list) { $0.mention($1) } }
  }

  mutating func term(_ term: TermPayload) {
    raw("{\"byline\":")
    int(term.byline)
    raw(",\"capitalized\":")
    int(term.capitalized)
    raw(",\"cues\":")
    int(term.cues)
    raw(",\"first\":[")
    string(term.first.document)
    bytes.append(UInt8(ascii: ","))
    int(term.first.start)
    raw("],\"headings\":")
    int(term.headings)
    raw(",\"initial\":")
    int(term.initial)
    raw(",\"linkCues\":")
    int(term.linkCues)
    raw(",\"lowercase\":")
    int(term.lowercase)
    raw(",\"mentions\":")
    mentionTable(term.mentions)
    raw(",\"objects\":")
    int(term.objects)
    raw(",\"running\":")
    object(term.running) { $0.int($1) }
    raw(",\"surfaces\":")
    object(term.surfaces) { $0.int($1) }
    raw(",\"words\":")
    int(term.words)
    bytes.append(UInt8(ascii: "}"))
  }
}

/// Reads the record shapes `RecordText.encode` writes from one line of JSON; throws at the first thing it
/// does not expect.
private struct JSONCursor {
  /// What the cursor met instead of what it expected; the line then goes to `JSONDecoder`.
  struct Unexpected: Error {}

  private let bytes: UnsafeRawBufferPointer
  private var position = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  mutating func record() throws(Unexpected) -> Record {
    var record = Record(kind: "", key: "")
    var seen: [String] = []
    try expect(UInt8(ascii: "{"))
    var first = true
    while let field = try nextKey(&first) {
      // A record has at most five fields: a list is quicker than a set.
      guard !seen.contains(field) else { throw Unexpected() }
      seen.append(field)
      switch field {
      case "kind": record.kind = try string()
      case "key": record.key = try string()
      case "format": record.format = try string()
      case "version": record.version = try int()
      case "fingerprints":
        record.fingerprints = try array { (cursor: inout JSONCursor) throws(Unexpected) in try cursor.string() }
      case "term": record.term = try term()
      case "uses": record.uses = try mentionTable()
      case "mentions": record.mentions = try mentionTable()
      case "roles": record.roles = try roles()
      default: throw Unexpected()
      }
    }
    skipWhitespace()
    guard position == bytes.count, seen.contains("kind"), seen.contains("key") else { throw Unexpected() }
    return record
  }

  private mutating func term() throws(Unexpected) -> TermPayload {
    // The nine counts in the order of `countFields`.
    var counts = [Int?](repeating: nil, count: Self.countFields.count)
    var first: FirstPayload?
    var surfaces: [String: Int]?
    var running: [String: Int]?
    var mentions: [String: [MentionPayload]]?
    try expect(UInt8(ascii: "{"))
    var firstField = true
    while let field = try nextKey(&firstField) {
      if let slot = Self.countFields.firstIndex(of: field) {
        guard counts[slot] == nil else { throw Unexpected() }
        counts[slot] = try int()
        continue
      }
      switch field {
      case "first" where first == nil:
        try expect(UInt8(ascii: "["))
        let document = try string()
        try expect(UInt8(ascii: ","))
        let start = try int()
        try expect(UInt8(ascii: "]"))
        first = FirstPayload(document: document, start: start)
      case "surfaces" where surfaces == nil:
        surfaces = try object { (cursor: inout JSONCursor) throws(Unexpected) in try cursor.int() }
      case "running" where running == nil:
        running = try object { (cursor: inout JSONCursor) throws(Unexpected) in try cursor.int() }
      case "mentions" where mentions == nil: mentions = try mentionTable()
      default: throw Unexpected()
      }
    }
    let found = counts.compactMap { $0 }
    guard let first, let surfaces, let running, let mentions, found.count == Self.countFields.count else {
      throw Unexpected()
    }
    return TermPayload(
      words: found[0], first: first, surfaces: surfaces, running: running, cues: found[1], linkCues: found[2],
      headings: found[3], capitalized: found[4], lowercase: found[5], objects: found[6], initial: found[7],
      byline: found[8], mentions: mentions)
  }

  /// A term's count fields, in the order `term()` hands them to `TermPayload`.
  private static let countFields = [
    "words", "cues", "linkCues", "headings", "capitalized", "lowercase", "objects", "initial", "byline",
  ]

  private mutating func roles() throws(Unexpected) -> RolesPayload {
    let counts = try object { (cursor: inout JSONCursor) throws(Unexpected) in try cursor.int() }
    guard counts.count == 3, let verb = counts["verb"], let to = counts["to"], let noun = counts["noun"],
      verb >= 0, to >= 0, noun >= 0
    else { throw Unexpected() }
    return RolesPayload(verb: verb, to: to, noun: noun)
  }

  private mutating func mentionTable() throws(Unexpected) -> [String: [MentionPayload]] {
    try object { (cursor: inout JSONCursor) throws(Unexpected) in
      try cursor.array { (cursor: inout JSONCursor) throws(Unexpected) in try cursor.mention() }
    }
  }

  /// `[sentence, start, end, text]`, with the checks `MentionPayload`'s decoder makes.
  private mutating func mention() throws(Unexpected) -> MentionPayload {
    try expect(UInt8(ascii: "["))
    let sentence = try int()
    try expect(UInt8(ascii: ","))
    let start = try int()
    try expect(UInt8(ascii: ","))
    let end = try int()
    try expect(UInt8(ascii: ","))
    let surface = try string()
    try expect(UInt8(ascii: "]"))
    guard sentence >= 0, start >= 0, end >= start else { throw Unexpected() }
    return MentionPayload(PartialMention(sentence: sentence, start: start, end: end, surface: surface))
  }

  // MARK: Structure

  private mutating func array<Element>(
    _ element: (inout JSONCursor) throws(Unexpected) -> Element
  ) throws(Unexpected) -> [Element] {
    try expect(UInt8(ascii: "["))
    var elements: [Element] = []
    skipWhitespace()
    if peek == UInt8(ascii: "]") {
      position += 1
      return elements
    }
    while true {
      elements.append(try element(&self))
      skipWhitespace()
      guard let next = peek else { throw Unexpected() }
      position += 1
      if next == UInt8(ascii: "]") { return elements }
      guard next == UInt8(ascii: ",") else { throw Unexpected() }
    }
  }

  private mutating func object<Value>(
    _ value: (inout JSONCursor) throws(Unexpected) -> Value
  ) throws(Unexpected) -> [String: Value] {
    try expect(UInt8(ascii: "{"))
    var table: [String: Value] = [:]
    var first = true
    while let key = try nextKey(&first) {
      guard table.updateValue(try value(&self), forKey: key) == nil else { throw Unexpected() }
    }
    return table
  }

  /// The next key of an object whose `{` has been read, with its `:` read too; nil once the object closes.
  private mutating func nextKey(_ first: inout Bool) throws(Unexpected) -> String? {
    skipWhitespace()
    guard let next = peek else { throw Unexpected() }
    if next == UInt8(ascii: "}") {
      position += 1
      return nil
    }
    if !first {
      guard next == UInt8(ascii: ",") else { throw Unexpected() }
      position += 1
    }
    first = false
    let key = try string()
    try expect(UInt8(ascii: ":"))
    return key
  }

  /// Reads `byte`, after any white space.
  private mutating func expect(_ byte: UInt8) throws(Unexpected) {
    skipWhitespace()
    guard peek == byte else { throw Unexpected() }
    position += 1
  }

  private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  // MARK: Scalars

  /// An integer written plainly: an optional minus and at most 18 digits, no leading zero, no fraction.
  private mutating func int() throws(Unexpected) -> Int {
    skipWhitespace()
    var negative = false
    if peek == UInt8(ascii: "-") {
      negative = true
      position += 1
    }
    let start = position
    var value = 0
    while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
      // Eighteen digits always fit; a nineteenth may not, and is left to JSONDecoder.
      guard position - start < 18 else { throw Unexpected() }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
      position += 1
    }
    let digits = position - start
    guard digits >= 1, digits <= 18, digits == 1 || bytes[start] != UInt8(ascii: "0") else { throw Unexpected() }
    if let next = peek, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
      throw Unexpected()
    }
    return negative ? -value : value
  }

  /// A string; escapes are decoded, and the text must be valid UTF-8 without raw control characters.
  private mutating func string() throws(Unexpected) -> String {
    skipWhitespace()
    guard peek == UInt8(ascii: "\"") else { throw Unexpected() }
    position += 1
    let start = position
    var ascii = true
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        position += 1
        if ascii { return String(decoding: text, as: UTF8.self) }
        guard let valid = String(validating: text, as: UTF8.self) else { throw Unexpected() }
        return valid
      }
      if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
      if byte < 0x20 { throw Unexpected() }
      if byte >= 0x80 { ascii = false }
      position += 1
    }
    throw Unexpected()
  }

  /// The rest of a string that holds escapes, from its first character at `start`.
  private mutating func escapedString(from start: Int) throws(Unexpected) -> String {
    position = start
    var text: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let valid = String(validating: text, as: UTF8.self) else { throw Unexpected() }
        return valid
      case UInt8(ascii: "\\"):
        guard let escape = peek else { throw Unexpected() }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
          var code = try hexQuad()
          if (0xD800..<0xDC00).contains(code) {
            // A high surrogate must be followed by an escaped low one.
            guard peek == UInt8(ascii: "\\") else { throw Unexpected() }
            position += 1
            guard peek == UInt8(ascii: "u") else { throw Unexpected() }
            position += 1
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw Unexpected() }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw Unexpected() }
          text.append(contentsOf: String(Character(scalar)).utf8)
        default: throw Unexpected()
        }
      case 0..<0x20: throw Unexpected()
      default: text.append(byte)
      }
    }
    throw Unexpected()
  }

  private mutating func hexQuad() throws(Unexpected) -> UInt32 {
    guard position + 4 <= bytes.count else { throw Unexpected() }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      position += 1
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw Unexpected()
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }
}
