import Foundation

/// Work started on another thread at once, whose result is waited for later: the build's way of doing two
/// things side by side (converting the next batch while this one is written, storing while exporting).
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
  private let finished = DispatchGroup()
  /// Set once by the work, read only after `finished` is left.
  private var value: Value?

  /// Starts `work` on a global queue.
  init(_ work: @escaping @Sendable () -> Value) {
    DispatchQueue.global(qos: .userInitiated).async(group: finished) { [self] in value = work() }
  }

  /// Waits for the work, then returns its result (the same one on every call).
  func wait() -> Value {
    finished.wait()
    guard let value else { preconditionFailure("background work finished without a result") }
    return value
  }
}
