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
    Self.returnFreedMemory()
    started = clock.now
  }

  /// Hands memory freed by the stage that just ended back to the system.
  ///
  /// Each stage frees most of what it built (the extraction's candidate terms, the co-occurrence tables), but
  /// the C allocator keeps freed pages, scattered among live ones, and the next stage's large tables are
  /// mapped afresh beside them; without this, peaks of successive stages add up in the resident size.
  private static func returnFreedMemory() {
    if let trim = mallocTrim { _ = trim(0) }
  }

  /// glibc's `malloc_trim`, looked up at run time (Swift's Glibc module does not declare it; other C
  /// libraries lack it, and then nothing is trimmed).
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    #if os(Linux)
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    #else
      return nil
    #endif
  }()

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
