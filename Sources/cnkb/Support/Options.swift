import ArgumentParser
import CNKBPipeline
import Foundation
import Logging

/// Where the knowledge base lives; shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The SQLite database file.", valueName: "path"))
  var db: String = "out/kb.sqlite"
}

/// Logging flags shared by every command.
struct LoggingOptions: ParsableArguments {
  @Flag(name: .shortAndLong, help: "Log what each stage does (same as --log-level debug).")
  var verbose = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Log level: trace, debug, info, notice, warning, error or critical (default: CNKB_LOG_LEVEL, else warning).",
      valueName: "level"))
  var logLevel: String?

  /// Builds the logger every command passes to the library; logs go to standard error.
  func makeLogger() throws -> Logger {
    let name = logLevel ?? (verbose ? "debug" : ProcessInfo.processInfo.environment["CNKB_LOG_LEVEL"])
    var level = Logger.Level.warning
    if let name {
      guard let parsed = Logger.Level(rawValue: name.lowercased()) else {
        throw ValidationError(
          "unknown log level '\(name)'; valid levels: "
            + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
      }
      level = parsed
    }
    var logger = Logger(label: "cnkb") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = level
    return logger
  }
}

/// How a command prints its data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Human-readable text.
  case text
  /// JSON with sorted keys, for scripts.
  case json
}

/// Encodes a value as pretty JSON with sorted keys and a trailing newline.
func renderJSON<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// Which curated lexicon a command extracts with; shared by `build` and `map`.
struct LexiconOptions: ParsableArguments {
  @Option(help: ArgumentHelp("A lexicon folder to use instead of the bundled glossary.", valueName: "dir"))
  var lexicon: String?

  @Flag(help: "Use no curated entries: discovery alone (stop words still apply).")
  var noLexicon = false

  func validate() throws {
    if lexicon != nil && noLexicon { throw ValidationError("--lexicon and --no-lexicon cannot be used together") }
  }

  /// Loads the chosen vocabulary, printing the lexicon's errors and exiting with their code when it has any.
  func vocabulary() throws -> Vocabulary {
    do {
      return try LexiconLoader.vocabulary(noLexicon ? .none : lexicon.map { .directory($0) } ?? .bundled)
    } catch {
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
  }
}
