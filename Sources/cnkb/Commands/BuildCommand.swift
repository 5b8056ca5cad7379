import ArgumentParser
import CNKBPipeline
import Foundation
import Logging

/// `cnkb build`: ingest inputs and extract the concept graph in one go; writes `kb.sqlite` and `graph.json`.
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Ingest inputs and build the concept graph: writes DIR/kb.sqlite, graph.json, graph.dot and glossary.md.",
    discussion: """
      Documents whose content is unchanged are not read again, and when no document, lexicon file or option \
      changed since the last build the stored graph is reused (--rebuild extracts it anyway). The graph combines the curated lexicon \
      (the bundled glossary, or --lexicon DIR) with terms discovered in the text: acronyms and their \
      expansions, multiword terms, and the terms the markup singles out. --no-lexicon uses discovery alone.

      One run at a time writes an output folder: a second build (or ingest, or remove) on the same folder waits \
      for the first to finish, up to --wait seconds (default 300), and then exits 75 without touching it.
      """
  )

  @Argument(help: ArgumentHelp("Files, directories or - for standard input.", valueName: "input"))
  var inputs: [String]

  @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
  var out: String = "out"

  @OptionGroup var lexiconOptions: LexiconOptions

  @Flag(
    help: ArgumentHelp(
      "The inputs are partial results of cnkb map or cnkb merge (- for standard input): merge them and finish the graph.",
      discussion: "The store then holds exactly the partials' documents."))
  var fromPartials = false

  @Option(help: ArgumentHelp("Concepts scoring below this stay out of glossary.md.", valueName: "score"))
  var glossaryMinScore: Double = ExportOptions().glossaryMinimumScore

  @Option(help: ArgumentHelp("Concepts scoring below this stay out of graph.dot.", valueName: "score"))
  var diagramMinScore: Double = ExportOptions().diagramMinimumScore

  @Flag(help: "Extract the graph again even when no document, lexicon or option changed.")
  var rebuild = false

  @Flag(
    help: ArgumentHelp(
      "Keep the documents earlier runs stored that are not among the inputs.",
      discussion: """
        By default the store ends up holding the inputs' documents only: a page deleted from a folder leaves \
        the graph on the next build. Documents of an input that fails are always kept.
        """))
  var keepOthers = false

  @OptionGroup var waiting: WaitOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if inputs.isEmpty { throw ValidationError("give at least one file, directory or -") }
    if fromPartials && rebuild { throw ValidationError("--from-partials always builds the graph; drop --rebuild") }
    if fromPartials && keepOthers {
      throw ValidationError("--from-partials stores exactly the partials' documents; drop --keep-others")
    }
  }

  func run() throws {
    let logger = try logging.makeLogger()
    logger.info("memory allocator: \(ProcessMemory.jemallocRelease ?? "the C library's malloc")")
    let vocabulary = try lexiconOptions.vocabulary()
    if fromPartials { return try finishPartials(vocabulary: vocabulary, logger: logger) }
    let lock = try lockOutputFolder(out, wait: waiting.wait)
    defer { withExtendedLifetime(lock) {} }
    let base = try openKnowledgeBase(out + "/kb.sqlite", logger: logger)
    let report = try ingestWithProgress(base, inputs)
    let summary: BuildSummary
    var removed: [String] = []
    do {
      if !keepOthers { removed = try base.removeDocuments(notIn: report) }
      Terminal.progress("extracting concepts…")
      var exportOptions = ExportOptions()
      exportOptions.glossaryMinimumScore = glossaryMinScore
      exportOptions.diagramMinimumScore = diagramMinScore
      summary = try base.buildIfNeeded(
        vocabulary: vocabulary, rebuild: rebuild, to: out, exportOptions: exportOptions)
      Terminal.clearProgress()
    } catch {
      Terminal.clearProgress()
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
    printProblems(report)
    for source in removed.prefix(Self.removalsListed) {
      Terminal.error(
        "\(source): note: removed from \(out)/kb.sqlite: it is not among the inputs (--keep-others keeps it)")
    }
    if removed.count > Self.removalsListed {
      Terminal.error("note: \(removed.count - Self.removalsListed) more documents removed from \(out)/kb.sqlite")
    }
    Terminal.out(
      """
      \(report.summary)\(removed.isEmpty ? "" : ", \(removed.count) removed")
      \(Self.summary(summary, out: out))

      """)
    try exitForFailures(report)
  }

  /// How many removed documents are named one by one.
  static let removalsListed = 20

  /// What a build found and wrote, for the closing lines.
  static func summary(_ summary: BuildSummary, out: String) -> String {
    let note: String
    switch summary.outcome {
    case .extracted: note = ""
    case .reusedGraph: note = " (nothing changed: the stored graph was reused)"
    case .upToDate: note = " (nothing changed: the graph and its exports are up to date)"
    }
    let files = """
      kb.sqlite, graph.json, graph.dot, graph.svg, graph.mmd, graph.graphml, glossary.md, glossary.html, \
      glossary.json, abbreviations.md, glossary-hugo.json
      """
    return """
      \(summary.concepts) concepts (\(summary.fromLexicon) from the lexicon, \(summary.concepts - summary.fromLexicon) \
      discovered only), \(summary.mentions) mentions in \(summary.documents) documents, \(summary.relations) \
      relations\(note)
      \(summary.outcome == .upToDate ? "left as they were in" : "wrote") \(out)/: \(files)
      """
  }

  /// `--from-partials`: merge the partial files, finish the graph, store it with its documents, export.
  private func finishPartials(vocabulary: Vocabulary, logger: Logger) throws {
    Terminal.progress("reading partials…")
    let statistics = try readPartials(inputs)
    let lock = try lockOutputFolder(out, wait: waiting.wait)
    defer { withExtendedLifetime(lock) {} }
    let base = try openKnowledgeBase(out + "/kb.sqlite", logger: logger)
    do {
      Terminal.progress("extracting concepts…")
      var exportOptions = ExportOptions()
      exportOptions.glossaryMinimumScore = glossaryMinScore
      exportOptions.diagramMinimumScore = diagramMinScore
      let finished = try base.buildGraphAndExports(
        from: statistics, vocabulary: vocabulary, to: out, exportOptions: exportOptions)
      Terminal.clearProgress()
      for source in finished.removed {
        Terminal.error("\(source): note: removed from \(out)/kb.sqlite: it is not in the partials")
      }
      Terminal.out(
        """
        \(finished.documents) documents from \(inputs.count) partial file(s)
        \(Self.summary(BuildSummary(finished.graph, outcome: .extracted), out: out))

        """)
    } catch {
      Terminal.clearProgress()
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
  }
}
