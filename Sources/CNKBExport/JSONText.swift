/// JSON text as Foundation's `JSONEncoder` writes it with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`, for exports written a piece at a time.
///
/// Two spaces per level, `"key" : value`, keys in order, an empty array or object with an empty line between
/// its brackets. The large exports (graph.json, glossary.json, the Hugo data) are written with it rather than
/// by the encoder, which would hold a whole export as a tree and is several times slower; tests hold its text
/// beside the encoder's for the same values, byte for byte.
package enum JSONText {
  /// A value to write.
  package indirect enum Value {
    case string(String)
    case number(Double)
    case integer(Int)
    case null
    case array([Value])
    /// Members in the order given: the caller sorts the keys.
    case object([(key: String, value: Value)])

    /// A string, or null when there is none.
    package static func string(_ text: String?) -> Value { text.map { .string($0) } ?? .null }
  }

  /// Writes `value` into `out` as it reads `indent` spaces deep: every line after the first indented by it.
  package static func write(_ value: Value, indent: Int, to out: inout some TextOutputStream) {
    switch value {
    case .string(let text): writeString(text, to: &out)
    case .number(let number): out.write(Self.number(number))
    case .integer(let number): out.write(String(number))
    case .null: out.write("null")
    case .array(let elements):
      writeMembers(elements, open: "[", close: "]", indent: indent, to: &out) { element, out in
        write(element, indent: indent + 2, to: &out)
      }
    case .object(let members):
      writeMembers(members, open: "{", close: "}", indent: indent, to: &out) { member, out in
        writeString(member.key, to: &out)
        out.write(" : ")
        write(member.value, indent: indent + 2, to: &out)
      }
    }
  }

  /// The brackets of an array or object at `indent` spaces, its members two spaces further in, one per line.
  package static func writeMembers<Member, Stream: TextOutputStream>(
    _ members: [Member], open: String, close: String, indent: Int, to out: inout Stream,
    member: (Member, inout Stream) -> Void
  ) {
    let inner = String(repeating: " ", count: indent + 2)
    out.write(members.isEmpty ? open + "\n" : open)
    for (index, value) in members.enumerated() {
      out.write(index > 0 ? ",\n" : "\n")
      out.write(inner)
      member(value, &out)
    }
    out.write("\n" + String(repeating: " ", count: indent) + close)
  }

  /// A number as `JSONEncoder` writes it: the shortest round-trip form, without a trailing `.0`.
  package static func number(_ value: Double) -> String {
    let text = value.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  /// A JSON string: quotes, backslashes and control characters escaped (`\n`, `\t`, …, else `\u00XX`),
  /// everything else, slashes and non-ASCII included, as it is.
  package static func writeString(_ value: String, to out: inout some TextOutputStream) {
    let plain = everyByte(of: value) { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    guard !plain else {
      out.write("\"")
      out.write(value)
      out.write("\"")
      return
    }
    var escaped = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\u{08}": escaped += "\\b"
      case "\u{0C}": escaped += "\\f"
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    out.write(escaped + "\"")
  }
}

/// Whether every UTF-8 byte of `text` satisfies `test`, read as one buffer: the check the writers make before
/// escaping, on every string of a large export, and several times quicker than through `String.UTF8View`
/// (it was half the time graph.json's strings took to write).
func everyByte(of text: String, _ test: (UInt8) -> Bool) -> Bool {
  var text = text
  return text.withUTF8 { $0.allSatisfy(test) }
}
