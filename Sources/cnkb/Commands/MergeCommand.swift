import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb merge`: combines partial results of `cnkb map` (or of earlier merges).
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge partial results of cnkb map into one set of records, one per key.",
    discussion: """
      Counts add up, mention lists are joined, and a term's word count is that of its first mention in reading order, so any grouping \
      and order of merges gives the same records. Give - to read standard input. The result goes to standard \
      output (or --output), sorted by key, ready for cnkb build --from-partials or another merge.
      """
  )

  @Argument(help: ArgumentHelp("Partial result files, or - for standard input.", valueName: "partial"))
  var partials: [String]

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("Write the merged records here instead of standard output.", valueName: "file"))
  var output: String?

  func validate() throws {
    if partials.isEmpty { throw ValidationError("give at least one partial file, or - for standard input") }
  }

  func run() throws {
    try writePartials(try readPartials(partials), to: output)
  }
}
