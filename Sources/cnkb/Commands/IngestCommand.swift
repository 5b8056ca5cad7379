import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb ingest`: stores documents, reporting what was added, changed, unchanged or skipped.
struct IngestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest",
    abstract: "Store documents from files, directories (recursively) or - (standard input).",
    discussion: """
      Each document is written in its own transaction: an interrupted run never leaves half a document. \
      A document whose content hash is unchanged is not written again. Bad inputs are reported on \
      standard error and the run goes on; the exit code is then 65 (bad data) or 66 (missing input).
      """
  )

  @Argument(help: ArgumentHelp("Files, directories or - for standard input.", valueName: "path"))
  var paths: [String]

  @Option(help: ArgumentHelp("The source name to record for standard input.", valueName: "name"))
  var stdinName: String = "-"

  @Option(help: "Output format for the report.")
  var format: OutputFormat = .text

  @OptionGroup var store: StoreOptions
  @OptionGroup var waiting: WaitOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file, directory or -") }
  }

  func run() throws {
    let logger = try logging.makeLogger()
    let lock = try lockOutputFolder(store.folder, wait: waiting.wait)
    defer { withExtendedLifetime(lock) {} }
    let base = try openKnowledgeBase(store.db, logger: logger)
    let report = try ingestWithProgress(base, paths, stdinName: stdinName)
    printProblems(report)
    switch format {
    case .json:
      Terminal.out(try renderJSON(report))
    case .text:
      let width = 9
      var lines: [String] = []
      for entry in report.entries {
        let word = entry.outcome.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
        var line = word + (entry.source ?? entry.origin)
        if let title = entry.title, !title.isEmpty { line += "  " + Terminal.dim("(\(title))") }
        if entry.outcome == .skipped, let reason = entry.reason { line += "  " + Terminal.dim("— \(reason)") }
        if entry.outcome == .failed { line += "  " + Terminal.dim("— see error above") }
        lines.append(line)
      }
      lines.append(report.summary)
      Terminal.out(lines.joined(separator: "\n") + "\n")
    }
    try exitForFailures(report)
  }
}
