import CNKBConcepts
import Foundation

/// Where the curated lexicon comes from.
public enum LexiconSource: Sendable, Hashable {
  /// The glossary bundled into the binary.
  case bundled
  /// A glossary folder (`terms.jsonl`, `stoplist.txt`, `stopwords-en.txt`, `overrides.jsonl`).
  case directory(String)
  /// No curated entries (stop words still apply).
  case none
}

/// Loads the vocabulary the concept stage uses.
public enum LexiconLoader {
  /// The vocabulary for a lexicon source.
  public static func vocabulary(_ source: LexiconSource) throws(PipelineError) -> Vocabulary {
    Vocabulary()
  }
}
