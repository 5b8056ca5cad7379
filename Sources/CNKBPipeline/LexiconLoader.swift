import CNKBConcepts
import CNKBTerms
import Foundation

/// Where the curated lexicon comes from.
public enum LexiconSource: Sendable, Hashable {
  /// The glossary compiled into the binary (`glossary/`, embedded by `Scripts/embed-glossary.sh`).
  case bundled
  /// A glossary folder (`terms.jsonl`, `stoplist.txt`, `stopwords-en.txt`, `overrides.jsonl`).
  case directory(String)
  /// No curated entries or overrides; the bundled stop words and stop list still apply (language data).
  case none
}

/// Loads the lexicon and hands the concept stage what it needs of it.
public enum LexiconLoader {
  /// The vocabulary for a lexicon source.
  ///
  /// - Throws: `PipelineError.lexicon` with every problem in the folder, one `file:line: error:` per line.
  public static func vocabulary(_ source: LexiconSource) throws(PipelineError) -> Vocabulary {
    let lexicon: Lexicon
    switch source {
    case .bundled:
      lexicon = Lexicon.bundled()
    case .none:
      let bundled = Lexicon.bundled()
      return Vocabulary(stopwords: bundled.stopwords, stopList: bundled.stopList)
    case .directory(let path):
      do {
        lexicon = try Lexicon(contentsOf: URL(fileURLWithPath: path))
      } catch {
        throw .lexicon(error.description)
      }
    }
    return Vocabulary(
      entries: lexicon.entries.map {
        Vocabulary.Entry(
          label: $0.label, category: $0.category.rawValue, abbreviations: $0.abbreviations, aliases: $0.aliases,
          description: $0.description)
      },
      stopwords: lexicon.stopwords, stopList: lexicon.stopList,
      overrides: lexicon.overrides.map { override -> Vocabulary.Override in
        switch override {
        case .reject(let term, _): .reject(term)
        case .merge(let variants, let into, _): .merge(variants, into: into)
        case .rename(let term, let to, _): .rename(term, to: to)
        case .pin(let term, let definition, let document, _): .pin(term, definition: definition, document: document)
        }
      })
  }
}
