import CNKBModel
import CNKBTerms
import Foundation

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
    /// Characters of sentence text up to which a phrase written once may stand as a term because its head
    /// noun heads established terms (or, for one word, because it is always capitalised); past it, such a
    /// phrase needs two mentions, and one more for each fourfold growth of the text.
    public var vouchingTextScale = 1_000_000
    /// Whether a discovered one-word term that the corpus writes about as often as general software manuals do
    /// ("option", "version") ranks lower, unless a sentence of its own defines it on a page holding at least a
    /// quarter of its mentions (see `BackgroundWords`).
    public var ranksOrdinaryWordsLower = true
    /// Creates the default options.
    public init() {}
  }

  let vocabulary: Vocabulary
  let options: Options
  let tokenizer = Tokenizer()
  let acronyms = AcronymFinder()

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
    let stopwords = vocabulary.stopwords
    let enumerations = EnumerationFinder(isStopword: { stopwords.contains($0) })
    // Documents are read in contiguous runs on every core, and the runs' findings joined in document order,
    // so the result is the same as reading them one after another.
    let runs = contiguousRuns(count: sorted.count, perCore: 4)
    let collected = OrderedResults<CorpusCollector>(count: runs.count)
    DispatchQueue.concurrentPerform(iterations: runs.count) { run in
      var collector = CorpusCollector(vocabulary: vocabulary, options: options)
      for document in sorted[runs[run]] {
        collector.collect(document, tokenizer: tokenizer, acronyms: acronyms, enumerations: enumerations)
      }
      collected.store(collector, at: run)
    }
    // The first run's collector becomes the corpus's, rather than being copied into an empty one.
    var corpus = runs.isEmpty ? CorpusCollector(vocabulary: vocabulary, options: options) : collected.take(0)
    for run in runs.indices.dropFirst() { corpus.absorb(collected.take(run)) }
    let concepts = corpus.concepts(documents: sorted)
    return ConceptGraph(
      concepts: concepts, relations: [], documentCount: sorted.count,
      sentenceCount: sorted.reduce(0) { $0 + $1.sentences.count })
  }
}
