extension Unicode.Scalar {
  /// Unicode's Alphabetic property, answered for ASCII without the property tables: the loops that walk every
  /// scalar of a corpus (tokenizing, matching relation patterns) spend much of their time on this question.
  @inlinable public var isAlphabetic: Bool {
    if isASCII { return ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    return properties.isAlphabetic
  }

  /// Unicode's Uppercase property, answered for ASCII (exactly A to Z) without the property tables: collecting
  /// asks it of every short-form token and every token's first letter.
  @inlinable public var isUppercase: Bool {
    if isASCII { return ("A"..."Z").contains(self) }
    return properties.isUppercase
  }

  /// Unicode's White_Space property, answered for ASCII (tab to carriage return, and the space) without the
  /// property tables.
  @inlinable public var isWhitespace: Bool {
    if isASCII { return self == " " || ("\t"..."\r").contains(self) }
    return properties.isWhitespace
  }

  /// Unicode's general category Cc (control), from the value alone: by Unicode's stability policy the
  /// category holds exactly U+0000–U+001F and U+007F–U+009F, so the export escapers need no property tables.
  @inlinable public var isControl: Bool {
    value < 0x20 || (0x7F...0x9F).contains(value)
  }
}

extension String {
  /// The string of `scalars`, encoded straight into the string's UTF-8 storage.
  ///
  /// The same string as `String(String.UnicodeScalarView(scalars))`, which appends one scalar at a time: cutting
  /// tokens, mentions and sentences out of scalar arrays does this millions of times for a large corpus.
  @inlinable public init(scalars: some Collection<Unicode.Scalar>) {
    var byteCount = 0
    for scalar in scalars { byteCount += UTF8.width(scalar) }
    self.init(unsafeUninitializedCapacity: byteCount) { bytes in
      var at = 0
      for scalar in scalars {
        let value = scalar.value
        switch value {
        case ..<0x80:
          bytes[at] = UInt8(value)
          at += 1
        case ..<0x800:
          bytes[at] = UInt8(0xC0 | value >> 6)
          bytes[at + 1] = UInt8(0x80 | value & 0x3F)
          at += 2
        case ..<0x1_0000:
          bytes[at] = UInt8(0xE0 | value >> 12)
          bytes[at + 1] = UInt8(0x80 | value >> 6 & 0x3F)
          bytes[at + 2] = UInt8(0x80 | value & 0x3F)
          at += 3
        default:
          bytes[at] = UInt8(0xF0 | value >> 18)
          bytes[at + 1] = UInt8(0x80 | value >> 12 & 0x3F)
          bytes[at + 2] = UInt8(0x80 | value >> 6 & 0x3F)
          bytes[at + 3] = UInt8(0x80 | value & 0x3F)
          at += 4
        }
      }
      return at
    }
  }
}
