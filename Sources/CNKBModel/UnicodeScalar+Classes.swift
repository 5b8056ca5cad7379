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
}
