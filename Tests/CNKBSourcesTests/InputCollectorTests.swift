import CNKBSources
import Foundation
import Testing
import _CNKBTestSupport

@Suite struct InputCollectorTests {
  /// A small tree: documents at several depths, hidden entries, non-documents.
  func makeTree() throws -> TemporaryDirectory {
    let tree = try TemporaryDirectory("cnkb-collector")
    try tree.write("docs/b.md", "# B")
    try tree.write("docs/a.html", "<p>A</p>")
    try tree.write("docs/Z.txt", "Z")
    try tree.write("docs/a-b.md", "# A-B")
    try tree.write("docs/a/x.md", "# X")
    try tree.write("docs/sub/deeper/c.txt", "C")
    try tree.write("docs/README", "no extension")
    try tree.write("docs/.hidden.md", "# hidden")
    try tree.write("docs/.git/notes.md", "# in a hidden folder")
    try tree.write("docs/logo.png", Data([0x89, 0x50, 0x4E, 0x47]))
    try tree.write("docs/site.json", "{}")
    return tree
  }

  @Test func walksADirectoryRecursivelyInByteOrder() throws {
    let tree = try makeTree()
    let root = tree.path("docs")
    let ready = InputCollector().collect([root]).filter { $0.status == .ready }.map(\.path)
    #expect(
      ready == [
        "\(root)/README", "\(root)/Z.txt", "\(root)/a-b.md", "\(root)/a.html", "\(root)/a/x.md", "\(root)/b.md",
        "\(root)/sub/deeper/c.txt",
      ])
  }

  @Test func leavesOutHiddenFilesAndFolders() throws {
    let tree = try makeTree()
    let paths = InputCollector().collect([tree.path("docs")]).map(\.path)
    #expect(!paths.contains { $0.contains("/.") })
  }

  @Test func skipsNonDocumentFilesFoundInADirectoryWithAReason() throws {
    let tree = try makeTree()
    let items = InputCollector().collect([tree.path("docs")])
    let skipped = items.compactMap { item -> String? in
      if case .skipped(let reason) = item.status {
        return "\(URL(fileURLWithPath: item.path).lastPathComponent): \(reason)"
      }
      return nil
    }
    #expect(
      skipped == ["logo.png: not a document type (.png image)", "site.json: not a document type (.json data file)"])
  }

  @Test func attemptsAnExplicitlyNamedFileWhateverItsExtension() throws {
    let tree = try makeTree()
    let items = InputCollector().collect([tree.path("docs/logo.png")])
    #expect(items == [InputItem(path: tree.path("docs/logo.png"), status: .ready)])
  }

  @Test func reportsAMissingPathAndGoesOn() throws {
    let tree = try makeTree()
    let missing = tree.path("nope/missing.md")
    let items = InputCollector().collect([missing, tree.path("docs/b.md")])
    #expect(items.count == 2)
    #expect(items.first == InputItem(path: missing, status: .failed(.missingPath(missing))))
    #expect(items.last?.status == .ready)
  }

  @Test func treatsADashAsStandardInput() {
    let items = InputCollector().collect(["-"])
    #expect(items == [InputItem(path: "-", status: .ready)])
    #expect(items.first?.isStandardInput == true)
  }

  @Test func listsAPathGivenTwiceOnce() throws {
    let tree = try makeTree()
    let file = tree.path("docs/b.md")
    #expect(
      InputCollector().collect([file, file, tree.path("docs/a")]).map(\.path) == [file, tree.path("docs/a/x.md")])
  }

  @Test func reportsAnUnreadableFile() throws {
    let tree = try makeTree()
    let locked = try tree.write("docs/locked.md", "# secret")
    #expect(chmod(locked, 0) == 0)
    defer { chmod(locked, 0o644) }
    let item = InputCollector().collect([tree.path("docs")]).first { $0.path == locked }
    // Root reads any file whatever its mode, so the refusal can only be checked as another user.
    if geteuid() != 0 {
      #expect(item?.status == .failed(.unreadable(locked, reason: "permission denied")))
    } else {
      #expect(item?.status == .ready)
    }
  }

  @Test func doesNotLoopThroughASymbolicLinkToAnAncestor() throws {
    let tree = try makeTree()
    try FileManager.default.createSymbolicLink(
      atPath: tree.path("docs/sub/back-to-docs"), withDestinationPath: tree.path("docs"))
    let paths = InputCollector().collect([tree.path("docs")]).map(\.path)
    #expect(paths.filter { $0.hasSuffix("/b.md") } == [tree.path("docs/b.md")])
  }

  @Test func skipsABrokenSymbolicLinkInADirectory() throws {
    let tree = try makeTree()
    try FileManager.default.createSymbolicLink(
      atPath: tree.path("docs/gone.md"), withDestinationPath: tree.path("docs/never-there.md"))
    let item = InputCollector().collect([tree.path("docs")]).first { $0.path.hasSuffix("/gone.md") }
    #expect(item?.status == .skipped(reason: "broken symbolic link"))
  }
}
