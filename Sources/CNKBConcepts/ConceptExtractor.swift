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
    return extract(count: sorted.count) { sorted[$0] }
  }

  /// Extracts the concepts of `count` documents, fetching each only when it is read: document `index` is
  /// `document(index)`, in ascending order of source (nil skips one).
  ///
  /// A document is let go once it is read; what the concepts need of it (its sentences, its title, the kind of
  /// block each sentence is in) is kept, its text, blocks and inline marks are not. So a caller that fetches
  /// documents from a store holds one per core, never the corpus. The first failure to fetch one is thrown,
  /// once every core has stopped.
  public func extract<Failure: Error>(
    count: Int, document: @Sendable (Int) throws(Failure) -> Document?
  ) throws(Failure) -> ConceptGraph {
    let stopwords = vocabulary.stopwords
    let enumerations = EnumerationFinder(isStopword: { stopwords.contains($0) })
    // Documents are read in contiguous runs on every core, and the runs' findings joined in document order,
    // so the result is the same as reading them one after another.
    let runs = contiguousRuns(count: count, perCore: 4)
    let collected = OrderedResults<Result<ReadRun, Failure>>(count: runs.count)
    DispatchQueue.concurrentPerform(iterations: runs.count) { run in
      var read = ReadRun(collector: CorpusCollector(vocabulary: vocabulary, options: options))
      do throws(Failure) {
        for index in runs[run] {
          guard let next = try document(index) else { continue }
          read.collector.collect(next, tokenizer: tokenizer, acronyms: acronyms, enumerations: enumerations)
          if let title = next.title { read.titles[next.source] = title }
          read.documents += 1
          read.sentences += next.sentences.count
        }
        collected.store(.success(read), at: run)
      } catch {
        collected.store(.failure(error), at: run)
      }
    }
    // The first run's collector becomes the corpus's, rather than being copied into an empty one.
    var corpus: CorpusCollector?
    var titles: [String: String] = [:]
    var documents = 0
    var sentences = 0
    for run in runs.indices {
      let read = try collected.take(run).get()
      if corpus == nil { corpus = read.collector } else { corpus?.absorb(read.collector) }
      titles.merge(read.titles) { _, later in later }
      documents += read.documents
      sentences += read.sentences
    }
    var reader = corpus ?? CorpusCollector(vocabulary: vocabulary, options: options)
    corpus = nil
    let concepts = reader.concepts(titles: titles)
    return ConceptGraph(concepts: concepts, relations: [], documentCount: documents, sentenceCount: sentences)
  }

  /// What one core gathered from its run of documents.
  private struct ReadRun {
    var collector: CorpusCollector
    /// Titles by source.
    var titles: [String: String] = [:]
    var documents = 0
    var sentences = 0
  }
}
