/// A curation decision from `glossary/overrides.jsonl`, applied on every build.
///
/// Overrides may name discovered terms as well as lexicon labels, so only their shape is validated.
public enum Override: Sendable, Hashable {
  /// Never keep a discovered term with this surface: `{"reject": "term"}`.
  case reject(String, line: Int)
  /// Merge the terms with these surfaces into the concept labelled `into`: `{"merge": [...], "into": "label"}`.
  case merge([String], into: String, line: Int)
  /// Give the concept labelled `label` a new label: `{"rename": "label", "to": "new label"}`.
  case rename(String, to: String, line: Int)
  /// Use this exact sentence from this document as the concept's definition:
  /// `{"pin": "label", "definition": "…", "document": "source URL or path"}`.
  case pin(String, definition: String, document: String, line: Int)

  /// The line of `overrides.jsonl` that holds the override (1-based).
  public var line: Int {
    switch self {
    case .reject(_, let line), .merge(_, _, let line), .rename(_, _, let line), .pin(_, _, _, let line): line
    }
  }
}
