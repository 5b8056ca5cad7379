import CJemalloc

/// The memory allocator the `cnkb` process runs on.
///
/// The executable links jemalloc, which then serves every allocation of the process in place of glibc's
/// malloc: a build of many pages allocates and frees small strings and arrays on every core, and there
/// jemalloc's per-thread caches and arenas cost less time than glibc's (BENCHMARKS.md has the figures).
/// The library targets do not link it: a program that embeds them keeps its own allocator.
enum Allocator {
  /// "jemalloc" and its version, or nil when the process does not run on jemalloc (its control interface
  /// does not answer).
  static var description: String? {
    var version: UnsafePointer<CChar>?
    var size = MemoryLayout<UnsafePointer<CChar>?>.size
    guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return nil }
    // The version reads like "5.3.0-0-g54eaed1d…": the release, then the commit it was built from.
    return "jemalloc " + (String(cString: version).split(separator: "-").first.map(String.init) ?? "")
  }
}
