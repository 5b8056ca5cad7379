import CNKBModel
import CNKBTerms

/// Turns a corpus of converted documents into concepts: curated lexicon matches plus discovered terms,
/// acronyms resolved across the corpus, variants merged, each with its mentions, score and best definition.
///
/// The stage is pure: documents and a vocabulary in, a `ConceptGraph` out (relations are a later stage).
public struct ConceptExtractor: Sendable {
  /// Tunable thresholds; `ConceptExtractor.Options()` holds the defaults.
  public struct Options: Sendable, Hashable, Codable {
    /// Longest discovered term, in words.
    public var maximumWords = 5
    /// Mentions a discovered term needs unless the markup singled it out.
    public var minimumFrequency = 2
    /// Discovered concepts whose score is below this are dropped.
    public var minimumDiscoveredScore = 1.5
    /// Creates the default options.
    public init() {}
  }

  private let vocabulary: Vocabulary
  private let options: Options
  private let tokenizer = Tokenizer()
  private let acronyms = AcronymFinder()

  /// Creates an extractor over a vocabulary (use an empty entry list for discovery alone).
  public init(vocabulary: Vocabulary, options: Options = Options()) {
    self.vocabulary = vocabulary
    self.options = options
  }

  /// Extracts the concepts of `documents`.
  ///
  /// The result does not depend on the documents' order.
  public func extract(_ documents: [Document]) -> ConceptGraph {
    let sorted = documents.sorted { $0.source < $1.source }
    var corpus = CorpusCollector(vocabulary: vocabulary, options: options)
    let stopwords = vocabulary.stopwords
    let enumerations = EnumerationFinder(isStopword: { stopwords.contains($0) })
    for document in sorted {
      corpus.collect(document, tokenizer: tokenizer, acronyms: acronyms, enumerations: enumerations)
    }
    let concepts = corpus.concepts(documents: sorted)
    return ConceptGraph(
      concepts: concepts, relations: [], documentCount: sorted.count,
      sentenceCount: sorted.reduce(0) { $0 + $1.sentences.count })
  }
}
