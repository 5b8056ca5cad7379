import CNKBExport
import CNKBPipeline
import Foundation
import Testing
import _CNKBTestSupport

/// Whether Graphviz's `dot` is installed; the tests that need it are skipped with this message otherwise.
private let dotIsInstalled = Graphviz().isAvailable

/// A stand-in for `dot`: a shell script, so the plumbing can be tested without Graphviz.
private func fakeDot(_ body: String, in folder: TemporaryDirectory) throws -> Graphviz {
  let path = try folder.write("fake-dot", "#!/bin/sh\n" + body + "\n")
  try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
  return Graphviz(dotPath: path)
}

@Suite struct GraphvizTests {
  @Test func dotIsFoundOnPathOrAtAnExplicitPath() throws {
    let temp = try TemporaryDirectory()
    let fake = try fakeDot("cat", in: temp)
    let onPath = Graphviz(dotPath: "fake-dot", environment: ["PATH": "/nonexistent:" + temp.url.path])
    #expect(onPath.executableURL?.path == temp.path("fake-dot"))
    #expect(fake.isAvailable)
    #expect(fake.executableURL?.path == temp.path("fake-dot"))

    let nowhere = Graphviz(environment: ["PATH": "/nonexistent:" + temp.url.path])
    #expect(!nowhere.isAvailable)
    #expect(nowhere.executableURL == nil)
    #expect(throws: GraphvizError.notFound("on PATH")) { try nowhere.svg(fromDOT: "digraph { a }") }
    #expect(!Graphviz(dotPath: temp.path("missing")).isAvailable)
    #expect(GraphvizError.notFound("on PATH").description.contains("apt-get install graphviz"))
  }

  @Test func standardInputAndOutputCarryLargeTextWithoutBlocking() throws {
    let temp = try TemporaryDirectory()
    // cat echoes its input: two megabytes through standard input and back, and chatter on standard error.
    let echo = try fakeDot("head -c 300000 /dev/zero | tr '\\0' x >&2; cat", in: temp)
    let text = String(repeating: "digraph { a -> b } // ünïcödé\n", count: 70_000)
    #expect(try echo.svg(fromDOT: text, timeout: .seconds(20)) == text)
  }

