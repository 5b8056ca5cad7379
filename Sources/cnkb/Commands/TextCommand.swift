import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb text`: prints the structured text cnkb reads from a file, without storing anything.
struct TextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "text",
    abstract: "Print the structured text of a file (or - for standard input).",
    discussion: """
      Shows what cnkb keeps of a page: headings, paragraphs, list items, definitions, table cells, \
      quotes and code, with inline marks. A feed prints one document per entry.
      """
  )

  @Argument(help: ArgumentHelp("A file to read, or - for standard input.", valueName: "file"))
  var file: String

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  @Flag(help: "List sentences (with their character offsets) instead of blocks.")
  var sentences = false

  @OptionGroup var logging: LoggingOptions

  func run() throws {
    let logger = try logging.makeLogger()
    let reader = DocumentReader(logger: logger)
    let documents: [Document]
    do {
      documents = try reader.documents(at: file)
    } catch {
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
    for document in documents {
      for warning in document.warnings { Terminal.error("\(document.source): warning: \(warning)") }
    }
    switch format {
    case .json:
      Terminal.out(try renderJSON(documents))
    case .text:
      Terminal.out(documents.map { render($0) }.joined(separator: "\n"))
    }
  }

  /// Renders one document as readable text.
  private func render(_ document: Document) -> String {
    var lines: [String] = []
    lines.append(Terminal.bold("# \(document.title ?? "(untitled)")"))
    var meta = "source: \(document.source)  format: \(document.format.rawValue)"
    if let date = document.date { meta += "  date: \(date)" }
    lines.append(Terminal.dim(meta))
    lines.append("")
    if sentences {
      for sentence in document.sentences {
        lines.append("\(Terminal.dim("[\(sentence.start)-\(sentence.end)]")) \(sentence.text)")
      }
    } else {
      for placed in document.blocks {
        lines.append(contentsOf: render(placed.block))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Renders a block in a Markdown-like shape, so structure is visible at a glance.
  private func render(_ block: TextBlock) -> [String] {
    switch block.kind {
    case .heading:
      return [Terminal.bold(String(repeating: "#", count: (block.level ?? 1) + 1) + " " + block.text)]
    case .listItem:
      return [String(repeating: "  ", count: max(0, (block.level ?? 1) - 1)) + "- " + block.text]
    case .definitionTerm:
      return [Terminal.bold(block.text)]
    case .definitionDescription:
      return [": " + block.text]
    case .tableCell:
      return ["| " + block.text]
    case .caption:
      return ["Caption: " + block.text]
    case .quote:
      return ["> " + block.text]
    case .code:
      return ["```"] + block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + ["```"]
    case .paragraph:
      return [block.text]
    }
  }
}
