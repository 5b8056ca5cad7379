import Foundation
import Testing
import _CNKBTestSupport

/// Floors under the figures the issue asks of the founding corpus.
///
/// Scored by `cnkb eval` (the Swift port of `score.py`) on the development split. A change that loses concepts, acronyms or definitions fails here.
@Suite(.enabled(if: Fixtures.seedFeedURL != nil && SeedGold.directory != nil, "needs ../shared (seed and eval)"))
struct SeedQualityTests {
  /// Builds the seed's graph with `extra` options and returns `cnkb eval`'s figures.
  private func figures(_ extra: [String]) throws -> [String: Double] {
    let temp = try TemporaryDirectory()
    let seed = try #require(Fixtures.seedFeedURL).path
    let gold = try #require(SeedGold.directory).path
    let build = try CommandRunner.run(["build", seed, "--out", temp.path("out")] + extra, in: temp.url)
    #expect(build.exitCode == 0, "\(build.stderr)")
    let eval = try CommandRunner.run(
      [
        "eval", "--gold", gold, temp.path("out/graph.json"), "--posts-map", "\(gold)/posts.tsv", "--posts", "17",
        "--scores-only",
      ], in: temp.url)
    #expect(eval.exitCode == 0, "\(eval.stderr)")
    var result: [String: Double] = [:]
    for line in eval.stdout.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      if parts.count == 2, let value = Double(parts[1]) { result[parts[0]] = value }
    }
    return result
  }

  @Test func withTheBundledLexicon() throws {
    let score = try figures([])
    #expect(score["concept_recall_core", default: 0] >= 0.95, "\(score)")
    #expect(score["concept_recall_all", default: 0] >= 0.75, "\(score)")
    #expect(score["precision_at_50", default: 0] >= 0.90, "\(score)")
    #expect(score["acronym_precision", default: 0] >= 0.95, "\(score)")
    #expect(score["acronym_recall", default: 0] >= 0.90, "\(score)")
    #expect(score["definition_hit_rate", default: 0] >= 0.75, "\(score)")
  }

  @Test func withoutALexicon() throws {
    let score = try figures(["--no-lexicon"])
    #expect(score["concept_recall_core", default: 0] >= 0.70, "\(score)")
    #expect(score["acronym_recall", default: 0] >= 0.90, "\(score)")
  }
}
