import CNKBSources
import Testing

@Suite struct SourceErrorTests {
  @Test func describesABinaryFileLikeACompiler() {
    #expect(
      SourceError.binary("samples/x.png", reason: "looks like a PNG image").description
        == "samples/x.png: error: binary file, looks like a PNG image "
        + "(cnkb reads HTML, XHTML, Atom, RSS, Markdown, reStructuredText, AsciiDoc and plain text)")
  }

  @Test(arguments: [
    SourceError.missingPath("a.md"), .unreadable("a.md", reason: "permission denied"), .empty("a.md"),
    .binary("a.md", reason: "contains NUL bytes"), .malformedSeedFeed("a.md", reason: "r"),
    .notADocument("a.md", reason: "r"),
  ])
  func startsEveryMessageWithThePathAndError(_ error: SourceError) {
    #expect(error.description.hasPrefix("a.md: error: "))
    #expect(error.description.hasSuffix(")"))
    #expect(error.path == "a.md")
    #expect(error.renamed(to: "<stdin>").path == "<stdin>")
    #expect(error.renamed(to: "<stdin>").description.hasPrefix("<stdin>: error: "))
  }

  @Test func countsMissingAndUnreadableInputsAsMissing() {
    #expect(SourceError.missingPath("a").isMissingInput)
    #expect(SourceError.unreadable("a", reason: "r").isMissingInput)
    #expect(!SourceError.binary("a", reason: "r").isMissingInput)
    #expect(!SourceError.empty("a").isMissingInput)
  }
}
