import CNKBEvaluation
import Foundation
import Testing
import _CNKBTestSupport

/// `cnkb eval` must print the figures `../shared/eval/score.py` prints: each case runs both and compares.
@Suite struct GoldEvaluatorTests {
  private static var scoreScript: URL? {
    let url = Fixtures.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/eval/score.py")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  private func runScript(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", try #require(Self.scoreScript).path] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
  }

  private func node(
    _ id: String, _ label: String, score: Double, abbreviation: String? = nil, aliases: [String] = [],
    definition: String? = nil
  ) -> [String: Any] {
    [
      "id": id, "label": label, "score": score, "abbreviation": abbreviation ?? NSNull(), "aliases": aliases,
      "definition": definition.map { ["text": $0, "document": "https://e.org/1", "kind": "copula"] } ?? NSNull(),
    ]
  }

  /// A small gold folder with every list, including qualifiers, plurals, case and Unicode.
  private func goldFolder(_ temp: TemporaryDirectory) throws -> String {
    try temp.write(
      "gold/concepts.tsv",
      """
      canonical\taliases\tcategory\tcore\tposts\tmentions
      Container Network Interface\tCNI|container network interface\tspec\tyes\t1\t3
      network (CNM construct)\tNetwork|network\tconcept\tyes\t1\t2
      network drivers\tdriver|drivers\tconcept\tyes\t1\t4
      Café Protocol\tcafé protocols\tprotocol\tno\t2\t1
      Calico\tProject Calico\tproject_or_product\tyes\t1\t2

      """)
    try temp.write(
      "gold/acronyms.tsv",
      "short\tlong\tpost\tevidence\nCNI\tcontainer network interface\t1\tx\nCP\tCafé Protocol\t2\tx\n")
    try temp.write(
      "gold/definitions.tsv",
      "term\tpost\tsentence\tkind\nContainer Network Interface\t1\tThe Container Network Interface is a specification for plugins.\tcopula\nCalico\t1\tCalico routes with BGP.\tcopula\n"
    )
    try temp.write(
      "gold/relations.tsv",
      "subject\trelation\tobject\tpost\tevidence\nCalico\timplements\tContainer Network Interface\t1\tx\nnetwork drivers\tpart_of\tnetwork (CNM construct)\t2\tx\n"
    )
    try temp.write(
      "gold/posts.tsv",
      "num\ttitle\turl\tpublished\tupdated\n1\tOne\thttps://e.org/1/\t-\t-\n2\tTwo\thttps://e.org/2\t-\t-\n")
    return temp.path("gold")
  }

  private func graph(_ temp: TemporaryDirectory, _ name: String, nodes: [[String: Any]], edges: [[String: Any]]) throws
    -> String
  {
    let object: [String: Any] = [
      "directed": true, "multigraph": true, "graph": [:] as [String: Any], "nodes": nodes, "edges": edges,
    ]
    return try temp.write("\(name).json", try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
  }

  @Test(.enabled(if: scoreScript != nil, "needs ../shared/eval/score.py"))
  func handMadeGraphsScoreExactlyAsTheScriptDoes() throws {
    let temp = try TemporaryDirectory()
    let gold = try goldFolder(temp)
    let evidence: [[String: Any]] = [["document": "https://e.org/1", "sentence": "Calico implements CNI."]]
    let graphs = [
      try graph(temp, "empty", nodes: [], edges: []),
      try graph(
        temp, "partial",
        nodes: [
          node(
            "cni", "Container Network Interface", score: 3, abbreviation: "CNI",
            definition: "The Container Network Interface is a specification for plugins."),
          node("calico", "Calico", score: 3, definition: "Calico is fast."),
          node("network-drivers", "Network Drivers", score: 1),
          node("misc", "something else", score: 2),
          node("cafe", "café protocol", score: 0.5, abbreviation: "cp"),
        ],
        edges: [
          ["source": "calico", "target": "cni", "type": "implements", "evidence": evidence],
          ["source": "calico", "target": "cni", "type": "uses", "evidence": evidence],
          ["source": "network-drivers", "target": "calico", "type": "related_to", "evidence": evidence],
          ["source": "misc", "target": "cni", "type": "uses", "evidence": [["document": "https://e.org/9"]]],
        ]),
      try graph(
        temp, "ties", nodes: (0..<60).map { node("n\($0)", $0 % 7 == 0 ? "Calico" : "term \($0)", score: 1) }, edges: []
      ),
    ]
    for path in graphs {
      for posts in ["1", "", "1,2"] {
        let arguments =
          posts.isEmpty ? [path, gold] : [path, gold, "--posts-map", "\(gold)/posts.tsv", "--posts", posts]
        let expected = try runScript(arguments)
        let report = try GoldEvaluator(
          goldDirectory: gold, postsMap: posts.isEmpty ? nil : "\(gold)/posts.tsv",
          posts: posts.split(separator: ",").map(String.init)
        ).evaluate(graphPath: path)
        #expect(report.scoreLines == expected, "\(path) posts=\(posts)")
      }
    }
  }

  @Test(.enabled(if: scoreScript != nil && SeedGold.directory != nil, "needs ../shared/eval"))
  func theSeedGoldScoresExactlyAsTheScriptDoes() throws {
    let temp = try TemporaryDirectory()
    let gold = try #require(SeedGold.directory).path
    // A graph built from the gold list itself, with some concepts left out and scores that tie.
    let rows = try SeedGold.rows("concepts.tsv")
    let nodes = rows.enumerated().filter { $0.offset % 3 != 0 }.map { index, row in
      node(
        "c\(index)", row["canonical"] ?? "", score: Double(index % 5),
        aliases: (row["aliases"] ?? "").split(separator: "|").map(String.init))
    }
    let path = try graph(temp, "seed", nodes: nodes, edges: [])
    let expected = try runScript([path, gold, "--posts-map", "\(gold)/posts.tsv", "--posts", "17"])
    let report = try GoldEvaluator(goldDirectory: gold, postsMap: "\(gold)/posts.tsv", posts: ["17"]).evaluate(
      graphPath: path)
    #expect(report.scoreLines == expected)
  }

  @Test func normalFormMatchesTheScriptsRules() {
    #expect(GoldEvaluator.norm("network (CNM construct)") == "network")
    #expect(GoldEvaluator.norm("Network-Drivers") == "network driver")
    #expect(GoldEvaluator.norm("policies") == "policy")
    #expect(GoldEvaluator.norm("Docker’s libnetwork") == "docker's libnetwork")
    #expect(GoldEvaluator.norm("10.0.0.0/8") == "10 0 0 0 8")
  }
}
