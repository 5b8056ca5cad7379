import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb search`: full-text search over stored sentences.
struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Find stored sentences that contain every word of a query.",
    discussion: """
      Words are matched by their stem ("networks" finds "network"), case-insensitively, and the last \
      word also as a prefix. Prints each sentence's snippet with the matches highlighted, the document's \
      title and its source.
      """
  )

  @Argument(help: "The words to look for.")
  var query: [String]

  @Option(help: "At most this many sentences.")
  var limit: Int = 20

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if query.isEmpty { throw ValidationError("give a query, e.g. cnkb search IPvlan") }
    if limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    let logger = try logging.makeLogger()
    let base = try openKnowledgeBase(store.db, logger: logger, mustExist: true)
    let markers = Terminal.colour ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("[", "]")
    let hits: [SearchHit]
    do {
      hits = try base.search(query.joined(separator: " "), limit: limit, highlight: markers)
    } catch {
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
    switch format {
    case .json:
      Terminal.out(try renderJSON(hits))
    case .text:
      if hits.isEmpty {
        Terminal.error("no sentence matches '\(query.joined(separator: " "))'")
        return
      }
      var lines: [String] = []
      for hit in hits {
        lines.append(hit.snippet)
        lines.append("  " + Terminal.dim("\(hit.title ?? "(untitled)") — \(hit.source)"))
      }
      Terminal.out(lines.joined(separator: "\n") + "\n")
    }
  }
}
