import CNKBTerms
import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBConcepts

/// Span keys built from per-token parts fold as `TermKey.of` folds the joined words.
///
/// Collecting asks for the key of every short run of tokens; `TokenKeys` builds those keys from parts worked
/// out once per token. A key that differed from `TermKey.of` of the joined words would split or merge terms.
@Suite struct TokenKeysTests {
  /// Every span of up to eight tokens of each line of `text`, checked against the whole-span fold.
  static func mismatches(in text: String, limit: Int = 5) -> [String] {
    let tokenizer = Tokenizer()
    var found: [String] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let tokens = tokenizer.tokenize(String(line))
      let keys = TokenKeys(tokens)
      for start in tokens.indices {
        for end in (start + 1)...min(tokens.count, start + 8) {
          let expected = TermKey.of(tokens[start..<end].map(\.text).joined(separator: " "))
          let key = keys.key(start, end)
          if key != expected && found.count < limit {
            found.append("\(tokens[start..<end].map(\.text)): \(key.debugDescription) ≠ \(expected.debugDescription)")
          }
        }
      }
    }
    return found
  }

  /// Spans of `text` whose key, asked for among `keys`, was skipped although it is one of them, or came out
  /// different from the whole-span fold.
  static func missedLookups(in text: String, among keys: Set<String>) -> [String] {
    let tokenizer = Tokenizer()
    let openers = TokenKeys.openers(of: keys)
    var missed: [String] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let tokens = tokenizer.tokenize(String(line))
      let spanKeys = TokenKeys(tokens)
      let opening = spanKeys.opening(openers)
      for start in tokens.indices {
        for end in (start + 1)...min(tokens.count, start + 8) {
          let expected = TermKey.of(tokens[start..<end].map(\.text).joined(separator: " "))
          let found = spanKeys.key(start, end, opening: opening)
          if (found == nil && keys.contains(expected)) || (found != nil && found != expected) {
            if missed.count < 5 {
              missed.append("\(tokens[start..<end].map(\.text)): \(String(describing: found)) for \(expected)")
            }
          }
        }
      }
    }
    return missed
  }

  /// The lexicon's lookups skip the key of a window whose first word opens no lexicon key; a skipped window must
  /// never be one, or a lexicon term would go unmatched.
  @Test func lookupsAmongAFewKeysSkipOnlySpansThatAreNoneOfThem() throws {
    let text = try ["docs/cnm-and-libnetwork.md", "blog/macvlan-vs-ipvlan.html"].map {
      try String(contentsOf: Fixtures.samplesDirectory.appendingPathComponent($0), encoding: .utf8)
    }.joined(separator: "\n")
    let bundled = Set(
      Lexicon.bundled().entries.flatMap { [$0.label] + $0.aliases + $0.abbreviations }.map(TermKey.of))
    #expect(bundled.count > 150)
    #expect(Self.missedLookups(in: text, among: bundled).isEmpty)
    // Keys of the text's own spans, of one to four words, so that most windows are among them.
    var own: Set<String> = []
    let tokens = Tokenizer().tokenize(text.replacingOccurrences(of: "\n", with: " "))
    for start in stride(from: 0, to: tokens.count, by: 3) {
      for length in 1...4 where start + length <= tokens.count {
        own.insert(TermKey.of(tokens[start..<(start + length)].map(\.text).joined(separator: " ")))
      }
    }
    #expect(own.count > 100)
    #expect(Self.missedLookups(in: text, among: own).isEmpty)
    // And the filter does skip: few windows of the text open a lexicon key of several words.
    let openers = TokenKeys.openers(of: bundled)
    #expect(openers.contains("container network") && openers.contains("network"))
    #expect(!openers.contains("interface") && !openers.contains("container network interface"))
  }

  @Test func pluralsAbbreviationsAndJoinersFoldAsTheWholeSpanDoes() {
    let text = """
      The Network Drivers and network-driver_plugins use APIs, VMs and CPUs (IPv6s too).
      Policies, classes, boxes, buses, analysis and glass: docker_gwbridge/eth0 at 10.0.0.0/8 on 802.1Q.
      O'Reilly's SIDs (segment identifiers) & C++ + R&D -- host-gw: VXLAN-GPE... kube-proxy's; "quoted" APIs
      A lone s, an Is, the IT dept, 3 GPUs, x86_64 builds, k8s and K8s: --subnet=10.1.0.0/16 parent=eth0
      """
    #expect(Self.mismatches(in: text).isEmpty)
  }

  @Test func textBeyondASCIIFallsBackToTheWholeSpan() {
    let text = """
      The café’s Überlay networks and naïve résumés: São Paulo’s CNIs — “quoted” APIs, Straße and ΔVLANs.
      Non-breaking\u{00A0}spaces, Zürich‐style hyphens and a ½ rule; Ελληνικά δίκτυα with IPv6.
      """
    #expect(Self.mismatches(in: text).isEmpty)
  }

  @Test func randomRunsOfHardPiecesFoldAlike() {
    let pieces = [
      "APIs", "VMs", "IPv6", "host-gw", "drivers", "classes", "'", "’", "(", ")", ":", "-", "--", "s", "Is", "a.b",
      "eth0", "x_y", "R&D", "C++", "boxes", "glass", "10.0.0.0/8", "Café", "node’s", ".", "/", "=", "IT", "K8s",
    ]
    for seed in UInt64(1)...200 {
      var random = SeededGenerator(seed: seed)
      let text = (0..<Int.random(in: 1...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }
        .joined(separator: Bool.random(using: &random) ? " " : "")
      #expect(Self.mismatches(in: text).isEmpty, "seed \(seed): \(text.debugDescription)")
    }
  }

  /// The bundled samples and the pipeline's page fixtures, markup and all.
  @Test func theSamplesAndFixturesFoldAlike() throws {
    let folders = [
      Fixtures.samplesDirectory,
      Fixtures.repositoryRoot.appendingPathComponent("Tests/CNKBPipelineTests/Fixtures"),
    ]
    let files = folders.flatMap { folder in
      (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
        .filter { ["html", "md", "xml", "txt"].contains($0.pathExtension) }
    }
    #expect(files.count >= 20)
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      #expect(Self.mismatches(in: text).isEmpty, "\(file.lastPathComponent)")
    }
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func theSeedFoldsAlike() throws {
    let text = try String(contentsOf: try #require(Fixtures.seedFeedURL), encoding: .utf8)
    #expect(Self.mismatches(in: text).isEmpty)
  }
}
