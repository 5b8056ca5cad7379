import CNKBModel
import CNKBText

/// Places converted blocks into one document text and splits them into sentences.
///
/// The document's text is its blocks' texts joined by a blank line, so a sentence's offsets point into one
/// string that the store keeps and any later stage can quote.
struct DocumentAssembler: Sendable {
  /// The splitter used for every block.
  var splitter = SentenceSplitter()

  /// Builds a document from converted text and the metadata of its source.
  func assemble(_ structured: StructuredText, from source: SourceDocument, contentHash: String) -> Document {
    var text = ""
    var offset = 0
    var placed: [PlacedBlock] = []
    var sentences: [Sentence] = []
    placed.reserveCapacity(structured.blocks.count)
    for block in structured.blocks {
      if !placed.isEmpty {
        text += "\n\n"
        offset += 2
      }
      let blockIndex = placed.count
      placed.append(PlacedBlock(block: block, start: offset))
      let scalars = Array(block.text.unicodeScalars)
      for range in splitter.split(block: block) {
        sentences.append(
          Sentence(
            block: blockIndex, start: offset + range.lowerBound, end: offset + range.upperBound,
            text: String(scalars: scalars[range])))
      }
      text += block.text
      offset += scalars.count
    }
    return Document(
      source: source.source,
      origin: source.origin,
      title: source.title ?? structured.title,
      date: source.date,
      format: source.format,
      contentHash: contentHash,
      text: text,
      blocks: placed,
      sentences: sentences,
      warnings: source.warnings + structured.warnings
    )
  }
}
