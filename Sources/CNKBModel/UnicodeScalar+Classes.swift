extension Unicode.Scalar {
  /// Unicode's Alphabetic property, answered for ASCII without the property tables: the loops that walk every
  /// scalar of a corpus (tokenizing, matching relation patterns) spend much of their time on this question.
  @inlinable public var isAlphabetic: Bool {
    if isASCII { return ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    return properties.isAlphabetic
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
