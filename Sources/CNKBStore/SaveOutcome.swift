/// What `KnowledgeStore.save` did with a document.
public enum SaveOutcome: String, Sendable, Hashable, Codable {
  /// No document had this source: it was inserted.
  case added
  /// A document with this source but another content hash was replaced.
  case changed
  /// A document with this source and the same content hash was already stored: nothing was written.
  case unchanged
}
