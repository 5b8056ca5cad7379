import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small helpers for writing to the terminal: standard error, TTY checks, colour, a progress line.
enum Terminal {
  /// Whether standard output is a terminal (colour and highlighting are used only then).
  static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
  /// Whether standard error is a terminal (the progress line is shown only then).
  static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

  /// Writes a line to standard error.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// Writes text to standard output without buffering surprises.
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Whether to colour standard output: a terminal, and `NO_COLOR` unset (https://no-color.org).
  static var colour: Bool {
    stdoutIsTTY && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
  }

  /// Bold text when colour is on.
  static func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  /// Dim text when colour is on.
  static func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

  /// Redraws a one-line progress indicator on standard error (only when it is a terminal).
  static func progress(_ text: String) {
    guard stderrIsTTY else { return }
    let width = 78
    let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
    FileHandle.standardError.write(Data("\r\u{1B}[K\(clipped)".utf8))
  }

  /// Clears the progress line.
  static func clearProgress() {
    guard stderrIsTTY else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
