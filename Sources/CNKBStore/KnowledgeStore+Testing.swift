internal import GRDB

// Internal hooks for the store's own tests (reached with `@testable import`); not API.
extension KnowledgeStore {
  /// SQLite's count of rows changed through this connection since it opened.
  func totalChangesCount() throws(StoreError) -> Int {
    try read { db in db.totalChangesCount }
  }

  /// The first column of every row `sql` returns, as text.
  func strings(_ sql: String) throws(StoreError) -> [String] {
    try read { db in try String.fetchAll(db, sql: sql) }
  }

  /// Runs `sql` in a write transaction.
  func execute(_ sql: String) throws(StoreError) {
    try write { db in try db.execute(sql: sql) }
  }

  /// Runs FTS5's own integrity check, which compares the full-text index with the sentence table.
  func checkSearchIndex() throws(StoreError) {
    try execute("INSERT INTO sentenceSearch(sentenceSearch) VALUES('integrity-check')")
  }
}
