import ArgumentParser
import CNKBPipeline
import Foundation
import Logging

/// Opens the knowledge base, turning failures into a message and the documented exit code.
///
/// - Parameter mustExist: for read commands: a missing database is an error (66), not a new empty file.
func openKnowledgeBase(_ path: String, logger: Logger, mustExist: Bool = false) throws -> KnowledgeBase {
  if mustExist && !FileManager.default.fileExists(atPath: path) {
    Terminal.error("\(path): error: no database here (run cnkb ingest first, or pass --db)")
    throw ExitCode(66)
  }
  do {
    return try KnowledgeBase(databasePath: path, logger: logger)
  } catch {
    Terminal.error(error.description)
    throw ExitCode(error.exitCode)
  }
}
