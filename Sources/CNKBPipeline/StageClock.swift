import Foundation
import Logging

/// Times the stages of a build for the log and keeps their memory apart.
///
/// Each lap logs how long the stage took and the process's peak memory so far, then hands the memory the
/// stage freed back to the system, so that one stage's peak is not stacked on the next one's.
struct StageClock {
  private let logger: Logger
  private let clock = ContinuousClock()
  private var started: ContinuousClock.Instant

  init(logger: Logger) {
    self.logger = logger
    started = clock.now
  }

  /// Ends the stage `name` (logged as "NAME took …") and starts the next.
  mutating func lap(_ name: String) {
    let now = clock.now
    logger.info("\(name) took \(now - started), peak memory \(Self.peakMemoryMB()) MB")
    // Each stage frees most of what it built (the extraction's candidate terms, the co-occurrence tables), but
    // the C allocator keeps freed pages, scattered among live ones, and the next stage's large tables would be
    // mapped afresh beside them: the peaks of successive stages would add up in the resident size.
    ProcessMemory.returnFreedMemory()
    started = clock.now
  }

  /// The process's peak resident memory so far, in MB.
  private static func peakMemoryMB() -> Int {
    var usage = rusage()
    #if os(Linux)
      guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
      return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
    #else
      guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
      return Int(usage.ru_maxrss) / 1_048_576  // bytes on macOS
    #endif
  }
}
