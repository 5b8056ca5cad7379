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
    // so the result is the same as reading them one after another. Each run is joined as soon as the runs
    // before it are: held until the last run ends, every run's tables would be in memory at once, with a
    // bucket of its own for each term that several runs mention. Short runs keep what waits to be joined
    // small: at 104 MB of pages, twelve runs per core rather than four took the peak from 458 to 443 MiB.
    let runs = contiguousRuns(count: count, perCore: 12)
    let joiner = RunJoiner<Failure>()
    DispatchQueue.concurrentPerform(iterations: runs.count) { run in
      var read = ReadRun(collector: CorpusCollector(vocabulary: vocabulary, options: options))
      do throws(Failure) {
        for index in runs[run] {
          guard !joiner.hasFailed else { break }
          guard let next = try document(index) else { continue }
          read.collector.collect(next, tokenizer: tokenizer, acronyms: acronyms, enumerations: enumerations)
          if let title = next.title { read.titles[next.source] = title }
          read.documents += 1
          read.sentences += next.sentences.count
        }
        joiner.finish(run, with: .success(read))
      } catch {
        joiner.finish(run, with: .failure(error))
      }
    }
    // Taken out of the joiner, so that the collector resolving concepts is the tables' only holder and changes
    // them in place.
    var joined: ReadRun? = try joiner.takeResult()
    let (titles, documents, sentences) = (joined?.titles ?? [:], joined?.documents ?? 0, joined?.sentences ?? 0)
    var reader = joined?.collector ?? CorpusCollector(vocabulary: vocabulary, options: options)
    joined = nil
    let concepts = reader.concepts(titles: titles)
    return ConceptGraph(concepts: concepts, relations: [], documentCount: documents, sentenceCount: sentences)
  }

  /// What one core gathered from its run of documents.
  fileprivate struct ReadRun {
    var collector: CorpusCollector
    /// Titles by source.
    var titles: [String: String] = [:]
    var documents = 0
    var sentences = 0
  }
}

/// Joins the runs' findings in run order as they arrive, on whichever core finished the run that lets the
/// join go on; the other cores keep reading meanwhile.
///
/// A run that ends before an earlier one waits in `waiting`. The first failure in run order stops the join:
/// the runs after it are let go unjoined, and `takeResult()` throws it, as taking the runs one by one in order
/// would.
private final class RunJoiner<Failure: Error>: @unchecked Sendable {
  // Unchecked: `waiting`, `next`, `joining` and `failure` are touched under `lock` only, and `joined` only by
  // the one thread that set `joining`, or after every run has finished.
  private let lock = NSLock()
  private var waiting: [Int: Result<ConceptExtractor.ReadRun, Failure>] = [:]
  private var next = 0
  private var joining = false
  private var failure: Failure?
  private var joined: ConceptExtractor.ReadRun?

  /// Whether a run before every unjoined one failed: reading further is wasted.
  var hasFailed: Bool {
    lock.lock()
    defer { lock.unlock() }
    return failure != nil
  }

  /// Hands over run `run`'s findings, and joins every run that can be joined now unless another thread is
  /// already doing so (it will take this one too).
  func finish(_ run: Int, with result: Result<ConceptExtractor.ReadRun, Failure>) {
    lock.lock()
    guard failure == nil else {
      lock.unlock()
      return
    }
    waiting[run] = result
    guard !joining else {
      lock.unlock()
      return
    }
    joining = true
    while let ready = waiting.removeValue(forKey: next) {
      next += 1
      lock.unlock()
      var stop: Failure?
      switch ready {
      case .success(let read): absorb(read)
      case .failure(let error): stop = error
      }
      lock.lock()
      if let stop {
        failure = stop
        waiting = [:]
        break
      }
    }
    joining = false
    lock.unlock()
  }

  private func absorb(_ read: ConceptExtractor.ReadRun) {
    guard var sum = joined else {
      joined = read
      return
    }
    joined = nil
    sum.collector.absorb(read.collector)
    sum.titles.merge(read.titles) { _, later in later }
    sum.documents += read.documents
    sum.sentences += read.sentences
    joined = sum
  }

  /// Every run's findings joined (nil when there were no runs), taken out of the joiner, once every run has
  /// finished; throws the first failure in run order.
  func takeResult() throws(Failure) -> ConceptExtractor.ReadRun? {
    lock.lock()
    defer { lock.unlock() }
    if let failure { throw failure }
    defer { joined = nil }
    return joined
  }
}
