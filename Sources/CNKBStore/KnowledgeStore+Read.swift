import CNKBModel
import Foundation
internal import GRDB

extension KnowledgeStore {
  /// The content hash stored for `source`, or nil when no document has this source.
  public func storedHash(forSource source: String) throws(StoreError) -> String? {
    try read { db in
      try String.fetchOne(
        db.cachedStatement(sql: "SELECT contentHash FROM document WHERE source = ?"), arguments: [source])
    }
  }

  /// The content hash of every stored document, by source.
  public func storedHashes() throws(StoreError) -> [String: String] {
    try read { db in
      let rows = try Row.fetchCursor(db, sql: "SELECT source, contentHash FROM document")
      var hashes: [String: String] = [:]
      while let row = try rows.next() { hashes[row[0]] = row[1] }
      return hashes
    }
  }

  /// Every stored document's metadata and sentence count, sorted by source.
  public func documents() throws(StoreError) -> [DocumentSummary] {
    try read { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT source, origin, title, date, format, contentHash,
                 (SELECT COUNT(*) FROM sentence WHERE sentence.documentId = document.id)
          FROM document ORDER BY source
          """)
      var summaries: [DocumentSummary] = []
      while let row = try rows.next() {
        let source: String = try row.decode(atIndex: 0)
        summaries.append(
          DocumentSummary(
            source: source, origin: try row.decode(atIndex: 1), title: try row.decode(atIndex: 2),
            date: try row.decode(atIndex: 3), format: try Self.format(try row.decode(atIndex: 4), source: source),
            contentHash: try row.decode(atIndex: 5), sentences: try row.decode(atIndex: 6)))
      }
      return summaries
    }
  }

  /// Loads the stored document with this source, with its blocks, marks and sentences; nil when none.
  ///
  /// A document saved and loaded back compares equal to the one saved.
  public func document(source: String) throws(StoreError) -> Document? {
    try read { db -> Document? in
      guard
        let row = try Row.fetchOne(
          db,
          sql: "SELECT id, origin, title, date, format, contentHash, text, warnings FROM document WHERE source = ?",
          arguments: [source])
      else { return nil }
      let id: Int64 = try row.decode(atIndex: 0)

      var blocks: [PlacedBlock] = []
      var blockIndex: [Int64: Int] = [:]
      let blockRows = try Row.fetchCursor(
        db, sql: "SELECT id, kind, level, element, text, start FROM block WHERE documentId = ? ORDER BY ordinal",
        arguments: [id])
      while let blockRow = try blockRows.next() {
        let kindName: String = try blockRow.decode(atIndex: 1)
        guard let kind = BlockKind(rawValue: kindName) else {
          throw StoreError.invalidDocument(source: source, reason: "unknown stored block kind '\(kindName)'")
        }
        blockIndex[try blockRow.decode(atIndex: 0)] = blocks.count
        blocks.append(
          PlacedBlock(
            block: TextBlock(
              kind: kind, level: try blockRow.decode(atIndex: 2), text: try blockRow.decode(atIndex: 4),
              element: try blockRow.decode(atIndex: 3)),
            start: try blockRow.decode(atIndex: 5)))
      }

      let markRows = try Row.fetchCursor(
        db,
        sql: """
          SELECT mark.blockId, mark.kind, mark.start, mark."end", mark.attribute
          FROM mark JOIN block ON block.id = mark.blockId
          WHERE block.documentId = ? ORDER BY block.ordinal, mark.id
          """,
        arguments: [id])
      while let markRow = try markRows.next() {
        let kindName: String = try markRow.decode(atIndex: 1)
        guard let index = blockIndex[try markRow.decode(atIndex: 0)], let kind = InlineMark.Kind(rawValue: kindName)
        else {
          throw StoreError.invalidDocument(source: source, reason: "unreadable stored mark of kind '\(kindName)'")
        }
        blocks[index].block.marks.append(
          InlineMark(
            kind: kind, start: try markRow.decode(atIndex: 2), end: try markRow.decode(atIndex: 3),
            attribute: try markRow.decode(atIndex: 4)))
      }

      var sentences: [Sentence] = []
      let sentenceRows = try Row.fetchCursor(
        db, sql: #"SELECT blockId, start, "end", text FROM sentence WHERE documentId = ? ORDER BY ordinal"#,
        arguments: [id])
      while let sentenceRow = try sentenceRows.next() {
        guard let index = blockIndex[try sentenceRow.decode(atIndex: 0)] else {
          throw StoreError.invalidDocument(source: source, reason: "a stored sentence points at another document")
        }
        sentences.append(
          Sentence(
            block: index, start: try sentenceRow.decode(atIndex: 1), end: try sentenceRow.decode(atIndex: 2),
            text: try sentenceRow.decode(atIndex: 3)))
      }

      let warningsJSON: String = try row.decode(atIndex: 7)
      guard let warnings = try? JSONDecoder().decode([String].self, from: Data(warningsJSON.utf8)) else {
        throw StoreError.invalidDocument(source: source, reason: "stored warnings are not a JSON array of strings")
      }
      return Document(
        source: source, origin: try row.decode(atIndex: 1), title: try row.decode(atIndex: 2),
        date: try row.decode(atIndex: 3), format: try Self.format(try row.decode(atIndex: 4), source: source),
        contentHash: try row.decode(atIndex: 5), text: try row.decode(atIndex: 6), blocks: blocks,
        sentences: sentences, warnings: warnings)
    }
  }

  /// Counts of what the store holds.
  public func statistics() throws(StoreError) -> StoreStatistics {
    let inMemory = isInMemory
    return try read { db in
      guard
        let counts = try Row.fetchOne(
          db,
          sql: """
            SELECT (SELECT COUNT(*) FROM document), (SELECT COUNT(*) FROM block), (SELECT COUNT(*) FROM sentence),
                   (SELECT COUNT(*) FROM mark), (SELECT COUNT(DISTINCT origin) FROM document)
            """)
      else { throw StoreError.sqlite(path: path, code: 1, message: "counting rows gave no result") }
      var perFormat: [String: Int] = [:]
      let formatRows = try Row.fetchCursor(db, sql: "SELECT format, COUNT(*) FROM document GROUP BY format")
      while let formatRow = try formatRows.next() {
        perFormat[try formatRow.decode(atIndex: 0)] = try formatRow.decode(atIndex: 1)
      }
      var fileSize: Int?
      if !inMemory {
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
        fileSize = pages * pageSize
      }
      let applied = try Schema.migrator.appliedMigrations(db)
      var statistics = StoreStatistics(
        documents: try counts.decode(atIndex: 0), blocks: try counts.decode(atIndex: 1),
        sentences: try counts.decode(atIndex: 2), marks: try counts.decode(atIndex: 3),
        origins: try counts.decode(atIndex: 4), documentsPerFormat: perFormat, fileSize: fileSize,
        schemaVersion: applied.last ?? "none")
      statistics.concepts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM concept") ?? 0
      statistics.mentions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mention") ?? 0
      statistics.relations = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM relation") ?? 0
      return statistics
    }
  }

  /// Runs SQLite's `PRAGMA integrity_check`: `["ok"]` when the file is sound, else one line per problem.
  public func integrityCheck() throws(StoreError) -> [String] {
    try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
  }

  /// Decodes a stored format name.
  private static func format(_ name: String, source: String) throws -> DocumentFormat {
    guard let format = DocumentFormat(rawValue: name) else {
      throw StoreError.invalidDocument(source: source, reason: "unknown stored format '\(name)'")
    }
    return format
  }
}
