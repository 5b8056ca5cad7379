import ArgumentParser
import CNKBPipeline

/// Ingests with a progress line on a terminal, turning a store failure into its message and exit code.
func ingestWithProgress(_ base: KnowledgeBase, _ paths: [String], stdinName: String = "-") throws -> IngestReport {
  do {
    let report = try base.ingest(paths, stdinName: stdinName) { progress in
      Terminal.progress("[\(progress.done)/\(progress.total)] \(progress.current)")
    }
    Terminal.clearProgress()
    return report
  } catch {
    Terminal.clearProgress()
    Terminal.error(error.description)
    throw ExitCode(error.exitCode)
  }
}

/// Prints each input's warnings and errors on standard error, one compiler-style line each.
func printProblems(_ report: IngestReport) {
  for entry in report.entries {
    for warning in entry.warnings { Terminal.error("\(entry.source ?? entry.origin): warning: \(warning)") }
    if entry.outcome == .failed, let reason = entry.reason { Terminal.error(reason) }
  }
}

/// Exits with 66 when an input was missing, 65 when one was bad data, and returns otherwise.
func exitForFailures(_ report: IngestReport) throws {
  if report.entries.contains(where: { $0.outcome == .failed && $0.isMissingInput }) { throw ExitCode(66) }
  if report.count(.failed) > 0 { throw ExitCode(65) }
}
