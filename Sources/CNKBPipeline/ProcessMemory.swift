import Foundation

/// How the process's C allocator is asked to keep its resident memory close to what is live.
///
/// glibc gives each thread that allocates concurrently an arena of its own, up to eight per core. A build's
/// export lanes and store each fill and free their own arenas, and memory freed in one cannot serve another,
/// so the resident size grows far past the live heap: on a 104 MB corpus, about twice the heap while the exports
/// were written. Elsewhere than on glibc these calls do nothing.
public enum ProcessMemory {
  /// Limits the allocator to one arena per core.
  ///
  /// Call it first thing, before any thread starts.
  public static func limitArenasToCores() {
    #if os(Linux)
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
      let arenaMaximum: Int32 = -8  // M_ARENA_MAX in glibc's malloc.h
      _ = mallopt(arenaMaximum, Int32(max(1, ProcessInfo.processInfo.activeProcessorCount)))
    #endif
  }

  /// Hands memory that has been freed back to the system (glibc's `malloc_trim`).
  static func returnFreedMemory() {
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
}
