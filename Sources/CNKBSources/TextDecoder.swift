import Foundation

/// Text decoded from a file's bytes, with what had to be repaired on the way.
public struct DecodedText: Sendable, Hashable {
  /// The text, without a byte order mark.
  public var text: String
  /// The encoding the bytes were read as: `UTF-8`, `UTF-16LE` or `UTF-16BE`.
  public var encoding: String
  /// How many invalid byte sequences were replaced with U+FFFD.
  public var replacements: Int

  /// Creates decoded text.
  public init(text: String, encoding: String, replacements: Int = 0) {
    self.text = text
    self.encoding = encoding
    self.replacements = replacements
  }

  /// Recoverable problems met while decoding, as messages for a report (empty when the bytes were clean).
  public var warnings: [String] {
    guard replacements > 0 else { return [] }
    let noun = replacements == 1 ? "byte sequence" : "byte sequences"
    return ["\(replacements) \(noun) invalid in \(encoding) replaced with U+FFFD"]
  }
}

/// Decodes text files (Markdown, plain text): UTF-8 by default, UTF-16 when a byte order mark says so.
///
/// Invalid bytes never make decoding fail: each invalid sequence becomes U+FFFD and is counted.
public enum TextDecoder {
  /// Decodes bytes, stripping a UTF-8 or UTF-16 byte order mark.
  public static func decode(_ data: Data) -> DecodedText {
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> DecodedText in
      let bytes = raw.bindMemory(to: UInt8.self)
      if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
        return decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2...]), bigEndian: false)
      }
      if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
        return decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2...]), bigEndian: true)
      }
      var body = UnsafeBufferPointer(rebasing: bytes[...])
      if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
        body = UnsafeBufferPointer(rebasing: bytes[3...])
      }
      return decodeUTF8(body)
    }
  }

  /// Decodes UTF-8, replacing and counting invalid sequences.
  ///
  /// The standard library repairs each invalid sequence with one U+FFFD; the repairs are counted as the
  /// U+FFFD characters in the result that were not already in the input (a valid U+FFFD is `EF BF BD`).
  static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedText {
    var text = String(decoding: bytes, as: UTF8.self)
    let replacements = text.withUTF8 { replacementCharacterCount($0) } - replacementCharacterCount(bytes)
    return DecodedText(text: text, encoding: "UTF-8", replacements: max(0, replacements))
  }

  /// How many times the UTF-8 encoding of U+FFFD (`EF BF BD`) occurs in the bytes.
  static func replacementCharacterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    var index = 0
    let end = bytes.count - 2
    while index < end {
      if bytes[index] == 0xEF, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD {
        count += 1
        index += 3
      } else {
        index += 1
      }
    }
    return count
  }

  /// Decodes UTF-16 in the given byte order, replacing and counting invalid sequences (and an odd last byte).
  static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> DecodedText {
    let unitCount = bytes.count / 2
    var units: [UInt16] = []
    units.reserveCapacity(unitCount)
    for index in 0..<unitCount {
      let first = UInt16(bytes[2 * index])
      let second = UInt16(bytes[2 * index + 1])
      units.append(bigEndian ? first << 8 | second : second << 8 | first)
    }
    var scalars = String.UnicodeScalarView()
    var replacements = 0
    var decoder = UTF16()
    var iterator = units.makeIterator()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): scalars.append(scalar)
      case .emptyInput: break loop
      case .error:
        scalars.append("\u{FFFD}")
        replacements += 1
      }
    }
    if bytes.count % 2 == 1 {
      scalars.append("\u{FFFD}")
      replacements += 1
    }
    return DecodedText(
      text: String(scalars), encoding: bigEndian ? "UTF-16BE" : "UTF-16LE", replacements: replacements)
  }
}
