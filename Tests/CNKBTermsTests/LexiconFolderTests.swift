import CNKBTerms
import Foundation
import Testing
import _CNKBTestSupport

/// `Lexicon(contentsOf:)`: a `--lexicon DIR` folder, its optional files and its file-level errors.
@Suite struct LexiconFolderTests {
  private let terms = #"""
    # A tiny lexicon.
    {"label": "Container Network Interface", "category": "spec", "abbreviations": ["CNI"], "description": "A plugin contract."}
    {"label": "CNI plugin", "category": "concept", "description": "An executable.", "seeAlso": ["Container Network Interface"]}
    """#

  @Test func readsAllFourFiles() throws {
    let folder = try TemporaryDirectory()
    try folder.write("lex/terms.jsonl", terms)
    try folder.write("lex/stoplist.txt", "# generic\nslide\nwebinar\n")
    try folder.write("lex/stopwords-en.txt", "the\nof\n")
    try folder.write("lex/overrides.jsonl", #"{"reject": "Docker Captain"}"# + "\n")
    let lexicon = try Lexicon(contentsOf: folder.url.appendingPathComponent("lex"))
    #expect(lexicon.entries.map(\.label) == ["Container Network Interface", "CNI plugin"])
    #expect(lexicon.entry(forSurface: "CNI")?.category == .spec)
    #expect(lexicon.stopList == ["slide", "webinar"])
    #expect(lexicon.stopwords == ["the", "of"])
    #expect(lexicon.overrides == [.reject("Docker Captain", line: 1)])
  }

  @Test func withoutOptionalFilesThereAreNoStopListNorOverridesButTheBundledStopWords() throws {
    let folder = try TemporaryDirectory()
    try folder.write("terms.jsonl", terms)
    let lexicon = try Lexicon(contentsOf: folder.url)
    #expect(lexicon.stopList.isEmpty)
    #expect(lexicon.overrides.isEmpty)
    #expect(lexicon.stopwords == Lexicon.bundled().stopwords)
    #expect(lexicon.stopwords.contains("the"))
  }

  @Test func anEmptyStopWordsFileMeansNoStopWords() throws {
    let folder = try TemporaryDirectory()
    try folder.write("terms.jsonl", terms)
    try folder.write("stopwords-en.txt", "# none on purpose\n")
    #expect(try Lexicon(contentsOf: folder.url).stopwords.isEmpty)
  }

  @Test func problemsAreReportedUnderTheFolderPath() throws {
    let folder = try TemporaryDirectory()
    try folder.write("lex/terms.jsonl", #"{"label": "sidecar", "category": "consept", "description": "A helper."}"#)
    let lex = folder.path("lex")
    #expect(
      throws: LexiconError.invalid([
        LexiconDiagnostic(
          file: "\(lex)/terms.jsonl", line: 1, message: "unknown category 'consept' for 'sidecar'",
          hint:
            "did you mean 'concept'? valid: spec, driver_or_mode, protocol, project_or_product, organization, concept")
      ])
    ) {
      try Lexicon(contentsOf: URL(fileURLWithPath: lex))
    }
  }

  @Test func aFolderWithoutTermsIsAClearError() throws {
    let folder = try TemporaryDirectory()
    try folder.write("stoplist.txt", "slide\n")
    do {
      _ = try Lexicon(contentsOf: folder.url)
      Issue.record("a folder without terms.jsonl loaded")
    } catch {
      #expect(
        error.description
          == "\(folder.url.path)/terms.jsonl: error: missing file (a lexicon folder needs terms.jsonl; stoplist.txt, stopwords-en.txt and overrides.jsonl are optional)"
      )
    }
  }

  @Test func aPathThatIsNoFolderIsAClearError() throws {
    let folder = try TemporaryDirectory()
    let file = try folder.write("terms.jsonl", terms)
    for path in ["/no/such/lexicon", file] {
      #expect(
        throws: LexiconError.invalid([
          LexiconDiagnostic(
            file: path, line: 0, message: "no lexicon folder here", hint: "give a folder holding terms.jsonl")
        ])
      ) {
        try Lexicon(contentsOf: URL(fileURLWithPath: path))
      }
    }
  }

  @Test func aFileThatIsNotUTF8IsReported() throws {
    let folder = try TemporaryDirectory()
    try folder.write("terms.jsonl", Data([0x7B, 0xFF, 0xFE, 0x7D, 0x0A]))
    do {
      _ = try Lexicon(contentsOf: folder.url)
      Issue.record("invalid UTF-8 loaded")
    } catch {
      #expect(error.description == "\(folder.url.path)/terms.jsonl: error: not UTF-8 text (save the file as UTF-8)")
    }
  }

  @Test func aTermsEntryThatIsNotARegularFileIsReported() throws {
    let folder = try TemporaryDirectory()
    try FileManager.default.createDirectory(
      at: folder.url.appendingPathComponent("terms.jsonl"), withIntermediateDirectories: true)
    do {
      _ = try Lexicon(contentsOf: folder.url)
      Issue.record("a folder named terms.jsonl loaded")
    } catch {
      #expect(error.description == "\(folder.url.path)/terms.jsonl: error: not a regular file (give a text file)")
    }
  }

  @Test func aRelativeFolderIsNamedAsGiven() throws {
    let folder = try TemporaryDirectory()
    try folder.write("lex/terms.jsonl", #"{"label": "x"}"#)
    let relative = URL(fileURLWithPath: "lex", relativeTo: URL(fileURLWithPath: folder.url.path, isDirectory: true))
    do {
      _ = try Lexicon(contentsOf: relative)
      Issue.record("an entry without category and description loaded")
    } catch {
      #expect(error.description.hasPrefix("lex/terms.jsonl:1: error: 'x' has no category"))
    }
  }
}
