import CNKBModel

/// What happened to one input during an ingest.
public struct IngestEntry: Sendable, Hashable, Codable {
  /// The outcome for one document or one input file.
  public enum Outcome: String, Sendable, Hashable, Codable {
    /// A new document was stored.
    case added
    /// A stored document had different content and was replaced.
    case changed
    /// The stored document had the same content hash; nothing was written.
    case unchanged
    /// The input was passed over on purpose (for example, not a document type); `reason` says why.
    case skipped
    /// The input could not be read or converted; `reason` holds the error message.
    case failed
  }

  /// The file path (or `-`) the entry came from.
  public var origin: String
  /// The document's source (URL or path), when a document was identified.
  public var source: String?
  /// The document's title, when known.
  public var title: String?
  /// The outcome.
  public var outcome: Outcome
  /// Why it was skipped or failed; nil otherwise.
  public var reason: String?
  /// Whether the failure was a missing input (exit code 66) rather than bad data (65).
  public var isMissingInput: Bool
  /// Recoverable problems met while converting.
  public var warnings: [String]
  /// Number of sentences stored (0 unless added or changed).
  public var sentences: Int

  /// Creates an entry.
  public init(
    origin: String, source: String? = nil, title: String? = nil, outcome: Outcome, reason: String? = nil,
    isMissingInput: Bool = false, warnings: [String] = [], sentences: Int = 0
  ) {
    self.origin = origin
    self.source = source
    self.title = title
    self.outcome = outcome
    self.reason = reason
    self.isMissingInput = isMissingInput
    self.warnings = warnings
    self.sentences = sentences
  }
}

/// The result of an ingest: one entry per document or per input that produced none.
public struct IngestReport: Sendable, Hashable, Codable {
  /// Entries in input order.
  public var entries: [IngestEntry]

  /// Creates a report.
  public init(entries: [IngestEntry] = []) { self.entries = entries }

  /// How many entries have the given outcome.
  public func count(_ outcome: IngestEntry.Outcome) -> Int {
    entries.reduce(0) { $0 + ($1.outcome == outcome ? 1 : 0) }
  }

  /// One line summing the outcomes, such as `3 added, 0 changed, 17 unchanged, 1 skipped, 0 failed`.
  public var summary: String {
    "\(count(.added)) added, \(count(.changed)) changed, \(count(.unchanged)) unchanged, "
      + "\(count(.skipped)) skipped, \(count(.failed)) failed"
  }
}

/// How far an ingest has come, for a progress line.
public struct IngestProgress: Sendable {
  /// Inputs finished so far.
  public var done: Int
  /// Inputs in all.
  public var total: Int
  /// The input being read now.
  public var current: String
}
