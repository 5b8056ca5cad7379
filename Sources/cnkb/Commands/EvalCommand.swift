import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb eval`: scores a graph export against gold lists, with the same definitions as the release checks.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Score a graph.json against gold lists (concepts, acronyms, definitions, relations).",
    discussion: """
      Prints the figures that ../shared/eval/score.py prints, computed the same way, then what was missed. \
      The gold folder holds concepts.tsv (or terms.tsv) and optionally acronyms.tsv, definitions.tsv and \
      relations.tsv.
      """
  )

  @Option(help: ArgumentHelp("The folder of gold lists.", valueName: "dir"))
  var gold: String

  @Argument(help: ArgumentHelp("The graph export to score.", valueName: "graph.json"))
  var graph: String

  @Option(help: ArgumentHelp("A TSV mapping gold post numbers (num) to document URLs (url).", valueName: "file"))
  var postsMap: String?

  @Option(help: ArgumentHelp("Comma-separated post numbers the relation gold is exhaustive for.", valueName: "list"))
  var posts: String = ""

  @Flag(help: "Print only the score lines, exactly as score.py does.")
  var scoresOnly = false

  func run() throws {
    let evaluator = GoldEvaluator(
      goldDirectory: gold, postsMap: postsMap, posts: posts.split(separator: ",").map(String.init))
    do {
      let report = try evaluator.evaluate(graphPath: graph)
      Terminal.out(scoresOnly ? report.scoreLines : report.text)
    } catch {
      Terminal.error(error.description)
      throw ExitCode(66)
    }
  }
}
