import CNKBModel
import Crypto
import Foundation

/// The digest stored with a concept or relation row: a SHA-256 of everything the store writes for it (its
/// columns, and its aliases, lookup keys and mentions, or its evidence).
///
/// A rebuild compares digests to rewrite only the rows whose content changed. Rows are also rewritten when
/// some of theirs went missing since (a replaced document takes its mentions and evidence with it), which the
/// digest cannot see: `KnowledgeStore.replaceGraph` counts those.
struct GraphRowDigest: Hashable {
  /// The first sixteen bytes of the SHA-256, as two numbers: compared without allocating.
  var high: UInt64
  var low: UInt64

  /// The digest as stored: sixteen bytes, high number first, each big-endian.
  var data: Data {
    var bytes = Data(capacity: 16)
    withUnsafeBytes(of: high.bigEndian) { bytes.append(contentsOf: $0) }
    withUnsafeBytes(of: low.bigEndian) { bytes.append(contentsOf: $0) }
    return bytes
  }

  /// The digest stored as `data`; nil for anything else (a row stored before digests were kept has none).
  init?(_ data: Data?) {
    guard let data, data.count == 16 else { return nil }
    let bytes = [UInt8](data)
    self.init(bytes)
  }

  private init(_ bytes: [UInt8]) {
    high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
    low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// Fields fed one after another, each length-prefixed, so no two different rows serialise to the same bytes.
  private struct Feed {
    var hasher = SHA256()

    mutating func add(_ text: String?) {
      guard let text else {
        add(-1)
        return
      }
      var utf8 = text
      utf8.withUTF8 { bytes in
        add(bytes.count)
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
      }
    }

    mutating func add(_ number: Int) {
      withUnsafeBytes(of: Int64(number).littleEndian) { hasher.update(bufferPointer: $0) }
    }

    mutating func add(_ number: Double) {
      withUnsafeBytes(of: number.bitPattern.littleEndian) { hasher.update(bufferPointer: $0) }
    }

    func finish() -> GraphRowDigest { GraphRowDigest(Array(hasher.finalize())) }
  }

  /// The digest of a concept row with its aliases, lookup keys and mentions, as `replaceGraph` writes them.
  static func of(_ concept: Concept, surfaceKeys: [String]) -> GraphRowDigest {
    var feed = Feed()
    feed.add(concept.id.rawValue)
    feed.add(concept.label)
    feed.add(concept.abbreviation)
    feed.add(concept.category)
    feed.add(concept.origin.rawValue)
    feed.add(concept.score)
    feed.add(concept.mentionCount)
    feed.add(concept.definition?.text)
    feed.add(concept.definition?.document)
    feed.add(concept.definition?.kind)
    feed.add(concept.description)
    feed.add(concept.aliases.count)
    for alias in concept.aliases { feed.add(alias) }
    feed.add(surfaceKeys.count)
    for key in surfaceKeys { feed.add(key) }
    feed.add(concept.mentions.count)
    for mention in concept.mentions {
      feed.add(mention.document)
      feed.add(mention.sentence)
      feed.add(mention.start)
      feed.add(mention.end)
      feed.add(mention.surface)
    }
    return feed.finish()
  }

  /// The digest of a relation row with its evidence, as `replaceGraph` writes them.
  static func of(_ relation: Relation) -> GraphRowDigest {
    var feed = Feed()
    feed.add(relation.source.rawValue)
    feed.add(relation.target.rawValue)
    feed.add(relation.type)
    feed.add(relation.weight)
    feed.add(relation.evidence.count)
    for evidence in relation.evidence {
      // Evidence is stored as the sentence that starts at this offset of the document.
      feed.add(evidence.document)
      feed.add(evidence.start)
    }
    return feed.finish()
  }
}
