import CNKBModel
import Foundation
internal import GRDB

extension KnowledgeStore {
  /// Stores `document` in one transaction, replacing a stored document with the same source.
  ///
  /// - Returns: `.unchanged` when a document with this source and content hash is stored (nothing is written),
  ///   `.changed` when one with another hash was replaced, `.added` otherwise.
  /// - Throws: `StoreError.invalidDocument` when a sentence points at a block that does not exist (nothing is
  ///   written), `.busy` when another process holds the write lock, or another `StoreError`.
  public func save(_ document: Document) throws(StoreError) -> SaveOutcome {
    let outcomes = try save([document])
    guard let outcome = outcomes.first else {
      throw .sqlite(path: path, code: 1, message: "saving one document gave no outcome")
    }
    return outcome
  }

  /// Stores several documents in one transaction: either all are saved or, on error, none.
  ///
  /// - Returns: one outcome per document, in order. A source repeated in the batch is compared with the copy
  ///   saved just before it.
  public func save(_ documents: [Document]) throws(StoreError) -> [SaveOutcome] {
    try save(documents, beforeCommit: {})
  }

  /// `save(_:)` with a hook that runs inside the transaction after the inserts (tests use it to observe or
  /// abort an uncommitted write).
  func save(_ documents: [Document], beforeCommit: () throws -> Void) throws(StoreError) -> [SaveOutcome] {
    if documents.isEmpty { return [] }
    return try write { db in
      var outcomes: [SaveOutcome] = []
      outcomes.reserveCapacity(documents.count)
      for document in documents {
        outcomes.append(try Self.write(document, in: db))
      }
      try beforeCommit()
      return outcomes
    }
  }

  /// Removes the document with this source, with its blocks, marks and sentences.
  ///
  /// - Returns: whether a document was stored under this source.
  public func remove(source: String) throws(StoreError) -> Bool {
    try !remove(sources: [source]).isEmpty
  }

  /// Removes the documents with these sources in one transaction, with their blocks, marks and sentences.
  ///
  /// - Returns: the sources that were stored, in the order given.
  public func remove(sources: [String]) throws(StoreError) -> [String] {
    guard !sources.isEmpty else { return [] }
    return try write { db in
      var removed: [String] = []
      let statement = try db.cachedStatement(sql: "DELETE FROM document WHERE source = ?")
      for source in sources {
        try statement.execute(arguments: [source])
        if db.changesCount > 0 { removed.append(source) }
      }
      return removed
    }
  }

  /// Writes one document inside the caller's transaction.
  private static func write(_ document: Document, in db: Database) throws -> SaveOutcome {
    let existing = try Row.fetchOne(
      db.cachedStatement(sql: "SELECT id, contentHash FROM document WHERE source = ?"),
      arguments: [document.source])
    var outcome = SaveOutcome.added
    if let existing {
      let id: Int64 = try existing.decode(atIndex: 0)
      let hash: String = try existing.decode(atIndex: 1)
      if hash == document.contentHash { return .unchanged }
      // Cascades to blocks, marks and sentences; the triggers drop the sentences from the full-text index.
      try db.cachedStatement(sql: "DELETE FROM document WHERE id = ?").execute(arguments: [id])
      outcome = .changed
    }

    try db.cachedStatement(
      sql: """
        INSERT INTO document (source, origin, title, date, format, contentHash, text, warnings)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      document.source, document.origin, document.title, document.date, document.format.rawValue,
      document.contentHash, document.text, try encodeWarnings(document.warnings),
    ])
    let documentID = db.lastInsertedRowID

    // Blocks, marks and sentences are bound straight through SQLite's interface (`RowInserter`): a page has
    // hundreds of them, and boxing every value into an argument list cost more than SQLite's own work.
    let insertBlock = try RowInserter(
      db,
      sql: """
        INSERT INTO block (documentId, ordinal, kind, level, element, text, start) VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    let insertMark = try RowInserter(
      db, sql: #"INSERT INTO mark (blockId, kind, start, "end", attribute) VALUES (?, ?, ?, ?, ?)"#)
    var blockIDs: [Int64] = []
    blockIDs.reserveCapacity(document.blocks.count)
    for (ordinal, placed) in document.blocks.enumerated() {
      let block = placed.block
      try insertBlock.bind(1, documentID)
      try insertBlock.bind(2, ordinal)
      try insertBlock.bind(3, block.kind.rawValue)
      try insertBlock.bind(4, block.level)
      try insertBlock.bind(5, block.element)
      try insertBlock.bind(6, block.text)
      try insertBlock.bind(7, placed.start)
      try insertBlock.run()
      let blockID = db.lastInsertedRowID
      blockIDs.append(blockID)
      for mark in block.marks {
        try insertMark.bind(1, blockID)
        try insertMark.bind(2, mark.kind.rawValue)
        try insertMark.bind(3, mark.start)
        try insertMark.bind(4, mark.end)
        try insertMark.bind(5, mark.attribute)
        try insertMark.run()
      }
    }

    let insertSentence = try RowInserter(
      db, sql: #"INSERT INTO sentence (documentId, blockId, ordinal, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)"#)
    for (ordinal, sentence) in document.sentences.enumerated() {
      guard blockIDs.indices.contains(sentence.block) else {
        throw StoreError.invalidDocument(
          source: document.source,
          reason: "sentence \(ordinal) belongs to block \(sentence.block), but the document has "
            + "\(document.blocks.count) blocks (this is a bug in cnkb; please report it)")
      }
      try insertSentence.bind(1, documentID)
      try insertSentence.bind(2, blockIDs[sentence.block])
      try insertSentence.bind(3, ordinal)
      try insertSentence.bind(4, sentence.start)
      try insertSentence.bind(5, sentence.end)
      try insertSentence.bind(6, sentence.text)
      try insertSentence.run()
    }
    // The full-text index, for all of the document's sentences at once (no insert trigger: see the schema).
    try db.cachedStatement(
      sql: #"INSERT INTO sentenceSearch (rowid, text) SELECT id, text FROM sentence WHERE documentId = ?"#
    ).execute(arguments: [documentID])
    return outcome
  }

  /// The warnings as a JSON array of strings.
  private static func encodeWarnings(_ warnings: [String]) throws -> String {
    if warnings.isEmpty { return "[]" }
    return String(decoding: try JSONEncoder().encode(warnings), as: UTF8.self)
  }
}
