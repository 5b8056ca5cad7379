import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBStore

/// Stores on disk: journal mode, bad files, several connections, locks, schema versions.
@Suite struct FileStoreTests {
  private struct Abort: Error {}

  /// Error messages collected from several threads.
  private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    var list: [String] { lock.withLock { messages } }
    func append(_ message: String) { lock.withLock { messages.append(message) } }
  }

  @Test func fileStoreUsesWriteAheadLogging() throws {
    let temp = try TemporaryDirectory()
    let store = try KnowledgeStore(path: temp.path("kb.sqlite"))
    #expect(try store.strings("PRAGMA journal_mode") == ["wal"])
  }

  @Test func reopenedStoreStillHoldsItsDocuments() throws {
    let temp = try TemporaryDirectory()
    let document = SampleDocuments.ipvlanPost()
    do {
      let store = try KnowledgeStore(path: temp.path("kb.sqlite"))
      _ = try store.save(document)
    }
    let reopened = try KnowledgeStore(path: temp.path("kb.sqlite"))
    #expect(try reopened.document(source: document.source) == document)
    #expect(try reopened.search("macvlan").count == 2)
    #expect(try reopened.statistics().fileSize ?? 0 > 0)
  }

  @Test func openingAndReadingAnUpToDateFileLeavesItByteIdentical() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    do {
      let store = try KnowledgeStore(path: path)
      _ = try store.save(SampleDocuments.ipvlanPost())
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      let store = try KnowledgeStore(path: path)
      _ = try store.storedHash(forSource: SampleDocuments.ipvlanPost().source)
      #expect(try store.save(SampleDocuments.ipvlanPost()) == .unchanged)
      _ = try store.statistics()
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func textFileIsNotADatabaseAndIsLeftUntouched() throws {
    let temp = try TemporaryDirectory()
    let notes = "kube-proxy notes, not a database\n"
    let path = try temp.write("notes.sqlite", notes)
    #expect(throws: StoreError.notADatabase(path: path)) { try KnowledgeStore(path: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == notes)
    #expect(StoreError.notADatabase(path: path).description.hasPrefix("\(path): error: not a cnkb database"))
  }

  @Test func sqliteDatabaseOfAnotherProgramIsRefused() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("other.sqlite")
    do {
      // Leave a database with tables but without cnkb's migration records.
      let store = try KnowledgeStore(path: path)
      try store.execute("DROP TABLE grdb_migrations")
    }
    #expect(throws: StoreError.notADatabase(path: path)) { try KnowledgeStore(path: path) }
  }

  @Test func fileFromANewerCnkbIsRefused() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    do {
      let store = try KnowledgeStore(path: path)
      try store.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v2-addConcepts')")
    }
    let expected = StoreError.schemaTooNew(path: path, found: "v2-addConcepts", supported: "v8-graphRowDigests")
    #expect(throws: expected) { try KnowledgeStore(path: path) }
    #expect(expected.description.contains("newer cnkb"))
  }

  @Test func missingFolderCannotBeOpened() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("no-such-folder/kb.sqlite")
    #expect {
      try KnowledgeStore(path: path)
    } throws: { error in
      guard case .cannotOpen(let named, let reason) = error as? StoreError else { return false }
      return named == path && reason.contains("no-such-folder does not exist")
    }
  }

  @Test func directoryCannotBeOpened() throws {
    let temp = try TemporaryDirectory()
    #expect(throws: StoreError.cannotOpen(path: temp.url.path, reason: "it is a directory")) {
      try KnowledgeStore(path: temp.url.path)
    }
  }

  @Test func secondStoreReadsWhileTheFirstIsWriting() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    let writer = try KnowledgeStore(path: path)
    _ = try writer.save(SampleDocuments.kubeProxyPost())
    let reader = try KnowledgeStore(path: path)
    #expect(try reader.statistics().documents == 1)

    let pending = SampleDocuments.ipvlanPost()
    var seenDuringWrite: (documents: Int, hash: String?)?
    _ = try writer.save([pending]) {
      // The write transaction is open and not committed: the reader is not blocked and sees the old state.
      seenDuringWrite = (try reader.statistics().documents, try reader.storedHash(forSource: pending.source))
    }
    #expect(seenDuringWrite?.documents == 1)
    #expect(seenDuringWrite?.hash == nil)
    #expect(try reader.statistics().documents == 2)
  }

  @Test func writeAbortedBeforeCommitLeavesNoTrace() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    let store = try KnowledgeStore(path: path)
    #expect(throws: StoreError.self) {
      _ = try store.save([SampleDocuments.ipvlanPost(), SampleDocuments.kubeProxyPost()]) { throw Abort() }
    }
    let other = try KnowledgeStore(path: path)
    for view in [store, other] {
      let stats = try view.statistics()
      let counts: [Int] = [stats.documents, stats.blocks, stats.sentences, stats.marks]
      #expect(counts == [0, 0, 0, 0])
      #expect(try view.search("ipvlan").isEmpty)
    }
    #expect(try other.integrityCheck() == ["ok"])
  }

  @Test func writerBlockedPastTheTimeoutReportsBusy() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    let first = try KnowledgeStore(path: path)
    let second = try KnowledgeStore(path: path, busyTimeout: 0.2)
    var secondError: StoreError?
    _ = try first.save([SampleDocuments.ipvlanPost()]) {
      do throws(StoreError) {
        _ = try second.save(SampleDocuments.kubeProxyPost())
      } catch {
        secondError = error
      }
    }
    #expect(secondError == .busy(path: path))
    #expect(secondError?.isBusy == true)
    #expect(secondError?.description.contains("another cnkb may be running") == true)
    // Once the lock is released the second store writes normally.
    #expect(try second.save(SampleDocuments.kubeProxyPost()) == .added)
  }

  @Test func severalConnectionsOpeningANewFileAtOnceAllSucceed() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 6) { index in
      do throws(StoreError) {
        let store = try KnowledgeStore(path: path)
        let document = SampleDocuments.make(
          source: "posts/\(index).html", hash: "\(index)", blocks: [.paragraph("Cilium attaches eBPF programs.")])
        _ = try store.save(document)
      } catch {
        failures.append(error.description)
      }
    }
    #expect(failures.list.isEmpty, "\(failures.list)")
    let store = try KnowledgeStore(path: path)
    #expect(try store.statistics().documents == 6)
    #expect(
      try store.strings("SELECT identifier FROM grdb_migrations") == [
        "v1-createSchema", "v2-concepts", "v3-relations", "v4-buildState", "v5-conceptSurface",
        "v6-evidenceBySentence", "v7-searchIndexByDocument", "v8-graphRowDigests",
      ])
  }
}
