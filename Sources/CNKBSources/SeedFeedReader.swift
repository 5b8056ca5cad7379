import CNKBModel
import Foundation

/// Reads the founding corpus's format: an Atom feed whose XML tags were lost, usually all on one line.
///
/// The file starts with the feed's header (author, generator, timestamp, site URL…). Each post then starts
/// with its title in `<![CDATA[…]]>`, followed by the post URL, the published and updated timestamps, the
/// author's name and URL and an e-mail placeholder, and then the body HTML up to the next post. A
/// `<![CDATA[` that is not followed by a URL and a timestamp belongs to the body, not to a new post.
public struct SeedFeedReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// Splits the feed into one HTML document per post, in file order.
  ///
  /// - Parameters:
  ///   - data: the file's bytes (UTF-8).
  ///   - origin: the path the bytes were read from (or `-`), recorded in each document and in errors.
  /// - Returns: one document per post: source = post URL, title, date = published, updated, author,
  ///   format `.seedFeed`, content the body HTML (UTF-8).
  /// - Throws: `SourceError.malformedSeedFeed` when no post header can be found.
  public func read(_ data: Data, origin: String) throws(SourceError) -> [SourceDocument] {
    let result: Result<[SourceDocument], SourceError> = data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      let headers = SeedScanner(bytes).postHeaders()
      guard !headers.isEmpty else {
        let reason =
          SeedScanner(bytes).find(SeedScanner.cdataOpen, from: 0) == nil
          ? "no post title (<![CDATA[…]]>) found"
          : "no <![CDATA[…]]> title is followed by a post URL and a timestamp"
        return .failure(.malformedSeedFeed(origin, reason: reason))
      }
      var documents: [SourceDocument] = []
      documents.reserveCapacity(headers.count)
      for (index, header) in headers.enumerated() {
        let bodyEnd = index + 1 < headers.count ? headers[index + 1].start : bytes.count
        let body = SeedScanner(bytes).trimmed(header.bodyStart..<max(header.bodyStart, bodyEnd))
        documents.append(
          SourceDocument(
            source: header.url, origin: origin, title: header.title, date: header.published,
            updated: header.updated, author: header.author, format: .seedFeed,
            content: .html(Data(UnsafeBufferPointer(rebasing: bytes[body])), encoding: "UTF-8")))
      }
      return .success(documents)
    }
    return try result.get()
  }
}

/// A post header found in a seed feed.
struct SeedPostHeader: Equatable {
  /// Byte offset of the `<![CDATA[` that opens the header.
  var start: Int
  /// The title, entities decoded and white space collapsed; nil when empty.
  var title: String?
  /// The post URL, exactly as written.
  var url: String
  /// The published timestamp, exactly as written.
  var published: String
  /// The updated timestamp, when present.
  var updated: String?
  /// The author's name, when present.
  var author: String?
  /// Byte offset where the body starts.
  var bodyStart: Int
}

