import ArgumentParser
import CNKBPipeline
import Foundation

/// The `--wait` flag of the commands that write a store: how long to wait for another run on the same folder.
struct WaitOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "When another cnkb run is writing the same folder, wait this many seconds for it to finish (0: fail at once "
        + "with exit code 75).", valueName: "seconds"))
  var wait: Double = 300

  func validate() throws {
    if !(wait >= 0) { throw ValidationError("--wait needs a number of seconds, 0 or more") }
  }
}

/// Takes the exclusive lock on `folder` (see `BuildLock`), saying so on standard error while it waits;
/// a folder still busy after `wait` seconds exits 75, one that cannot be locked 73.
func lockOutputFolder(_ folder: String, wait: Double) throws -> BuildLock {
  do {
    return try BuildLock.acquire(folder: folder, timeout: wait) { holder in
      Terminal.error("waiting for another cnkb build in \(folder)\(holder.map { " (pid \($0))" } ?? "")…")
    }
  } catch {
    Terminal.error(error.description)
    throw ExitCode(error.exitCode)
  }
}

extension StoreOptions {
  /// The folder holding the database: the one `ingest` and `remove` lock, as `build` locks its `--out`.
  var folder: String {
    let parent = (db as NSString).deletingLastPathComponent
    return parent.isEmpty ? "." : parent
  }
}
