import CNKBSources
import Foundation
import Testing

@Suite struct TextDecoderTests {
  @Test func replacesInvalidUTF8WithReplacementCharactersAndCountsThem() {
    let bytes = Data("MTU ".utf8) + Data([0xFF]) + Data(" of 1450 ".utf8) + Data([0xC3, 0x28]) + Data("bytes".utf8)
    let decoded = TextDecoder.decode(bytes)
    #expect(decoded.text == "MTU \u{FFFD} of 1450 \u{FFFD}(bytes")
    #expect(decoded.replacements == 2)
    #expect(decoded.warnings == ["2 byte sequences invalid in UTF-8 replaced with U+FFFD"])
  }

  @Test func doesNotCountAReplacementCharacterThatWasAlreadyThere() {
    let decoded = TextDecoder.decode(Data("already \u{FFFD} here".utf8))
    #expect(decoded.text == "already \u{FFFD} here")
    #expect(decoded.replacements == 0)
    #expect(decoded.warnings.isEmpty)
  }

  @Test func stripsTheUTF8ByteOrderMark() {
    let decoded = TextDecoder.decode(Data([0xEF, 0xBB, 0xBF]) + Data("Überlay".utf8))
    #expect(decoded.text == "Überlay")
    #expect(decoded.encoding == "UTF-8")
  }

  @Test func decodesUTF16LittleEndianWithABOM() {
    let decoded = TextDecoder.decode(SniffCase.utf16LittleEndian("Pod → Service"))
    #expect(decoded.text == "Pod → Service")
    #expect(decoded.encoding == "UTF-16LE")
    #expect(decoded.replacements == 0)
  }

  @Test func decodesUTF16BigEndianWithABOM() {
    let decoded = TextDecoder.decode(SniffCase.utf16BigEndian("eBPF 🐝 maps"))
    #expect(decoded.text == "eBPF 🐝 maps")
    #expect(decoded.encoding == "UTF-16BE")
  }

  @Test func replacesALoneSurrogateAndAnOddLastByteInUTF16() {
    let bytes = Data([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x43])
    let decoded = TextDecoder.decode(bytes)
    #expect(decoded.text == "A\u{FFFD}B\u{FFFD}")
    #expect(decoded.replacements == 2)
  }
}
