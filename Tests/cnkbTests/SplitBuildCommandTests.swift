import Foundation
import Testing
import _CNKBTestSupport

/// `cnkb map`, `cnkb merge` and `cnkb build --from-partials` as a user (or a Spark job) runs them: the same
/// exports as a plain build, records that match their schema, and clear refusals of partials that cannot be
/// finished, leaving what was built before untouched.
@Suite struct SplitBuildCommandTests {
  private let root = Fixtures.repositoryRoot

  /// `cnkb map` input for each file of the samples (relative paths, as `cnkb build samples` names them).
  private func sampleRecords() throws -> [(path: String, line: String)] {
    var paths: [String] = []
    let walker = FileManager.default.enumerator(atPath: Fixtures.samplesDirectory.path)
    while let relative = walker?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let full = Fixtures.samplesDirectory.path + "/" + relative
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
        !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      {
        paths.append("samples/" + relative)
      }
    }
    return try paths.sorted().map { path in
      let content = try Data(contentsOf: root.appendingPathComponent(path)).base64EncodedString()
      let data = try JSONSerialization.data(withJSONObject: ["source": path, "content_base64": content])
      return (path, String(decoding: data, as: UTF8.self))
    }
  }

  private func run(_ arguments: [String], input: String? = nil) throws -> CommandRunner.Result {
    try CommandRunner.run(arguments, in: root, input: input.map { Data($0.utf8) })
  }

  private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  @Test func mapMergeAndFinishGiveThePlainBuildsExports() throws {
    let temp = try TemporaryDirectory()
    let plain = try run(["build", "samples", "--out", temp.path("plain")])
    #expect(plain.exitCode == 0, "\(plain.stderr)")

    // One map per file, merged in two different groupings.
    var partials: [String] = []
    for (index, record) in try sampleRecords().enumerated() {
      let mapped = try run(["map", "-o", temp.path("part-\(index).jsonl")], input: record.line + "\n")
      #expect(mapped.exitCode == 0, "\(record.path): \(mapped.stderr)")
      partials.append(temp.path("part-\(index).jsonl"))
    }
    #expect(partials.count >= 6)
    let half = partials.count / 2
    #expect(try run(["merge", "-o", temp.path("a.jsonl")] + partials[..<half]).exitCode == 0)
    #expect(try run(["merge", "-o", temp.path("b.jsonl")] + partials[half...].reversed()).exitCode == 0)
    let merged = try run(["merge", temp.path("b.jsonl"), temp.path("a.jsonl")])
    #expect(merged.exitCode == 0, "\(merged.stderr)")
    // Every grouping gives the very same records.
    let flat = try run(["merge"] + partials.reversed())
    #expect(flat.stdout == merged.stdout)
    let all = try run(["map"], input: try sampleRecords().map(\.line).joined(separator: "\n"))
    #expect(all.stdout == merged.stdout)

    let finished = try run(
      ["build", "--from-partials", temp.path("b.jsonl"), temp.path("a.jsonl"), "--out", temp.path("split")])
    #expect(finished.exitCode == 0, "\(finished.stderr)")
    #expect(finished.stdout.contains("documents from 2 partial file(s)"))
    for export in ["graph.json", "graph.dot", "glossary.md", "glossary.json", "graph.graphml", "abbreviations.md"] {
      #expect(
        try bytes(temp.path("plain/\(export)")) == bytes(temp.path("split/\(export)")), "\(export) differs")
    }
    // The finish noted its exports as a plain build does: building the same pages there again has nothing to do.
    let again = try run(["build", "samples", "--out", temp.path("split")])
    #expect(again.exitCode == 0, "\(again.stderr)")
    #expect(again.stdout.contains("left as they were in"), "\(again.stdout)")
  }

  @Test func theSeedThroughMapAndMergeMatchesItsPlainBuild() throws {
    guard let seed = Fixtures.seedFeedURL else {
      print("SplitBuildCommandTests seed case skipped: needs ../shared (seed)")
      return
    }
    let temp = try TemporaryDirectory()
    #expect(try run(["build", seed.path, "--no-lexicon", "--out", temp.path("plain")]).exitCode == 0)
    let content = try Data(contentsOf: seed).base64EncodedString()
    let record = String(
      decoding: try JSONSerialization.data(withJSONObject: ["source": seed.path, "content_base64": content]),
      as: UTF8.self)
    let mapped = try run(["map", "--no-lexicon", "-o", temp.path("seed.jsonl")], input: record)
    #expect(mapped.exitCode == 0, "\(mapped.stderr)")
    let finished = try run(
      ["build", "--from-partials", temp.path("seed.jsonl"), "--no-lexicon", "--out", temp.path("split")])
    #expect(finished.exitCode == 0, "\(finished.stderr)")
    for export in ["graph.json", "graph.dot", "glossary.md"] {
      #expect(try bytes(temp.path("plain/\(export)")) == bytes(temp.path("split/\(export)")), "\(export) differs")
    }
  }

  @Test func partialRecordsMatchTheirSchema() throws {
    let temp = try TemporaryDirectory()
    let mapped = try run(
      ["map", "-o", temp.path("p.jsonl")], input: try sampleRecords().map(\.line).joined(separator: "\n"))
    #expect(mapped.exitCode == 0)
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[2])); inputs = json.load(open(sys.argv[3]))
      validator = jsonschema.Draft202012Validator(schema)
      kinds = set()
      for number, line in enumerate(open(sys.argv[1]), 1):
          record = json.loads(line); kinds.add(record["kind"])
          errors = list(validator.iter_errors(record))
          if errors: print("line", number, record["key"], errors[0].message); sys.exit(1)
      jsonschema.Draft202012Validator(inputs).validate({"source": "a.html", "content": "<p>x</p>"})
      print("ok", " ".join(sorted(kinds)))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let schema = root.appendingPathComponent("Schemas/partial.schema.json").path
    let inputs = root.appendingPathComponent("Schemas/document-input.schema.json").path
    func validate(_ file: String) throws -> (Int32, String)? {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", "-c", script, file, schema, inputs]
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = pipe
      do { try process.run() } catch { return nil }
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, output)
    }
    guard let result = try validate(temp.path("p.jsonl")), !result.1.contains("No module named") else {
      print("skipped: python3 with jsonschema is not available")
      return
    }
    #expect(result.0 == 0, "\(result.1)")
    #expect(result.1.contains("ok acronym document label lexicon meta shortform term"), "\(result.1)")
    // The schema can fail: a term with a negative count is refused.
    let text = try String(contentsOfFile: temp.path("p.jsonl"), encoding: .utf8)
    let broken = text.replacingOccurrences(of: "\"cues\":0,", with: "\"cues\":-1,")
    #expect(broken != text)
    try broken.write(toFile: temp.path("broken.jsonl"), atomically: true, encoding: .utf8)
    let refused = try #require(try validate(temp.path("broken.jsonl")))
    #expect(refused.0 != 0)
    #expect(refused.1.contains("is not valid under any of the given schemas"), "\(refused.1)")
  }

  @Test func partialsThatCannotBeFinishedAreRefusedAndTheBuildLeftAsItWas() throws {
    let temp = try TemporaryDirectory()
    let records = try sampleRecords()
    #expect(try run(["build", "samples", "--out", temp.path("out")]).exitCode == 0)
    let before = try bytes(temp.path("out/graph.json"))
    let databaseBefore = try bytes(temp.path("out/kb.sqlite"))
    #expect(try run(["map", "-o", temp.path("one.jsonl")], input: records[0].line).exitCode == 0)

    // The same document mapped twice would count twice.
    let twice = try run([
      "build", "--from-partials", temp.path("one.jsonl"), temp.path("one.jsonl"), "--out", temp.path("out"),
    ])
    #expect(twice.exitCode == 65)
    #expect(
      twice.stderr.contains("error: 1 source(s) were mapped more than once (2 copies in all): \(records[0].path)"))

    // Mapped under the bundled lexicon, finished without one.
    let other = try run(["build", "--from-partials", temp.path("one.jsonl"), "--no-lexicon", "--out", temp.path("out")])
    #expect(other.exitCode == 65)
    #expect(other.stderr.contains("mapped under another lexicon"))

    // A line that is not a record names its file and line.
    let lines = try String(contentsOfFile: temp.path("one.jsonl"), encoding: .utf8).split(separator: "\n")
    try (lines.prefix(2).joined(separator: "\n") + "\n{\"kind\":\"term\",\"key\":\"term:x\"}\n").write(
      toFile: temp.path("bad.jsonl"), atomically: true, encoding: .utf8)
    let bad = try run(["build", "--from-partials", temp.path("bad.jsonl"), "--out", temp.path("out")])
    #expect(bad.exitCode == 65)
    #expect(bad.stderr.contains("\(temp.path("bad.jsonl")):3: error: a term record needs \"term\""), "\(bad.stderr)")
    let truncated = try run(["merge", "-"], input: String(lines[0].prefix(40)))
    #expect(truncated.exitCode == 65)
    #expect(truncated.stderr.contains("<stdin>:1: error: not valid JSON"), "\(truncated.stderr)")
    let missing = try run(["merge", temp.path("nowhere.jsonl")])
    #expect(missing.exitCode == 66)
    #expect(missing.stderr.contains("nowhere.jsonl: error: no such partial file"))

    // Nothing that was built is touched by a refused finish.
    #expect(try bytes(temp.path("out/graph.json")) == before)
    #expect(try bytes(temp.path("out/kb.sqlite")) == databaseBefore)
  }

  @Test func badDocumentRecordsAreReportedAndTheRestStillMapped() throws {
    let records = try sampleRecords()
    let input = [
      records[0].line,
      "{\"source\": \"broken.html\"",
      "{\"source\": \"both.html\", \"content\": \"<p>x</p>\", \"content_base64\": \"eA==\"}",
      "{\"source\": \"odd.html\", \"content\": \"<p>x</p>\", \"format\": \"pdf\"}",
      "{\"source\": \"logo.png\", \"content_base64\": \"iVBORw0KGgo=\"}",
      records[1].line,
    ].joined(separator: "\n")
    let mapped = try run(["map"], input: input)
    #expect(mapped.exitCode == 65)
    #expect(mapped.stderr.contains("<stdin>:2: error: not a document record: not valid JSON"), "\(mapped.stderr)")
    #expect(
      mapped.stderr.contains("<stdin>:3: error: both.html: give exactly one of \"content\" and \"content_base64\""))
    #expect(mapped.stderr.contains("<stdin>:4: error: odd.html: unknown format \"pdf\""))
    #expect(mapped.stderr.contains("logo.png: note: skipped: not a document type (.png image)"))
    // The two good records were mapped all the same.
    #expect(mapped.stdout.contains("\"key\":\"document:\(records[0].path)\""))
    #expect(mapped.stdout.contains("\"key\":\"document:\(records[1].path)\""))
    #expect(mapped.stdout.components(separatedBy: "\"kind\":\"document\"").count - 1 == 2)
  }

  @Test func partialFilesAreWrittenAsTheExportsAre() throws {
    let temp = try TemporaryDirectory()
    let record = try sampleRecords()[0].line
    // Partials are written as the exports are: a missing folder is made, a path through a file is refused.
    let nested = try run(["map", "-o", temp.path("new/folder/p.jsonl")], input: record)
    #expect(nested.exitCode == 0, "\(nested.stderr)")
    _ = try temp.write("a-file", "not a folder\n")
    let blocked = try run(["map", "-o", temp.path("a-file/p.jsonl")], input: record)
    #expect(blocked.exitCode == 73)
    #expect(blocked.stderr.contains("a-file/p.jsonl: error: cannot write the output:"), "\(blocked.stderr)")
    #expect(try String(contentsOfFile: temp.path("a-file"), encoding: .utf8) == "not a folder\n")
    // A file is written in chunks but replaced whole: the same records as on standard output, and no temporary
    // file left beside it.
    try "an older file\n".write(toFile: temp.path("p.jsonl"), atomically: true, encoding: .utf8)
    let written = try run(["map", "-o", temp.path("p.jsonl")], input: record)
    #expect(written.exitCode == 0, "\(written.stderr)")
    let printed = try run(["map"], input: record)
    #expect(try bytes(temp.path("p.jsonl")) == Data(printed.stdout.utf8))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: temp.url.path).sorted() == ["a-file", "new", "p.jsonl"])
  }
}
