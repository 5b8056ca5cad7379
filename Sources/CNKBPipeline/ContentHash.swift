import CNKBModel
import Crypto
import Foundation

/// Computes the hash that decides whether a stored document must be converted again.
///
/// It covers the raw content, the metadata that ends up stored, and `ContentHash.converterVersion`, so a
/// change to the conversion rules makes the next ingest refresh every document once.
enum ContentHash {
  /// Bump when the conversion or sentence rules change in a way that alters stored text.
  static let converterVersion = "cnkb-text-6"

  /// The hex SHA-256 of a source document.
  static func of(_ document: SourceDocument) -> String {
    var hasher = SHA256()
    func add(_ field: String?) {
      // Length-prefixed fields, so no two different documents serialise to the same bytes.
      let bytes = Array((field ?? "\u{0}nil").utf8)
      withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: bytes)
    }
    add(converterVersion)
    add(document.source)
    add(document.format.rawValue)
    add(document.title)
    add(document.date)
    switch document.content {
    case .html(let data, let encoding):
      add("html")
      add(encoding)
      withUnsafeBytes(of: UInt64(data.count).littleEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: data)
    case .plainText(let text):
      add("text")
      add(text)
    }
    return hasher.finalize().map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
