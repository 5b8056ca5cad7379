import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb map`: the map step of a split build, for Spark and other engines that spread work over machines.
struct MapCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "map",
    abstract: "Map documents (JSON Lines) to partial results (JSON Lines) that cnkb merge combines.",
    discussion: """
      Each input line is a document record: {"source": URL or path, "content": text} or \
      {"source": …, "content_base64": bytes}, optionally with "title", "date" and "format" (auto, html, xhtml, \
      atom, rss, seed-feed, markdown, rst, adoc, text; auto recognises it from the source's extension and the content, \
      like cnkb build). A feed gives one document per entry. The output holds one record per key (document, \
      term, acronym, …); records with equal keys merge in any grouping and order (cnkb merge, or a reduce by \
      key), and cnkb build --from-partials finishes them into the same graph a plain build gives. \
      Schemas/document-input.schema.json and Schemas/partial.schema.json describe both formats.

      Bad records are reported on standard error (name:LINE: error: …) and skipped; the exit code is then 65.
      """
  )

  @Argument(help: ArgumentHelp("JSON Lines files of document records; standard input when none.", valueName: "input"))
  var inputs: [String] = []

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("Write the partial results here instead of standard output.", valueName: "file"))
  var output: String?

  @OptionGroup var lexiconOptions: LexiconOptions
  @OptionGroup var logging: LoggingOptions

  func run() throws {
    _ = try logging.makeLogger()
    let split = SplitBuild(vocabulary: try lexiconOptions.vocabulary())
    var statistics = CorpusStatistics()
    statistics.fingerprints = [split.fingerprint]
    var failed = false
    for input in inputs.isEmpty ? ["-"] : inputs {
      let data: Data
      if input == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
      } else {
        guard let read = FileManager.default.contents(atPath: input) else {
          Terminal.error("\(input): error: cannot read it (missing or not a file)")
          throw ExitCode(66)
        }
        data = read
      }
      let result = split.map(data, name: input == "-" ? "<stdin>" : input)
      for problem in result.problems { Terminal.error(problem) }
      failed = failed || result.failed
      statistics.merge(result.statistics)
    }
    try writePartials(statistics, to: output)
    if failed { throw ExitCode(65) }
  }
}
