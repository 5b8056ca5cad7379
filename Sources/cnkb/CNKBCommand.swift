import ArgumentParser
import CNKBPipeline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `cnkb` command: a thin layer over `CNKBPipeline` that parses flags and prints results.
@main
struct CNKBCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cnkb",
    abstract: "Turn writing about container networking into a knowledge base.",
    discussion: """
      Reads HTML and XHTML pages, Atom and RSS feeds, Markdown, reStructuredText, \
      AsciiDoc, plain text and the founding corpus's tagless feed; keeps their \
      structure and sentences in one SQLite file.

      Data goes to standard output; progress and diagnostics go to standard error.

      Exit codes:
        0   success
        1   an unexpected internal error
        64  the command line is wrong (usage)
        65  an input was not valid data (empty, binary, malformed); the other
            inputs were still processed; also: an unknown term, or no chain of
            relations between two concepts
        66  an input path does not exist or cannot be read, or no knowledge
            base was built yet
        69  a program cnkb needs is not installed (Graphviz dot, for SVG)
        73  the database or an output file cannot be created or written
        75  the database or output folder is held by another cnkb run (build,
            ingest and remove wait up to --wait seconds for it; try again)
      """,
    version: "0.1.0",
    subcommands: [
      TextCommand.self, IngestCommand.self, BuildCommand.self, SearchCommand.self, StatsCommand.self,
      RemoveCommand.self, EvalCommand.self, MapCommand.self, MergeCommand.self,
      DefineCommand.self, RelatedCommand.self, PathCommand.self, DiagramCommand.self, ExportCommand.self,
    ]
  )

  /// Ignores SIGXFSZ before anything runs: a write past the file size limit (`ulimit -f`) then fails with
  /// EFBIG and is reported like a full disk, instead of killing the process halfway through a file.
  static func main() {
    signal(SIGXFSZ, SIG_IGN)
    ProcessMemory.tuneAllocator()
    main(nil)
  }
}