/// Byte-level scanning of the seed format, shared by the reader and the format sniffer.
struct SeedScanner {
  static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)
  static let cdataClose: [UInt8] = Array("]]>".utf8)
  /// Longest title accepted, in bytes: a longer `<![CDATA[` run is body text.
  static let maximumTitleLength = 2_000
  /// Most words an author name may have.
  static let maximumAuthorWords = 8

  let bytes: UnsafeBufferPointer<UInt8>

  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Every post header, in file order.
  func postHeaders() -> [SeedPostHeader] {
    var headers: [SeedPostHeader] = []
    var position = 0
    while let start = find(Self.cdataOpen, from: position) {
      if let header = header(at: start) {
        headers.append(header)
        position = header.bodyStart
      } else {
        position = start + Self.cdataOpen.count
      }
    }
    return headers
  }

  /// Whether a post header starts within the first `limit` bytes (what the sniffer asks).
  func hasPostHeader(within limit: Int) -> Bool {
    var position = 0
    while let start = find(Self.cdataOpen, from: position), start < limit {
      if header(at: start) != nil { return true }
      position = start + Self.cdataOpen.count
    }
    return false
  }

  /// Reads the post header opening at `start` (a `<![CDATA[`), or nil when what follows is not one.
  func header(at start: Int) -> SeedPostHeader? {
    let titleStart = start + Self.cdataOpen.count
    guard let titleEnd = find(Self.cdataClose, from: titleStart, before: titleStart + Self.maximumTitleLength)
    else { return nil }
    var position = titleEnd + Self.cdataClose.count
    position = skipSpace(from: position)
    guard let (url, afterURL) = token(from: position), Self.isPostURL(url) else { return nil }
    position = skipSpace(from: afterURL)
    guard afterURL < position, let (published, afterPublished) = token(from: position),
      Self.isTimestamp(published)
    else { return nil }
    position = afterPublished
    var updated: String?
    if let (candidate, afterCandidate) = token(from: skipSpace(from: position)), Self.isTimestamp(candidate) {
      updated = candidate
      position = afterCandidate
    }
    let (author, bodyStart) = authorAndBody(from: position)
    let rawTitle = String(decoding: UnsafeBufferPointer(rebasing: bytes[titleStart..<titleEnd]), as: UTF8.self)
    let title = HTMLEntities.collapsingWhiteSpace(HTMLEntities.decode(rawTitle))
    return SeedPostHeader(
      start: start, title: title.isEmpty ? nil : title, url: url, published: published, updated: updated,
      author: author, bodyStart: bodyStart)
  }

  /// Reads the optional author name, author URL and e-mail placeholder after the timestamps.
  ///
  /// Returns the author's name (nil when there is none) and where the body starts.
  func authorAndBody(from start: Int) -> (String?, Int) {
    var words: [String] = []
    var position = skipSpace(from: start)
    var sawAuthorURL = false
    while words.count <= Self.maximumAuthorWords, let (word, next) = token(from: position) {
      if word.hasPrefix("<") { break }
      if word.hasPrefix("http://") || word.hasPrefix("https://") {
        sawAuthorURL = true
        position = skipSpace(from: next)
        break
      }
      if Self.isEmailPlaceholderStart(word) { break }
      words.append(word)
      position = skipSpace(from: next)
    }
    if !sawAuthorURL && words.count > Self.maximumAuthorWords {
      // Not a name: the body starts right after the timestamps.
      return (nil, skipSpace(from: start))
    }
    // The e-mail placeholder (Cloudflare's "[email protected]") or an address.
    if let (word, next) = token(from: position) {
      if word == "[email", let (second, afterSecond) = token(from: skipSpace(from: next)), second == "protected]" {
        position = skipSpace(from: afterSecond)
      } else if word == "[email\u{A0}protected]" || (word.contains("@") && !word.contains("<")) {
        position = skipSpace(from: next)
      }
    }
    let name = words.joined(separator: " ")
    return (name.isEmpty ? nil : HTMLEntities.decode(name), position)
  }

  /// Whether a word starts Cloudflare's e-mail placeholder.
  static func isEmailPlaceholderStart(_ word: String) -> Bool {
    word.hasPrefix("[email")
  }

  /// Whether a token is an absolute http(s) URL.
  static func isPostURL(_ token: String) -> Bool {
    (token.hasPrefix("https://") || token.hasPrefix("http://")) && token.utf8.count > 10
      && !token.contains("<") && !token.contains("\"")
  }

  /// Whether a token is an ISO 8601 date or date-time (`2019-10-04T05:10:15-05:00`, `2019-10-04`).
  static func isTimestamp(_ token: String) -> Bool {
    let scalars = Array(token.utf8)
    func digits(_ range: Range<Int>) -> Bool {
      range.upperBound <= scalars.count && range.allSatisfy { (48...57).contains(scalars[$0]) }
    }
    func byte(_ index: Int, _ value: Character) -> Bool {
      index < scalars.count && scalars[index] == value.asciiValue
    }
    guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10) else { return false }
    var index = 10
    if index == scalars.count { return true }
    guard byte(index, "T") || byte(index, "t"), digits(11..<13), byte(13, ":"), digits(14..<16) else {
      return false
    }
    index = 16
    if byte(index, ":") {
      guard digits(17..<19) else { return false }
      index = 19
      if byte(index, ".") {
        index += 1
        let fractionStart = index
        while index < scalars.count, (48...57).contains(scalars[index]) { index += 1 }
        guard index > fractionStart else { return false }
      }
    }
    if index == scalars.count { return true }
    if byte(index, "Z") || byte(index, "z") { return index + 1 == scalars.count }
    guard byte(index, "+") || byte(index, "-"), digits(index + 1..<index + 3) else { return false }
    index += 3
    if index == scalars.count { return true }
    if byte(index, ":") { index += 1 }
    return digits(index..<index + 2) && index + 2 == scalars.count
  }

  /// The run of non-space bytes starting at `start`, decoded, and where it ends; nil at the end or at space.
  func token(from start: Int) -> (String, Int)? {
    var end = start
    while end < bytes.count, !isSpace(at: end), end - start < Self.maximumTitleLength { end += 1 }
    guard end > start else { return nil }
    return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), end)
  }

  /// Skips ASCII white space.
  func skipSpace(from start: Int) -> Int {
    var position = start
    while position < bytes.count, isSpace(at: position) { position += 1 }
    return position
  }

  /// Whether the byte at `index` is ASCII white space.
  func isSpace(at index: Int) -> Bool {
    switch bytes[index] {
    case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B: true
    default: false
    }
  }

  /// The range left after trimming ASCII white space from both ends.
  func trimmed(_ range: Range<Int>) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper, isSpace(at: lower) { lower += 1 }
    while upper > lower, isSpace(at: upper - 1) { upper -= 1 }
    return lower..<upper
  }

  /// The offset of the first occurrence of `needle` at or after `start` (and starting before `limit`).
  func find(_ needle: [UInt8], from start: Int, before limit: Int = Int.max) -> Int? {
    guard let first = needle.first else { return nil }
    let last = min(bytes.count - needle.count, limit - 1)
    var index = start
    while index <= last {
      if bytes[index] == first {
        var matched = true
        for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
          matched = false
          break
        }
        if matched { return index }
      }
      index += 1
    }
    return nil
  }
}
