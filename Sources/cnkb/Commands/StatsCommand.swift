import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb stats`: a summary of what the store holds.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Summarise the knowledge base: documents, blocks, sentences, formats, concepts and relations."
  )

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  @Flag(help: "Also list every stored document.")
  var documents = false

  @Flag(help: "Run SQLite's integrity check and exit with 65 if the file is damaged.")
  var check = false

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func run() throws {
    let logger = try logging.makeLogger()
    let base = try openKnowledgeBase(store.db, logger: logger, mustExist: true)
    do {
      let stats = try base.statistics()
      let listed = documents ? try base.documents() : []
      let integrity = check ? try base.integrityCheck() : nil
      switch format {
      case .json:
        struct Output: Encodable {
          var statistics: StoreStatistics
          var documents: [DocumentSummary]?
          var integrity: [String]?
        }
        Terminal.out(
          try renderJSON(Output(statistics: stats, documents: documents ? listed : nil, integrity: integrity)))
      case .text:
        Terminal.out(renderText(stats, listed))
        if let integrity { Terminal.out("integrity  \(integrity.joined(separator: "; "))\n") }
      }
      if let integrity, integrity != ["ok"] {
        Terminal.error("\(store.db): error: integrity check failed: \(integrity.prefix(5).joined(separator: "; "))")
        throw ExitCode(65)
      }
    } catch let error as PipelineError {
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
  }

  private func renderText(_ stats: StoreStatistics, _ listed: [DocumentSummary]) -> String {
    var lines = [
      "database   \(store.db)",
      "documents  \(stats.documents)",
      "blocks     \(stats.blocks)",
      "sentences  \(stats.sentences)",
      "marks      \(stats.marks)",
      "concepts   \(stats.concepts)",
      "mentions   \(stats.mentions)",
      "relations  \(stats.relations)",
    ]
    if let size = stats.fileSize { lines.append("size       \(size) bytes") }
    for (format, count) in stats.documentsPerFormat.sorted(by: { $0.key < $1.key }) {
      lines.append("  \(format.padding(toLength: 10, withPad: " ", startingAt: 0)) \(count)")
    }
    for document in listed {
      lines.append(
        "\(document.source)  \(Terminal.dim("(\(document.title ?? "untitled"), \(document.sentences) sentences)"))")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
