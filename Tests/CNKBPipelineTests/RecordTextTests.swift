import CNKBConcepts
import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBPipeline

/// The quick path between partial records and JSON gives the text `JSONEncoder` gives and reads what
/// `JSONDecoder` reads, for real statistics (the samples, and the seed when `../shared` is there) and for text
/// that needs escapes; what it does not read is left to `JSONDecoder`, whose errors users see.
@Suite struct RecordTextTests {
  /// The map of every sample file (and the seed), plus terms whose surfaces need every kind of escape.
  private func statistics() throws -> CorpusStatistics {
    var paths = [Fixtures.samplesDirectory.path]
    if let seed = Fixtures.seedFeedURL { paths.append(seed.path) }
    var records = Data()
    for root in paths {
      var files: [String] = []
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue {
        let walker = FileManager.default.enumerator(atPath: root)
        while let relative = walker?.nextObject() as? String {
          let path = root + "/" + relative
          var isFolder: ObjCBool = false
          if !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue
          {
            files.append(path)
          }
        }
      } else {
        files.append(root)
      }
      for path in files.sorted() {
        let content = try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString()
        records.append(try JSONSerialization.data(withJSONObject: ["source": path, "content_base64": content]))
        records.append(UInt8(ascii: "\n"))
      }
    }
    let split = SplitBuild(vocabulary: try LexiconLoader.vocabulary(.bundled))
    var statistics = split.map(records, name: "fixtures").statistics
    // Surfaces a page could hold that need escapes: quotes, a backslash, a slash, control characters, text
    // beyond ASCII and beyond the Basic Multilingual Plane, and the line separators JSON leaves as they are.
    let awkward = [
      "say \"hi\"", "C:\\path", "a/b", "tab\there", "line\nbreak", "bell\u{7}", "naïve", "日本語", "🙂 ok",
      "para\u{2028}sep", "del\u{7F}", "\u{FEFF}bom", "nul\u{0}",
    ]
    for (index, surface) in awkward.enumerated() {
      var term = TermStatistics(words: 1, first: FirstMention(document: "döc/\"\(index)\".html", start: index))
      term.surfaces = [surface: 2]
      term.surfaces[surface.uppercased(), default: 0] += 1
      term.runningSurfaces = [surface: 1]
      term.mentions = [
        "döc/\"\(index)\".html": [
          PartialMention(sentence: index, start: 0, end: surface.unicodeScalars.count, surface: surface)
        ]
      ]
      statistics.candidates["awkward \(surface)"] = term
    }
    return statistics
  }

  @Test func writesWhatJSONEncoderWritesForEveryKindButDocuments() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var kinds = Set<String>()
    for (key, record) in PartialRecords.records(of: try statistics()) {
      let expected = String(decoding: try encoder.encode(record), as: UTF8.self)
      if let quick = RecordText.encode(record) {
        kinds.insert(record.kind)
        #expect(quick == expected, "\(key)")
      } else {
        #expect(record.kind == "document", "\(key) was left to JSONEncoder")
      }
    }
    #expect(kinds.isSuperset(of: ["meta", "lexicon", "term", "acronym", "shortform", "word"]), "\(kinds.sorted())")
  }

  @Test func readsWhatJSONDecoderReads() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var read = 0
    for (key, record) in PartialRecords.records(of: try statistics()) {
      let line = try encoder.encode(record)
      let slow = try JSONDecoder().decode(Record.self, from: line).statistics(line: 1)
      let quick = line.withUnsafeBytes { RecordText.decode($0) }
      if record.kind == "document" {
        #expect(quick == nil, "\(key): documents are JSONDecoder's")
      } else {
        #expect(try quick?.statistics(line: 1) == slow, "\(key)")
        read += 1
      }
    }
    #expect(read > 100)
  }

  @Test func readsOtherWritersSpacingAndEscapes() throws {
    // As Python's json.dumps writes by default: spaces after separators, non-ASCII escaped (an emoji as a
    // surrogate pair), keys in another order.
    let python = #"""
      {"kind": "term", "key": "term:x", "term": {"words": 1, "first": ["a.html", 0], "surfaces": {"\u00e9t\u00e9 \ud83d\ude42": 1}, "running": {}, "cues": 0, "linkCues": 0, "headings": 0, "capitalized": 0, "lowercase": 1, "objects": 0, "initial": 0, "byline": 0, "mentions": {"a.html": [[0, 0, 6, "\u00e9t\u00e9 \ud83d\ude42"]]}}}
      """#
    let record = try #require(Data(python.utf8).withUnsafeBytes { RecordText.decode($0) })
    let term = try #require(try record.statistics(line: 1).candidates["x"])
    #expect(term.surfaces == ["été 🙂": 1])
    #expect(term.mentions["a.html"]?.first?.surface == "été 🙂")
  }

  @Test func leavesWhatItDoesNotExpectToJSONDecoder() throws {
    let lines = [
      #"{"key":"word:a","kind":"word","roles":{"noun":1,"to":0,"verb":2.5}}"#,  // a fraction
      #"{"key":"word:a","kind":"word","roles":{"noun":1,"to":0,"verb":-2}}"#,  // a negative count
      #"{"key":"word:a","kind":"word","roles":{"noun":1,"to":0,"verb":2},"extra":null}"#,  // an unknown field
      #"{"key":"word:a","kind":"word","key":"word:b","roles":{"noun":1,"to":0,"verb":2}}"#,  // a repeated field
      #"{"key":"word:a","kind":"word","roles":{"noun":1,"to":0,"verb":2}} x"#,  // text after the object
      #"{"key":"word:a","kind":"word","roles":{"noun":1,"to":0,"verb":2}"#,  // cut short
      #"{"key":"term:a","kind":"term","term":{"words":1}}"#,  // fields missing
      "{\"key\":\"word:\u{1}\",\"kind\":\"word\",\"roles\":{\"noun\":1,\"to\":0,\"verb\":2}}",  // a raw control
    ]
    for line in lines {
      #expect(Data(line.utf8).withUnsafeBytes { RecordText.decode($0) } == nil, "\(line)")
    }
    // Through the reader users run, such lines get JSONDecoder's verdict, named by line.
    let text = #"{"key":"word:a","kind":"word","roles":{"noun":1,"to":0,"verb":-2}}"#
    #expect(throws: PartialRecords.LineError.self) { try PartialRecords.statistics(fromLines: Data(text.utf8)) }
    do {
      _ = try PartialRecords.statistics(fromLines: Data(text.utf8))
    } catch {
      #expect(error.line == 1)
      #expect(error.reason.contains("must not be negative"), "\(error.reason)")
    }
  }

  /// Inputs kept from `make fuzz` (FuzzPartialRecords): where the quick path reads one, it reads what JSONDecoder
  /// reads; a number too long for an Int once crashed it.
  @Test func fuzzInputsReadAsJSONDecoderReadsThem() throws {
    let directory = Fixtures.directory().appendingPathComponent("fuzz/partial")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(!names.isEmpty)
    for name in names {
      let (quick, decoder) = PartialRecords.readingsOfLine(try Data(contentsOf: directory.appendingPathComponent(name)))
      guard let quick else { continue }
      switch (quick, decoder) {
      case (.success(let mine), .success(let theirs)): #expect(mine == theirs, "\(name)")
      case (.failure(let mine), .failure(let theirs)): #expect(mine.reason == theirs.reason, "\(name)")
      default: Issue.record("\(name): the quick path and JSONDecoder disagree on whether the line is a record")
      }
    }
  }
}
