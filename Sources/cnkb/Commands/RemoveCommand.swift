import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb remove`: takes documents out of the store by source.
struct RemoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove",
    abstract: "Remove stored documents by their source (URL or path, as `cnkb stats --documents` lists them)."
  )

  @Argument(help: ArgumentHelp("Sources to remove.", valueName: "source"))
  var sources: [String]

  @OptionGroup var store: StoreOptions
  @OptionGroup var waiting: WaitOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if sources.isEmpty { throw ValidationError("give at least one source to remove") }
  }

  func run() throws {
    let logger = try logging.makeLogger()
    let base = try openKnowledgeBase(store.db, logger: logger, mustExist: true)
    let lock = try lockOutputFolder(store.folder, wait: waiting.wait)
    defer { withExtendedLifetime(lock) {} }
    var missing = 0
    for source in sources {
      do {
        if try base.remove(source: source) {
          Terminal.out("removed  \(source)\n")
        } else {
          missing += 1
          Terminal.error("\(source): error: no stored document has this source (see cnkb stats --documents)")
        }
      } catch {
        Terminal.error(error.description)
        throw ExitCode(error.exitCode)
      }
    }
    if missing > 0 { throw ExitCode(66) }
  }
}