  @Test func aFailureCarriesTheExitStatusAndStandardError() throws {
    let temp = try TemporaryDirectory()
    let failing = try fakeDot("cat > /dev/null; echo 'Error: <stdin>: syntax error in line 1' >&2; exit 3", in: temp)
    do {
      _ = try failing.svg(fromDOT: "digraph {")
      Issue.record("a failing dot did not throw")
    } catch {
      #expect(
        error == .failed(path: temp.path("fake-dot"), status: 3, message: "Error: <stdin>: syntax error in line 1"))
      #expect(error.description.contains("exit 3"))
      #expect(error.description.contains("syntax error in line 1"))
    }
  }

  @Test func aDrawingThatTakesTooLongIsKilled() throws {
    let temp = try TemporaryDirectory()
    let slow = try fakeDot("exec sleep 30", in: temp)
    let clock = ContinuousClock()
    let start = clock.now
    #expect(throws: GraphvizError.timedOut(path: temp.path("fake-dot"), after: .milliseconds(300))) {
      try slow.svg(fromDOT: "digraph { a }", timeout: .milliseconds(300))
    }
    #expect(clock.now - start < .seconds(2))
  }

  @Test func batchesRunConcurrentlyAndKeepTheInputOrder() throws {
    let temp = try TemporaryDirectory()
    let slowEcho = try fakeDot("sleep 0.5; cat", in: temp)
    let sources = (0..<6).map { "graph number \($0)\n" }
    let clock = ContinuousClock()
    let start = clock.now
    let results = slowEcho.svgs(fromDOT: sources, maximumConcurrency: 6)
    // Six half-second drawings one after the other would take three seconds.
    #expect(clock.now - start < .seconds(2))
    #expect(try results.map { try $0.get() } == sources)
    #expect(slowEcho.svgs(fromDOT: []).isEmpty)
  }

  @Test(.enabled(if: dotIsInstalled, "needs Graphviz's dot on PATH (apt-get install graphviz)"))
  func dotDrawsSVGAndReportsItsSyntaxErrors() throws {
    let dot = Graphviz()
    let svg = try dot.svg(fromDOT: "digraph \"demo\" { \"calico\" [label=\"Calico\"]; \"calico\" -> \"flannel\"; }")
    #expect(svg.contains("<svg"))
    #expect(svg.contains(">Calico</text>"))
    #expect(svg.hasSuffix("</svg>\n"))
    do {
      _ = try dot.svg(fromDOT: "digraph { a -> ; }")
      Issue.record("dot accepted a syntax error")
    } catch {
      guard case .failed(_, let status, let message) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(status != 0)
      #expect(message.contains("syntax error"), "\(message)")
    }
  }

  @Test(.enabled(if: dotIsInstalled, "needs Graphviz's dot on PATH (apt-get install graphviz)"))
  func batchResultsMatchSingleDrawingsInOrderAndFailuresStayInTheirPlace() throws {
    let dot = Graphviz()
    var sources = (0..<10).map { "digraph { \"n\($0)\" [label=\"Node \($0)\"]; \"n\($0)\" -> \"m\($0)\"; }" }
    sources[4] = "digraph { this is not DOT"
    let results = dot.svgs(fromDOT: sources, maximumConcurrency: 3)
    #expect(results.count == sources.count)
    for (index, result) in results.enumerated() {
      if index == 4 {
        #expect(throws: GraphvizError.self) { try result.get() }
      } else {
        let svg = try result.get()
        #expect(svg.contains(">Node \(index)</text>"), "result \(index) is out of order")
        #expect(svg == (try dot.svg(fromDOT: sources[index])), "dot is not deterministic for \(index)")
      }
    }
  }

  @Test(.enabled(if: dotIsInstalled, "needs Graphviz's dot on PATH (apt-get install graphviz)"))
  func glossaryDiagramsDrawEachConnectedEntryAndLinkItsNeighbours() throws {
    func concept(_ label: String, score: Double) -> Concept {
      Concept(
        id: ConceptID(slugOf: label), label: label, origin: .both, score: score, mentionCount: 1, documents: ["d"])
    }
    func relation(_ source: String, _ type: String, _ target: String) -> Relation {
      Relation(
        source: ConceptID(rawValue: source), target: ConceptID(rawValue: target), type: type, weight: 1,
        evidence: [])
    }
    let graph = ConceptGraph(
      concepts: [
        concept("Calico", score: 5), concept("Flannel", score: 4), concept("VXLAN", score: 3),
        concept("Loner", score: 9), concept("Faint", score: 0.5),
      ],
      relations: [
        relation("calico", "related_to", "flannel"), relation("flannel", "uses", "vxlan"),
        relation("faint", "uses", "loner"),
      ],
      documentCount: 1, sentenceCount: 1)
    let diagrams = try Graphviz().glossaryDiagrams(for: graph, minimumScore: 2)
    // Loner's only relation is to a concept below the threshold, so it gets no drawing; Faint has no entry.
    #expect(diagrams.keys.sorted() == ["calico", "flannel", "vxlan"].map(ConceptID.init(rawValue:)))
    let flannel = try #require(diagrams[ConceptID(rawValue: "flannel")])
    #expect(flannel.contains("xlink:href=\"#calico\""))
    #expect(flannel.contains("xlink:href=\"#vxlan\""))
    #expect(!flannel.contains("xlink:href=\"#flannel\""))
    #expect(try Graphviz().glossaryDiagrams(for: graph, minimumScore: 2) == diagrams)

    // The page shows them inline, sanitised, and nothing else differs from a page without diagrams.
    let page = GlossaryHTMLRenderer.render(graph, diagrams: diagrams, minimumScore: 2)
    #expect(page.components(separatedBy: "<figure class=\"diagram\">").count == 4)
    #expect(page.contains("aria-label=\"Neighbourhood of Flannel\""))
    #expect(!page.contains("<?xml"))
    #expect(!Graphviz(environment: [:]).isAvailable)
    #expect(throws: GraphvizError.notFound("on PATH")) {
      try Graphviz(environment: [:]).glossaryDiagrams(for: graph, minimumScore: 2)
    }
  }
}

/// Drawings are kept in a cache folder and reused; stale ones are removed.
@Suite struct GraphvizCacheTests {
  @Test(.enabled(if: dotIsInstalled, "needs Graphviz's dot on PATH (apt-get install graphviz)"))
  func aSecondCallReadsTheCacheAndPrunesWhatIsNoLongerNeeded() throws {
    let temp = try TemporaryDirectory()
    let cache = temp.url.appendingPathComponent("cache")
    func concept(_ label: String) -> Concept {
      Concept(id: ConceptID(slugOf: label), label: label, origin: .both, score: 5, mentionCount: 1, documents: ["d"])
    }
    let graph = ConceptGraph(
      concepts: [concept("Calico"), concept("BGP"), concept("Felix")],
      relations: [
        Relation(
          source: ConceptID(rawValue: "calico"), target: ConceptID(rawValue: "bgp"), type: "uses", weight: 1,
          evidence: [])
      ],
      documentCount: 1, sentenceCount: 1)
    let first = try Graphviz().glossaryDiagrams(for: graph, cacheFolder: cache)
    #expect(first.count == 2)
    let files = try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
    #expect(files.count == 2)
    // Mark one cached drawing: a second call must hand it back unchanged rather than draw it again.
    let marked = cache.appendingPathComponent(files[0])
    try "<svg><!-- from the cache --></svg>".write(to: marked, atomically: true, encoding: .utf8)
    try "stale".write(to: cache.appendingPathComponent("0000.svg"), atomically: true, encoding: .utf8)
    let second = try Graphviz().glossaryDiagrams(for: graph, cacheFolder: cache)
    #expect(second.values.contains("<svg><!-- from the cache --></svg>"))
    #expect(second.count == 2)
    #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("0000.svg").path))
  }
}
