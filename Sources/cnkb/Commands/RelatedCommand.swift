import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb related`: the concepts related to a term, strongest first, with the evidence for each relation.
struct RelatedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "related",
    abstract: "List the concepts related to a term, strongest first, with evidence.",
    discussion: """
      Typed relations (is_a, uses, proposed_by, …) come before related_to (mentioned together), then \
      heavier relations, then those with more evidence. → means the term is the relation's subject, ← its \
      object, ↔ that the two are mentioned together. Each relation shows the sentence that best supports it \
      and its document.
      """
  )

  @Argument(help: ArgumentHelp("The term to start from.", valueName: "term"))
  var term: String

  @Option(help: "At most this many relations.")
  var limit: Int = 10

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only relations of this type: \(GraphQuestions.relationTypes.joined(separator: ", ")).", valueName: "type"))
  var type: String?

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if term.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("give a term, e.g. cnkb related MACvlan")
    }
    if limit < 1 { throw ValidationError("--limit must be at least 1") }
    if let type, !GraphQuestions.relationTypes.contains(type) {
      let error = GraphQuestionError.unknownRelationType(type, valid: GraphQuestions.relationTypes)
      throw ValidationError(error.description)
    }
  }

  func run() throws {
    let questions = try Questions.load(store, logging, about: term, type: type, strongest: limit)
    let concept = try Questions.concept(named: term, in: questions, db: store.db)
    let shown: [RelatedConcept]
    let total: Int
    do {
      // Evidence is chosen for the shown relations only.
      shown = try questions.related(to: concept.id, type: type, limit: limit)
      total = try questions.relatedCount(to: concept.id, type: type)
    } catch {
      throw Questions.fail(error, db: store.db)
    }
    switch format {
    case .json:
      Terminal.out(try renderJSON(Output(concept: ConceptJSON(concept), total: total, related: shown)))
    case .text:
      Terminal.out(renderText(concept, shown, total: total))
    }
  }

  private func renderText(_ concept: Concept, _ shown: [RelatedConcept], total: Int) -> String {
    let kind = type.map { "\($0) relations" } ?? "relations"
    var lines = [Terminal.bold(Questions.fullName(concept))]
    if shown.isEmpty {
      lines.append(Terminal.dim("no \(kind)"))
      return lines.joined(separator: "\n") + "\n"
    }
    lines.append(Terminal.dim("\(shown.count) of \(total) \(kind), strongest first"))
    let numberWidth = String(shown.count).count
    let typeWidth = shown.map(\.type.count).max() ?? 0
    for (index, item) in shown.enumerated() {
      let number = String(index + 1)
      let head =
        String(repeating: " ", count: numberWidth - number.count) + number + ". "
        + Questions.arrow(item.type, outgoing: item.isOutgoing) + " "
        + item.type.padding(toLength: typeWidth + 2, withPad: " ", startingAt: 0)
      lines.append("")
      lines.append(head + Terminal.bold(Questions.fullName(item.concept)))
      lines += Questions.evidenceLines(item.evidence, indent: numberWidth + 4)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The JSON shape of `cnkb related`.
  private struct Output: Encodable {
    var concept: ConceptJSON
    var total: Int
    var related: [RelatedConcept]

    enum CodingKeys: String, CodingKey { case concept, total, related }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(concept, forKey: .concept)
      try container.encode(total, forKey: .total)
      try container.encode(related.map(RelatedJSON.init), forKey: .related)
    }
  }
}
