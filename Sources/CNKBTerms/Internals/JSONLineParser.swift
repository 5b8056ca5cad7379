/// A JSON value read from one line of a JSON Lines file; object fields keep their order.
enum JSONValue: Equatable {
  case object([JSONField])
  case array([JSONValue])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// The kind, with an article, for messages: `a string`, `an array`.
  var kindName: String {
    switch self {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .number: "a number"
    case .bool(let value): value ? "true" : "false"
    case .null: "null"
    }
  }
}

/// One `"key": value` pair of a JSON object.
struct JSONField: Equatable {
  var key: String
  var value: JSONValue
}

/// A small strict JSON parser for one line, with messages that say where and what went wrong.
///
/// Foundation's parsers word their errors differently on each platform; this one gives the same
/// `column N: reason` everywhere, so lexicon errors can be tested to the letter. Nesting is limited to
/// `maximumDepth` levels, so no input can make it recurse deeply.
struct JSONLineParser {
  /// Why a line is not JSON, and where (1-based column, in Unicode scalars).
  struct Failure: Error, Equatable {
    var column: Int
    var reason: String
  }

  static let maximumDepth = 16

  private let bytes: [UInt8]
  private var index = 0

  private init(_ text: String) { bytes = Array(text.utf8) }

  /// Parses one complete JSON value; only white space may surround it.
  static func parse(_ text: String) throws(Failure) -> JSONValue {
    var parser = JSONLineParser(text)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    if parser.index < parser.bytes.count {
      throw parser.failure("unexpected \(parser.found()) after the end of the value")
    }
    return value
  }

  // MARK: - Grammar

  private mutating func value(depth: Int) throws(Failure) -> JSONValue {
    guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
    guard index < bytes.count else { throw failure("expected a value, found \(found())") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default:
      for (word, result) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)]
      where matches(word) {
        index += word.utf8.count
        return result
      }
      throw failure("expected a value, found \(found())")
    }
  }

  private mutating func object(depth: Int) throws(Failure) -> JSONValue {
    index += 1  // {
    var fields: [JSONField] = []
    skipWhitespace()
    if peek(is: "}") {
      index += 1
      return .object(fields)
    }
    while true {
      skipWhitespace()
      guard peek(is: "\"") else { throw failure("expected a field name in double quotes, found \(found())") }
      let key = try string()
      skipWhitespace()
      guard peek(is: ":") else { throw failure("expected ':' after the field name \"\(key)\", found \(found())") }
      index += 1
      skipWhitespace()
      fields.append(JSONField(key: key, value: try value(depth: depth + 1)))
      skipWhitespace()
      if peek(is: ",") {
        index += 1
      } else if peek(is: "}") {
        index += 1
        return .object(fields)
      } else {
        throw failure("expected ',' or '}' after the value of \"\(key)\", found \(found())")
      }
    }
  }

  private mutating func array(depth: Int) throws(Failure) -> JSONValue {
    index += 1  // [
    var elements: [JSONValue] = []
    skipWhitespace()
    if peek(is: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try value(depth: depth + 1))
      skipWhitespace()
      if peek(is: ",") {
        index += 1
      } else if peek(is: "]") {
        index += 1
        return .array(elements)
      } else {
        throw failure("expected ',' or ']' after an array element, found \(found())")
      }
    }
  }

  private mutating func string() throws(Failure) -> String {
    let start = index
    index += 1  // "
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flush(_ end: Int) {
      scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        flush(index)
        index += 1
        return String(scalars)
      }
      if byte < 0x20 { throw failure("control character in a string (write it as an escape such as \\t)") }
      if byte == UInt8(ascii: "\\") {
        flush(index)
        scalars.append(try escape())
        runStart = index
        continue
      }
      index += 1
    }
    index = start
    throw failure("unterminated string (a closing \" is missing)")
  }

  /// Reads the escape at `index` (which points at the backslash) and moves past it.
  private mutating func escape() throws(Failure) -> Unicode.Scalar {
    guard index + 1 < bytes.count else { throw failure("unterminated string (a closing \" is missing)") }
    let code = bytes[index + 1]
    let simple: [UInt8: Unicode.Scalar] = [
      UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{08}",
      UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
    ]
    if let scalar = simple[code] {
      index += 2
      return scalar
    }
    guard code == UInt8(ascii: "u") else {
      throw failure("invalid escape '\\\(String(decoding: [code], as: UTF8.self))' in a string")
    }
    let first = try hexQuad(at: index + 2)
    index += 6
    if (0xD800..<0xDC00).contains(first) {
      // A high surrogate must be followed by an escaped low surrogate.
      guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
        throw failure("unpaired surrogate in a \\u escape")
      }
      let second = try hexQuad(at: index + 2)
      guard (0xDC00..<0xE000).contains(second),
        let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
      else { throw failure("unpaired surrogate in a \\u escape") }
      index += 6
      return scalar
    }
    guard let scalar = Unicode.Scalar(first) else { throw failure("unpaired surrogate in a \\u escape") }
    return scalar
  }

  private func hexQuad(at position: Int) throws(Failure) -> UInt32 {
    var value: UInt32 = 0
    for offset in 0..<4 {
      guard position + offset < bytes.count, let digit = Self.hexValue(bytes[position + offset]) else {
        throw failure("invalid \\u escape (it needs four hexadecimal digits)")
      }
      value = value << 4 | digit
    }
    return value
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  private mutating func number() throws(Failure) -> String {
    let start = index
    func digits() -> Int {
      var count = 0
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        index += 1
        count += 1
      }
      return count
    }
    if peek(is: "-") { index += 1 }
    let leadingZero = peek(is: "0")
    let integerDigits = digits()
    var valid = integerDigits > 0 && !(leadingZero && integerDigits > 1)
    if valid, peek(is: ".") {
      index += 1
      valid = digits() > 0
    }
    if valid, peek(is: "e") || peek(is: "E") {
      index += 1
      if peek(is: "+") || peek(is: "-") { index += 1 }
      valid = digits() > 0
    }
    guard valid else {
      index = start
      throw failure("invalid number")
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  // MARK: - Helpers

  private mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private func peek(is character: Unicode.Scalar) -> Bool {
    index < bytes.count && bytes[index] == UInt8(truncatingIfNeeded: character.value)
  }

  private func matches(_ word: String) -> Bool {
    let utf8 = Array(word.utf8)
    guard index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 else { return false }
    let next = index + utf8.count
    return next == bytes.count || !Self.isWordByte(bytes[next])
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
  }

  /// What sits at `index`, for messages: `'x'`, a whole word such as `'not'`, or `the end of the line`.
  private func found() -> String {
    guard index < bytes.count else { return "the end of the line" }
    var end = index + 1
    if Self.isWordByte(bytes[index]) {
      while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
    } else {
      // One whole character: skip UTF-8 continuation bytes.
      while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
    }
    return "'\(String(decoding: bytes[index..<end], as: UTF8.self))'"
  }

  private func failure(_ reason: String) -> Failure {
    let column = String(decoding: bytes[..<min(index, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
    return Failure(column: column, reason: reason)
  }
}
