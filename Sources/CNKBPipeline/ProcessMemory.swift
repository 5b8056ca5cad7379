import Foundation

/// How the process's C allocator is asked to keep its resident memory close to what is live.
///
/// glibc gives each thread that allocates concurrently an arena of its own, up to eight per core. A build's
/// export lanes and store each fill and free their own arenas, and memory freed in one cannot serve another,
/// so the resident size grows far past the live heap: on a 104 MB corpus, about twice the heap while the exports
/// were written. When jemalloc serves the process instead (the `cnkb` executable links it), glibc's settings do
/// not apply and freed memory is handed back through jemalloc's control interface; with neither, these calls
/// do nothing.
public enum ProcessMemory {
  /// Blocks at least this large are mapped from the system on their own and handed back when freed.
  static let ownMappingThreshold: Int32 = 256 * 1024

  /// Limits the allocator to one arena per core, and has it map large blocks on their own.
  ///
  /// By default glibc maps blocks from 128 KiB on their own, but raises that threshold each time it frees
  /// one, up to 32 MiB; from then on a stage's large working tables (the candidate table, long mention lists,
  /// co-occurrence counts) come from the heap, where the small blocks that outlive the stage keep the pages
  /// from being handed back. A fixed threshold keeps them apart: at 104 MB the build's peak fell by 25-48 MB
  /// (see BENCHMARKS.md). Call it first thing, before any thread starts.
  public static func tuneAllocator() {
    #if os(Linux)
      guard jemallocControl == nil, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else {
        return
      }
      let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
      // Parameter numbers from glibc's malloc.h.
      let arenaMaximum: Int32 = -8  // M_ARENA_MAX
      let mappingThreshold: Int32 = -3  // M_MMAP_THRESHOLD
      _ = mallopt(arenaMaximum, Int32(max(1, ProcessInfo.processInfo.activeProcessorCount)))
      _ = mallopt(mappingThreshold, ownMappingThreshold)
    #endif
  }

  /// Hands memory that has been freed back to the system: jemalloc purges every arena's unused pages at once
  /// (rather than over the ten seconds it otherwise takes), glibc trims its heaps (`malloc_trim`).
  static func returnFreedMemory() {
    if let control = jemallocControl {
      // MALLCTL_ARENAS_ALL (4096) names every arena.
      _ = control("arena.4096.purge", nil, nil, nil, 0)
    } else if let trim = mallocTrim {
      _ = trim(0)
    }
  }

  /// The allocator serving the process: "jemalloc" and its release when jemalloc does (the `cnkb` executable
  /// links it), else nil, for the C library's own malloc.
  public static var jemallocRelease: String? {
    var version: UnsafePointer<CChar>?
    var size = MemoryLayout<UnsafePointer<CChar>?>.size
    guard let control = jemallocControl, control("version", &version, &size, nil, 0) == 0, let version else {
      return nil
    }
    // The version reads like "5.3.0-0-g54eaed1d…": the release, then the commit it was built from.
    return "jemalloc " + (String(cString: version).split(separator: "-").first.map(String.init) ?? "")
  }

  /// jemalloc's `mallctl`, when jemalloc serves the process; nil on the C library's own allocator.
  private static let jemallocControl:
    (
      @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
        UnsafeMutableRawPointer?, Int
      ) -> Int32
    )? = {
      #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return nil }
        return unsafeBitCast(
          symbol,
          to: (@convention(c) (
            UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
            UnsafeMutableRawPointer?, Int
          ) -> Int32).self)
      #else
        return nil
      #endif
    }()

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
