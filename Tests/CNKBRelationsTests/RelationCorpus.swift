import CNKBModel
import Foundation

@testable import CNKBRelations

/// A small hand-written corpus for relation tests: one block per line (a line starting with "# " is a
/// heading, "- " a list item), one sentence per block, and concepts found by their surfaces.
struct RelationCorpus {
  var documents: [Document]
  var concepts: [Concept]

  /// Builds documents from `pages` (source → lines) and concepts from `terms` (id → surfaces, longest first
  /// wins where surfaces overlap).
  init(_ pages: [String: [String]], terms: [String: [String]]) {
    var documents: [Document] = []
    var mentions: [String: [Mention]] = [:]
    for (source, lines) in pages.sorted(by: { $0.key < $1.key }) {
      var text = ""
      var blocks: [PlacedBlock] = []
      var sentences: [Sentence] = []
      for line in lines {
        if !text.isEmpty { text += "\n\n" }
        var kind = BlockKind.paragraph
        var body = line
        if line.hasPrefix("# ") {
          kind = .heading
          body = String(line.dropFirst(2))
        } else if line.hasPrefix("- ") {
          kind = .listItem
          body = String(line.dropFirst(2))
        }
        // "[text](target)" is a link, as in Markdown.
        var marks: [InlineMark] = []
        if body.hasPrefix("["), let close = body.range(of: "]("), body.hasSuffix(")") {
          let label = String(body[body.index(after: body.startIndex)..<close.lowerBound])
          let target = String(body[close.upperBound..<body.index(before: body.endIndex)])
          body = label
          marks.append(InlineMark(kind: .link, start: 0, end: label.unicodeScalars.count, attribute: target))
        }
        let start = text.unicodeScalars.count
        blocks.append(
          PlacedBlock(block: TextBlock(kind: kind, text: body, marks: marks, element: "p"), start: start))
        let ordinal = sentences.count
        sentences.append(
          Sentence(block: blocks.count - 1, start: start, end: start + body.unicodeScalars.count, text: body))
        text += body
        // Mentions: every whole-word occurrence of a surface, longest surfaces first, no overlaps.
        var taken: [Range<Int>] = []
        let all = terms.flatMap { id, surfaces in surfaces.map { (id, $0) } }
          .sorted { ($1.1.count, $0.0, $0.1) < ($0.1.count, $1.0, $1.1) }
        let scalars = Array(body.unicodeScalars)
        for (id, surface) in all {
          let needle = Array(surface.unicodeScalars)
          var index = 0
          while index + needle.count <= scalars.count {
            let range = index..<(index + needle.count)
            let word: (Unicode.Scalar) -> Bool = { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            let boundaryBefore = index == 0 || !word(scalars[index - 1])
            let boundaryAfter = range.upperBound == scalars.count || !word(scalars[range.upperBound])
            if Array(scalars[range]) == needle, boundaryBefore, boundaryAfter,
              !taken.contains(where: { $0.overlaps(range) })
            {
              taken.append(range)
              mentions[id, default: []].append(
                Mention(
                  document: source, sentence: ordinal, start: start + range.lowerBound,
                  end: start + range.upperBound, surface: surface))
              index = range.upperBound
            } else {
              index += 1
            }
          }
        }
      }
      let title = lines.first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
      documents.append(
        Document(
          source: source, origin: source, title: title, date: nil, format: .html, contentHash: source, text: text,
          blocks: blocks, sentences: sentences))
    }
    self.documents = documents
    concepts = terms.keys.sorted().map { id in
      let found = mentions[id] ?? []
      return Concept(
        id: ConceptID(rawValue: id), label: terms[id]?.first ?? id, origin: .discovered, score: 1,
        mentionCount: found.count, documents: Array(Set(found.map(\.document))).sorted(), mentions: found)
    }
  }

  /// The relations the extractor finds, as "source type target" strings.
  func typed(_ options: RelationExtractor.Options = RelationExtractor.Options()) -> Set<String> {
    Set(
      RelationExtractor(options: options).extract(documents: documents, concepts: concepts)
        .filter { $0.type != "related_to" }
        .map { "\($0.source) \($0.type) \($0.target)" })
  }

  /// All relations the extractor finds.
  func relations(_ options: RelationExtractor.Options = RelationExtractor.Options()) -> [Relation] {
    RelationExtractor(options: options).extract(documents: documents, concepts: concepts)
  }
}
