import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb path`: the shortest chain of relations between two terms, with the evidence for every step.
struct PathCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "path",
    abstract: "Show the shortest chain of relations between two terms, with evidence for every step.",
    discussion: """
      Relations are followed in either direction. Among equally short chains, the one with the fewest \
      related_to links (mentioned together) wins, then the one with the heaviest relations. Each step reads \
      subject —type→ object, whichever way the chain runs; —related_to— means mentioned together.
      """
  )

  @Argument(help: ArgumentHelp("The term to start from.", valueName: "from"))
  var from: String

  @Argument(help: ArgumentHelp("The term to reach.", valueName: "to"))
  var to: String

  @Flag(help: "Follow typed relations only, never related_to.")
  var typed = false

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if from.trimmingCharacters(in: .whitespaces).isEmpty || to.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("give two terms, e.g. cnkb path CNI Calico")
    }
  }

  func run() throws {
    // Each term is looked up by name; then only the part of the graph a shortest chain can cross is read.
    let start = try Questions.concept(named: from, store, logging)
    let end = try Questions.concept(named: to, store, logging)
    let questions = try Questions.reading(store, logging) { base throws(PipelineError) in
      try base.questionsForPath(from: start.id, to: end.id, typedOnly: typed)
    }
    let steps: [PathStep]
    do {
      steps = try questions.path(from: start.id, to: end.id, typedOnly: typed)
    } catch {
      throw Questions.fail(error, db: store.db)
    }
    switch format {
    case .json:
      Terminal.out(try renderJSON(Output(from: ConceptJSON(start), to: ConceptJSON(end), steps: steps)))
    case .text:
      Terminal.out(renderText(start, end, steps))
    }
  }

  private func renderText(_ start: Concept, _ end: Concept, _ steps: [PathStep]) -> String {
    let count = steps.count == 1 ? "1 step" : "\(steps.count) steps"
    var lines = [
      Terminal.bold("\(Questions.fullName(start)) → \(Questions.fullName(end))") + " " + Terminal.dim("(\(count))")
    ]
    let numberWidth = String(steps.count).count
    for (index, step) in steps.enumerated() {
      let number = String(index + 1)
      let link: String
      if step.type == GraphQuestions.coOccurrenceType {
        link = " —\(step.type)— "
      } else {
        link = step.isForward ? " —\(step.type)→ " : " ←\(step.type)— "
      }
      lines.append("")
      lines.append(
        String(repeating: " ", count: numberWidth - number.count) + number + ". "
          + Terminal.bold(Questions.name(step.from)) + link + Terminal.bold(Questions.name(step.to)))
      lines += Questions.evidenceLines(step.evidence, indent: numberWidth + 2)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The JSON shape of `cnkb path`.
  private struct Output: Encodable {
    var from: ConceptJSON
    var to: ConceptJSON
    var steps: [PathStep]

    enum CodingKeys: String, CodingKey { case from, to, steps }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(from, forKey: .from)
      try container.encode(to, forKey: .to)
      try container.encode(steps.map(StepJSON.init), forKey: .steps)
    }
  }

  /// One step in JSON: the concepts it joins, the relation as stored, which way it was followed, its evidence.
  private struct StepJSON: Encodable {
    var step: PathStep

    init(_ step: PathStep) { self.step = step }

    enum CodingKeys: String, CodingKey { case from, to, type, direction, source, target, weight, evidence }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(ConceptJSON(step.from), forKey: .from)
      try container.encode(ConceptJSON(step.to), forKey: .to)
      try container.encode(step.type, forKey: .type)
      try container.encode(step.isForward ? "forward" : "backward", forKey: .direction)
      try container.encode(step.relation.source, forKey: .source)
      try container.encode(step.relation.target, forKey: .target)
      try container.encode(Questions.rounded(step.relation.weight), forKey: .weight)
      try container.encode(step.evidence.map(EvidenceJSON.init), forKey: .evidence)
    }
  }
}
