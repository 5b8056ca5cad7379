import CNKBModel

/// A document built from paragraphs, its sentences split where a full stop and a space end one (enough for
/// hand-written text and for tests that read prose a line at a time).
func testDocument(
  _ source: String, _ paragraphs: [String], kinds: [BlockKind]? = nil, title: String? = nil
) -> Document {
  var text = ""
  var blocks: [PlacedBlock] = []
  var sentences: [Sentence] = []
  for (index, paragraph) in paragraphs.enumerated() {
    if !text.isEmpty { text += "\n\n" }
    let start = text.unicodeScalars.count
    let kind = kinds?[index] ?? .paragraph
    blocks.append(PlacedBlock(block: TextBlock(kind: kind, text: paragraph, element: "p"), start: start))
    var offset = start
    for piece in paragraph.components(separatedBy: ". ") {
      let sentence =
        piece.hasSuffix(".") || piece == paragraph.components(separatedBy: ". ").last ? piece : piece + "."
      let length = sentence.unicodeScalars.count
      sentences.append(Sentence(block: index, start: offset, end: offset + length, text: sentence))
      offset += length + 1
    }
    text += paragraph
  }
  return Document(
    source: source, origin: source, title: title, date: nil, format: .html, contentHash: source, text: text,
    blocks: blocks, sentences: sentences)
}
