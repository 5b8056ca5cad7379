import ArgumentParser
import CNKBPipeline
import Foundation
import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cnkb define`: what a term means: its names, category, best definition and strongest relations.
struct DefineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "define",
    abstract: "Show what a term means: its names, category, definition and strongest relations.",
    discussion: """
      TERM is a label, abbreviation, alias or concept id, in any case ("cni", "CNI plugins", \
      "container-network-interface"). Prints the sentence of the corpus that best defines it with its \
      document, the curated lexicon's description when there is one, and the five strongest related terms. \
      Reads the graph of the last cnkb build.
      """
  )

  @Argument(help: ArgumentHelp("The term to define.", valueName: "term"))
  var term: String

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if term.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give a term, e.g. cnkb define CNM") }
  }

  func run() throws {
    let questions = try Questions.load(store, logging, about: term, strongest: 5)
    let concept = try Questions.concept(named: term, in: questions, db: store.db)
    var related: [RelatedConcept] = []
    do {
      // The five strongest, one line per concept even when two relations link it.
      related = try questions.strongestRelatedConcepts(to: concept.id, limit: 5)
    } catch {
      throw Questions.fail(error, db: store.db)
    }
    switch format {
    case .json:
      Terminal.out(try renderJSON(Output(concept: concept, related: related)))
    case .text:
      Terminal.out(renderText(concept, related))
    }
  }

  private func renderText(_ concept: Concept, _ related: [RelatedConcept]) -> String {
    let width = Questions.width
    var lines = [Terminal.bold(Questions.fullName(concept)), ""]
    var rows: [(String, String)] = []
    rows.append(("label", concept.label))
    if let abbreviation = concept.abbreviation { rows.append(("abbreviation", abbreviation)) }
    rows.append(("category", concept.category ?? "unknown"))
    rows.append(("origin", Questions.origin(concept.origin)))
    if !concept.aliases.isEmpty { rows.append(("aliases", concept.aliases.joined(separator: ", "))) }
    let documents = concept.documents.count == 1 ? "1 document" : "\(concept.documents.count) documents"
    rows.append(("mentions", "\(concept.mentionCount) in \(documents)"))
    for (name, value) in rows {
      let prefix = "  " + name.padding(toLength: 14, withPad: " ", startingAt: 0)
      let wrapped = Questions.wrap(value, width: width - prefix.count)
      lines.append(prefix + (wrapped.first ?? ""))
      lines += wrapped.dropFirst().map { String(repeating: " ", count: prefix.count) + $0 }
    }

    lines.append("")
    var sections: [[String]] = []
    if let definition = concept.definition {
      // A sentence that does not say what the term is is shown as what the corpus says of it, after the
      // curated description when there is one.
      let heading =
        definition.saysWhatItIs
        ? Terminal.bold("Definition")
        : Terminal.bold("In the corpus") + " " + Terminal.dim("(no sentence says what it is; the closest one)")
      sections.append(
        [heading] + Questions.wrap(definition.text, width: width - 2).map { "  " + $0 }
          + ["  " + Terminal.dim(definition.document)])
    } else {
      sections.append([Terminal.bold("Definition"), "  " + Terminal.dim("no sentence of the corpus defines it")])
    }
    if let description = concept.description {
      let curated =
        [Terminal.bold("Lexicon description") + " " + Terminal.dim("(curated, not from the corpus)")]
        + Questions.wrap(description, width: width - 2).map { "  " + $0 }
      if concept.definition?.saysWhatItIs == false { sections.insert(curated, at: 0) } else { sections.append(curated) }
    }
    lines += sections.joined(separator: [""])
    lines.append("")
    lines.append(Terminal.bold("Strongest related terms"))
    if related.isEmpty { lines.append("  " + Terminal.dim("none")) }
    let typeWidth = related.map(\.type.count).max() ?? 0
    for item in related {
      lines.append(
        "  \(Questions.arrow(item.type, outgoing: item.isOutgoing)) "
          + item.type.padding(toLength: typeWidth + 2, withPad: " ", startingAt: 0) + Questions.fullName(item.concept))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The JSON shape of `cnkb define`.
  private struct Output: Encodable {
    var concept: Concept
    var related: [RelatedConcept]

    enum CodingKeys: String, CodingKey {
      case id, label, abbreviation, aliases, category, origin, score, mentions, documents, definition, description
      case related
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(concept.id, forKey: .id)
      try container.encode(concept.label, forKey: .label)
      try container.encode(concept.abbreviation, forKey: .abbreviation)
      try container.encode(concept.aliases, forKey: .aliases)
      try container.encode(concept.category, forKey: .category)
      try container.encode(concept.origin, forKey: .origin)
      try container.encode(Questions.rounded(concept.score), forKey: .score)
      try container.encode(concept.mentionCount, forKey: .mentions)
      try container.encode(concept.documents, forKey: .documents)
      try container.encode(concept.definition, forKey: .definition)
      try container.encode(concept.description, forKey: .description)
      try container.encode(related.map(RelatedJSON.init), forKey: .related)
    }
  }
}

// MARK: - Shared by define, related, path and diagram

/// What the question commands share: loading the graph, resolving terms, reporting errors and laying out text.
enum Questions {
  /// Opens the database at `store.db` and indexes its graph, or prints why it cannot and exits.
  ///
  /// A missing file or a database without a graph exits with 66 and says to run `cnkb build` first.
  /// - Parameters:
  ///   - term: when given, only the graph around the concepts it names is read, as much as `related(to:)`
  ///     with `type` and a limit of `strongest` (or `strongestRelatedConcepts` with that limit) shows, which
  ///     keeps a question about one concept fast on a large graph.
  static func load(
    _ store: StoreOptions, _ logging: LoggingOptions, about term: String? = nil, type: String? = nil,
    strongest: Int? = nil
  ) throws -> GraphQuestions {
    let logger = try logging.makeLogger()
    if !FileManager.default.fileExists(atPath: store.db) {
      Terminal.error("\(store.db): error: no knowledge base here (run cnkb build first, or pass --db)")
      throw ExitCode(66)
    }
    let base = try openKnowledgeBase(store.db, logger: logger, mustExist: true)
    do {
      guard let term else {
        let graph = try base.loadGraph()
        if graph.concepts.isEmpty { throw fail(.noGraph, db: store.db) }
        return GraphQuestions(graph)
      }
      // A question about one term reads only the graph around the concepts it names, from the name index.
      // A term no stored name matches gets the names of the concepts a suggestion could name (maybe none:
      // the name index exists, so the graph does).
      if let around = try base.questionsAround(term: term, type: type, strongest: strongest) {
        if around.questions.graph.concepts.isEmpty && !around.names { throw fail(.noGraph, db: store.db) }
        return around.questions
      }
      // Otherwise (a store without the name index): the graph without evidence, to find the concepts; then the
      // evidence the answer needs.
      let bare = try base.loadGraph(evidenceFor: [])
      if bare.concepts.isEmpty { throw fail(.noGraph, db: store.db) }
      let skeleton = GraphQuestions(bare)
      let ids = Set((try? skeleton.concept(named: term).id).map { [$0] } ?? [])
      return GraphQuestions(try base.fillingEvidence(of: bare, touching: ids))
    } catch let error as PipelineError {
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
  }

  /// Opens the database at `store.db` and reads from it with `body` (for a path, `KnowledgeBase.questionsForPath`;
  /// for a diagram, `KnowledgeBase.diagramNeighbourhood`), or prints why it cannot and exits.
  static func reading<Value>(
    _ store: StoreOptions, _ logging: LoggingOptions, _ body: (KnowledgeBase) throws(PipelineError) -> Value
  ) throws -> Value {
    let base = try openKnowledgeBase(store.db, logger: try logging.makeLogger(), mustExist: true)
    do {
      return try body(base)
    } catch {
      Terminal.error(error.description)
      throw ExitCode(error.exitCode)
    }
  }

  /// The concept `term` names, read from the name index alone (none of its relations), or the error (with
  /// suggestions) printed and an exit.
  static func concept(named term: String, _ store: StoreOptions, _ logging: LoggingOptions) throws -> Concept {
    try concept(named: term, in: load(store, logging, about: term, strongest: 0), db: store.db)
  }

  /// The concept `term` names, or the error (with suggestions) printed and an exit.
  static func concept(named term: String, in questions: GraphQuestions, db: String) throws -> Concept {
    do {
      return try questions.concept(named: term)
    } catch {
      throw fail(error, db: db)
    }
  }

  /// Prints `error` as `db: error: …` and returns the exit to throw.
  static func fail(_ error: GraphQuestionError, db: String) -> ExitCode {
    Terminal.error("\(db): error: \(error.description)")
    return ExitCode(error.exitCode)
  }

  /// The short name of a concept: its abbreviation, else its label.
  static func name(_ concept: Concept) -> String { concept.abbreviation ?? concept.label }

  /// The full name of a concept: `label (ABBREVIATION)`, or the label alone.
  static func fullName(_ concept: Concept) -> String {
    guard let abbreviation = concept.abbreviation, abbreviation.lowercased() != concept.label.lowercased() else {
      return concept.label
    }
    return "\(concept.label) (\(abbreviation))"
  }

  /// Where a concept came from, in words.
  static func origin(_ origin: ConceptOrigin) -> String {
    switch origin {
    case .lexicon: "lexicon"
    case .discovered: "discovered in the corpus"
    case .both: "lexicon and discovered in the corpus"
    }
  }

  /// `→` when the concept asked about is the relation's subject, `←` when it is the object, `↔` for
  /// co-occurrence.
  static func arrow(_ type: String, outgoing: Bool) -> String {
    type == GraphQuestions.coOccurrenceType ? "↔" : outgoing ? "→" : "←"
  }

  /// A number rounded to four decimals, as graph.json shows weights and scores (0 when not finite).
  static func rounded(_ value: Double) -> Double { value.isFinite ? (value * 10_000).rounded() / 10_000 : 0 }

  /// The width text is wrapped to: the terminal's (60 to 120 columns) when standard output is one, else 100.
  static var width: Int {
    guard Terminal.stdoutIsTTY else { return 100 }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return min(120, max(60, Int(size.ws_col)))
    }
    return 100
  }

  /// `text` broken into lines of at most `width` characters at spaces (a longer word gets a line of its own).
  static func wrap(_ text: String, width: Int) -> [String] {
    let limit = max(20, width)
    var lines: [String] = []
    var line = ""
    for word in text.split(whereSeparator: \.isWhitespace) {
      if line.isEmpty {
        line = String(word)
      } else if line.count + 1 + word.count <= limit {
        line += " " + word
      } else {
        lines.append(line)
        line = String(word)
      }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// An evidence sentence, wrapped and indented, followed by its document, dimmed.
  static func evidenceLines(_ evidence: Evidence?, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    guard let evidence else { return [pad + Terminal.dim("(no evidence sentence stored)")] }
    return wrap(evidence.sentence, width: width - indent).map { pad + $0 } + [pad + Terminal.dim(evidence.document)]
  }
}

/// A concept in JSON output: id, label and abbreviation (null when it has none).
struct ConceptJSON: Encodable {
  var id: String
  var label: String
  var abbreviation: String?

  init(_ concept: Concept) {
    id = concept.id.rawValue
    label = concept.label
    abbreviation = concept.abbreviation
  }

  enum CodingKeys: String, CodingKey { case id, label, abbreviation }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(label, forKey: .label)
    try container.encode(abbreviation, forKey: .abbreviation)
  }
}

/// An evidence sentence in JSON output: the sentence and its document.
struct EvidenceJSON: Encodable {
  var sentence: String
  var document: String

  init(_ evidence: Evidence) {
    sentence = evidence.sentence
    document = evidence.document
  }
}

/// A related concept in JSON output (`cnkb define` and `cnkb related`).
struct RelatedJSON: Encodable {
  var item: RelatedConcept

  init(_ item: RelatedConcept) { self.item = item }

  enum CodingKeys: String, CodingKey {
    case concept, type, direction, source, target, weight, evidenceCount, evidence
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(ConceptJSON(item.concept), forKey: .concept)
    try container.encode(item.type, forKey: .type)
    try container.encode(item.isOutgoing ? "outgoing" : "incoming", forKey: .direction)
    try container.encode(item.relation.source, forKey: .source)
    try container.encode(item.relation.target, forKey: .target)
    try container.encode(Questions.rounded(item.relation.weight), forKey: .weight)
    try container.encode(item.relation.evidence.count, forKey: .evidenceCount)
    try container.encode(item.evidence.map(EvidenceJSON.init), forKey: .evidence)
  }
}
