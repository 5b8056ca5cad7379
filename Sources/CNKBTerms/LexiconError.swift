/// One problem found in a lexicon file, reported the way a compiler reports an error.
public struct LexiconDiagnostic: Sendable, Hashable, CustomStringConvertible {
  /// The file, as given (`glossary/terms.jsonl`).
  public var file: String
  /// The 1-based line, or 0 when the problem concerns the whole file.
  public var line: Int
  /// What is wrong (`duplicate term 'service mesh'`).
  public var message: String
  /// What to do, or a detail that helps (`first defined on line 4`); nil when there is nothing to add.
  public var hint: String?

  /// Creates a diagnostic.
  public init(file: String, line: Int, message: String, hint: String? = nil) {
    self.file = file
    self.line = line
    self.message = message
    self.hint = hint
  }

  /// `file:line: error: message (hint)`, leaving out the line when it is 0 and the hint when there is none.
  public var description: String {
    let place = line > 0 ? "\(file):\(line)" : file
    return "\(place): error: \(message)" + (hint.map { " (\($0))" } ?? "")
  }
}

/// Why a lexicon could not be loaded.
public enum LexiconError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The lexicon has problems; every one found is listed, in file and line order.
  case invalid([LexiconDiagnostic])

  /// The diagnostics.
  public var diagnostics: [LexiconDiagnostic] {
    switch self {
    case .invalid(let diagnostics): diagnostics
    }
  }

  /// The diagnostics, one per line.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
