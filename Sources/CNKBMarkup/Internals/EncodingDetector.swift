import Foundation

/// Detects a page's character encoding and transcodes it to UTF-8, replacing invalid bytes.
enum EncodingDetector {
  /// The result of decoding: UTF-8 bytes and what was noticed.
  struct Decoded {
    var utf8: [UInt8]
    var encoding: String
    var warnings: [String]
  }

  /// Decodes `data` using, in order: a byte-order mark, the `declared` encoding, a `<meta charset>` or
  /// XML declaration in the first 4 KB, else UTF-8.
  static func decode(_ data: Data, declared: String?) -> Decoded {
    let bytes = [UInt8](data)
    var warnings: [String] = []
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      return utf8(Array(bytes.dropFirst(3)), label: "utf-8", warnings: &warnings)
    }
    if bytes.starts(with: [0xFF, 0xFE]) { return utf16(Array(bytes.dropFirst(2)), littleEndian: true) }
    if bytes.starts(with: [0xFE, 0xFF]) { return utf16(Array(bytes.dropFirst(2)), littleEndian: false) }

    let label = (declared ?? sniffDeclaration(bytes))?.lowercased() ?? "utf-8"
    switch label {
    case "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8":
      return utf8(bytes, label: "utf-8", warnings: &warnings)
    case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1", "windows-1252", "cp1252", "x-cp1252", "iso-8859-15":
      // Pages often declare Latin-1 and are really UTF-8: trust the bytes when they are valid UTF-8.
      if bytes.contains(where: { $0 >= 0x80 }), String(validatingCString: bytes) {
        warnings.append("declared \(label) but the content is valid UTF-8; read as UTF-8")
        return Decoded(utf8: bytes, encoding: "utf-8", warnings: warnings)
      }
      return singleByte(bytes, windows: label.contains("1252"), label: label)
    case "utf-16", "utf-16le":
      return utf16(bytes, littleEndian: true)
    case "utf-16be":
      return utf16(bytes, littleEndian: false)
    default:
      warnings.append("unsupported encoding '\(label)'; read as UTF-8")
      return utf8(bytes, label: "utf-8", warnings: &warnings)
    }
  }

  private static func String(validatingCString bytes: [UInt8]) -> Bool {
    Swift.String(validating: bytes, as: UTF8.self) != nil
  }

  private static func utf8(_ bytes: [UInt8], label: String, warnings: inout [String]) -> Decoded {
    if Swift.String(validating: bytes, as: UTF8.self) != nil {
      return Decoded(utf8: bytes, encoding: label, warnings: warnings)
    }
    // Replace each invalid sequence with U+FFFD and say how many there were.
    var replaced = 0
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        output.append(contentsOf: Array(Swift.String(scalar).utf8))
      case .emptyInput:
        break loop
      case .error:
        replaced += 1
        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
      }
    }
    warnings.append("\(replaced) invalid UTF-8 byte sequence\(replaced == 1 ? "" : "s") replaced with U+FFFD")
    return Decoded(utf8: output, encoding: label, warnings: warnings)
  }

  private static func utf16(_ bytes: [UInt8], littleEndian: Bool) -> Decoded {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = 0
    while index + 1 < bytes.count {
      let pair =
        littleEndian
        ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
        : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
      units.append(pair)
      index += 2
    }
    let text = Swift.String(decoding: units, as: UTF16.self)
    var warnings: [String] = []
    // Each unpaired surrogate became one U+FFFD: count those that were not in the input already.
    let replaced = text.unicodeScalars.count { $0 == "\u{FFFD}" } - units.count { $0 == 0xFFFD }
    if replaced > 0 {
      warnings.append("\(replaced) invalid UTF-16 code unit\(replaced == 1 ? "" : "s") replaced with U+FFFD")
    }
    if bytes.count % 2 == 1 { warnings.append("odd trailing byte in UTF-16 input dropped") }
    return Decoded(utf8: Array(text.utf8), encoding: littleEndian ? "utf-16le" : "utf-16be", warnings: warnings)
  }

  /// Windows-1252's 0x80–0x9F range; other bytes map to the same code point as Latin-1.
  private static let windows1252: [UInt32] = [
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
    0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0xFFFD, 0x017E, 0x0178,
  ]

  private static func singleByte(_ bytes: [UInt8], windows: Bool, label: String) -> Decoded {
    var scalars = Swift.String.UnicodeScalarView()
    for byte in bytes {
      let value = windows && (0x80...0x9F).contains(byte) ? windows1252[Int(byte - 0x80)] : UInt32(byte)
      scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
    }
    return Decoded(utf8: Array(Swift.String(scalars).utf8), encoding: label, warnings: [])
  }

  /// The encoding named by a `<meta charset>`, `<meta http-equiv content="…charset=…">` or an XML
  /// declaration in the first 4 KB.
  static func sniffDeclaration(_ bytes: [UInt8]) -> String? {
    let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    for marker in [Array("charset".utf8), Array("encoding".utf8)] {
      var index = 0
      while let found = find(marker, in: head, from: index) {
        var position = found + marker.count
        while position < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[position]) { position += 1 }
        guard position < head.count, head[position] == UInt8(ascii: "=") else {
          index = found + 1
          continue
        }
        position += 1
        while position < head.count, [0x20, 0x09, 0x22, 0x27].contains(head[position]) { position += 1 }
        var end = position
        while end < head.count,
          (0x30...0x39).contains(head[end]) || (0x61...0x7A).contains(head[end]) || head[end] == 0x2D
            || head[end] == 0x5F
        {
          end += 1
        }
        if end > position { return Swift.String(decoding: head[position..<end], as: UTF8.self) }
        index = found + 1
      }
    }
    return nil
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
    var index = start
    while index <= haystack.count - needle.count {
      if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle { return index }
      index += 1
    }
    return nil
  }
}
