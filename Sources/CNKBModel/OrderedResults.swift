import Foundation

/// Results computed on several threads, one slot each, then taken in slot order by one thread: how every
/// stage that works on all cores (`DispatchQueue.concurrentPerform`) keeps its output in input order.
public final class OrderedResults<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()

  /// Creates `count` empty slots.
  public init(count: Int) { slots = Array(repeating: nil, count: count) }

  /// Fills a slot; safe from any thread.
  public func store(_ value: Value, at index: Int) {
    lock.lock()
    defer { lock.unlock() }
    slots[index] = value
  }

  /// Empties a slot and returns what it held, or nil when nothing was stored there.
  public func takeIfStored(_ index: Int) -> Value? {
    lock.lock()
    defer { lock.unlock() }
    let value = slots[index]
    slots[index] = nil
    return value
  }

  /// Empties a slot that must have been filled and returns what it held.
  public func take(_ index: Int) -> Value {
    guard let value = takeIfStored(index) else { preconditionFailure("slot \(index) was not filled") }
    return value
  }
}

/// Items `0..<count` cut into contiguous runs for `OrderedResults`: `perCore` runs for each active core (several,
/// so that one long item does not hold up the rest), never more runs than items, none when there are none.
public func contiguousRuns(count: Int, perCore: Int) -> [Range<Int>] {
  guard count > 0 else { return [] }
  let pieces = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * max(1, perCore))
  return (0..<pieces).map { piece in (piece * count / pieces)..<((piece + 1) * count / pieces) }
}

/// `transform` of every item, worked out on every core in contiguous runs (`perCore` per core), in the items'
/// order: for pure functions of one item, so the result is the one a plain `map` gives.
public func mapOnEveryCore<Item: Sendable, Value>(
  _ items: [Item], perCore: Int = 8, _ transform: @Sendable (Item) -> Value
) -> [Value] {
  let runs = contiguousRuns(count: items.count, perCore: perCore)
  let results = OrderedResults<[Value]>(count: runs.count)
  DispatchQueue.concurrentPerform(iterations: runs.count) { run in
    results.store(items[runs[run]].map(transform), at: run)
  }
  return runs.indices.flatMap { results.take($0) }
}

/// Replaces `value` with `empty` and lets go of what it held on another thread.
///
/// Freeing a large structure of small allocations (a corpus's candidate terms and their mentions) takes
/// seconds; done on another core, it overlaps the work that follows instead of coming before it. Only what
/// nothing else still references is freed there.
public func releaseOnAnotherCore<Value>(_ value: inout Value, leaving empty: Value) {
  let held = ReleasedLater(empty)
  swap(&held.value, &value)
  DispatchQueue.global(qos: .utility).async { held.release() }
}

/// A value held until `release()` puts the empty one in its place.
private final class ReleasedLater<Value>: @unchecked Sendable {
  var value: Value
  private let empty: Value
  init(_ empty: Value) {
    self.value = empty
    self.empty = empty
  }
  func release() { value = empty }
}
