import Foundation

extension GoldEvaluator {
  /// Scores the graph at `graphPath`.
  ///
  /// - Throws: `EvaluationError` when the graph or the concept list cannot be read.
  public func evaluate(graphPath: String) throws(EvaluationError) -> Report {
    guard let data = FileManager.default.contents(atPath: graphPath) else { throw .unreadable(path: graphPath) }
    guard let graph = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw .notAGraph(path: graphPath, reason: "the top level is not a JSON object")
    }
    let nodes = (graph["nodes"] as? [[String: Any]]) ?? []
    let edges = (graph["edges"] as? [[String: Any]]) ?? (graph["links"] as? [[String: Any]]) ?? []
    var figures: [(key: String, value: Value)] = [("nodes", .int(nodes.count)), ("edges", .int(edges.count))]
    var missed: [(section: String, items: [String])] = []

    guard let concepts = Self.tsv("\(goldDirectory)/concepts.tsv") ?? Self.tsv("\(goldDirectory)/terms.tsv") else {
      throw .noConcepts(path: goldDirectory)
    }
    var surfaceToGold: [String: Set<Int>] = [:]
    for (index, concept) in concepts.enumerated() {
      for surface in Self.goldSurfaces(concept) { surfaceToGold[surface, default: []].insert(index) }
    }
    func nodeID(_ node: [String: Any]) -> String { Self.string(node["id"]) ?? "" }
    var nodeGold: [String: Set<Int>] = [:]
    for node in nodes {
      var matched = Set<Int>()
      for surface in Self.nodeSurfaces(node) { matched.formUnion(surfaceToGold[surface] ?? []) }
      nodeGold[nodeID(node)] = matched
    }
    let matched = nodeGold.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
    let core = concepts.indices.filter { concepts[$0]["core"] == "yes" }
    figures.append(("concept_recall_all", .double(Self.round3(Double(matched.count) / Double(max(1, concepts.count))))))
    figures.append(
      (
        "concept_recall_core",
        .double(Self.round3(Double(core.filter(matched.contains).count) / Double(max(1, core.count))))
      ))
    let missedCore = Self.pythonSorted(core.filter { !matched.contains($0) }.map { concepts[$0]["canonical"] ?? "" })
    figures.append(("missed_core", .strings(missedCore)))
    missed.append(("missed core concepts", missedCore))

    // Ranked by score, highest first; Python's sort is stable, so ties keep file order.
    let ranked = nodes.enumerated().sorted {
      let a = Self.number($0.element["score"]), b = Self.number($1.element["score"])
      return a != b ? a > b : $0.offset < $1.offset
    }.map(\.element)
    for k in [25, 50, 100] {
      let top = ranked.prefix(k)
      guard !top.isEmpty else { continue }
      let hits = top.filter { !(nodeGold[nodeID($0)] ?? []).isEmpty }.count
      figures.append(("precision_at_\(k)", .double(Self.round3(Double(hits) / Double(top.count)))))
    }
    let matchedNodes = nodes.filter { !(nodeGold[nodeID($0)] ?? []).isEmpty }.count
    figures.append(("precision_all", .double(Self.round3(Double(matchedNodes) / Double(max(1, nodes.count))))))
    figures.append(
      (
        "unmatched_top50",
        .strings(
          ranked.prefix(50).filter { (nodeGold[nodeID($0)] ?? []).isEmpty }.map {
            Self.string($0["label"]) ?? "None"
          })
      ))

    if let acronyms = Self.tsv("\(goldDirectory)/acronyms.tsv") {
      scoreAcronyms(acronyms, nodes: nodes, figures: &figures, missed: &missed)
    }
    if let definitions = Self.tsv("\(goldDirectory)/definitions.tsv") {
      scoreDefinitions(definitions, nodes: nodes, figures: &figures, missed: &missed)
    }
    if let relations = Self.tsv("\(goldDirectory)/relations.tsv") {
      scoreRelations(
        relations, concepts: concepts, surfaceToGold: surfaceToGold, nodeGold: nodeGold, edges: edges,
        figures: &figures, missed: &missed)
    }
    return Report(figures: figures, missed: missed)
  }

  private func scoreAcronyms(
    _ rows: [[String: String]], nodes: [[String: Any]], figures: inout [(key: String, value: Value)],
    missed: inout [(section: String, items: [String])]
  ) {
    struct Pair: Hashable {
      var short: String
      var long: String
    }
    let goldPairs = Set(rows.map { Pair(short: Self.strip($0["short"] ?? ""), long: Self.norm($0["long"] ?? "")) })
    let goldShorts = Set(goldPairs.map { Self.casefold($0.short) })
    var systemPairs = Set<Pair>()
    for node in nodes {
      guard let abbreviation = Self.string(node["abbreviation"]), !abbreviation.isEmpty else { continue }
      systemPairs.insert(Pair(short: Self.strip(abbreviation), long: Self.norm(Self.string(node["label"]) ?? "")))
    }
    func hit(_ pair: Pair, _ pool: Set<Pair>) -> Bool {
      pool.contains { Self.casefold($0.short) == Self.casefold(pair.short) && $0.long == pair.long }
    }
    let judged = systemPairs.filter { goldShorts.contains(Self.casefold($0.short)) }
    let recalled = goldPairs.filter { hit($0, systemPairs) }.count
    figures.append(("acronym_recall", .double(Self.round3(Double(recalled) / Double(max(1, goldPairs.count))))))
    figures.append(
      (
        "acronym_precision",
        judged.isEmpty
          ? .none : .double(Self.round3(Double(judged.filter { hit($0, goldPairs) }.count) / Double(judged.count)))
      ))
    let missedPairs = Self.pythonSorted(goldPairs.filter { !hit($0, systemPairs) }.map { "\($0.short)=\($0.long)" })
    figures.append(("acronym_missed", .strings(missedPairs)))
    missed.append(("missed acronyms", missedPairs))
  }

  private func scoreDefinitions(
    _ rows: [[String: String]], nodes: [[String: Any]], figures: inout [(key: String, value: Value)],
    missed: inout [(section: String, items: [String])]
  ) {
    var order: [String] = []
    var byTerm: [String: [String]] = [:]
    for row in rows {
      let sentence = row["sentence"] ?? row["first_words"] ?? row["first_12_words"] ?? ""
      let term = Self.norm(row["term"] ?? "")
      if byTerm[term] == nil { order.append(term) }
      byTerm[term, default: []].append(sentence)
    }
    let surfaces = nodes.map { Self.nodeSurfaces($0) }
    var have = 0
    var hits = 0
    var misses: [String] = []
    for term in order {
      guard let index = surfaces.firstIndex(where: { $0.contains(term) }) else { continue }
      have += 1
      var text: String?
      if let definition = nodes[index]["definition"] as? [String: Any] {
        text = Self.string(definition["text"])
      } else if let definition = nodes[index]["definition"], !(definition is NSNull) {
        text = Self.string(definition) ?? "\(definition)"
      }
      if let text, !text.isEmpty, (byTerm[term] ?? []).contains(where: { Self.overlap(text, $0) >= 0.6 }) {
        hits += 1
      } else {
        misses.append(term)
      }
    }
    figures.append(("definition_terms", .int(order.count)))
    figures.append(("definition_terms_with_node", .int(have)))
    figures.append(("definition_hit_rate", .double(Self.round3(Double(hits) / Double(max(1, have))))))
    figures.append(("definition_hit_rate_all", .double(Self.round3(Double(hits) / Double(max(1, order.count))))))
    missed.append(("terms whose definition missed the gold sentences", misses))
  }

  private func scoreRelations(
    _ allRows: [[String: String]], concepts: [[String: String]], surfaceToGold: [String: Set<Int>],
    nodeGold: [String: Set<Int>], edges: [[String: Any]], figures: inout [(key: String, value: Value)],
    missed: inout [(section: String, items: [String])]
  ) {
    let postSet = Set(posts.filter { !$0.isEmpty })
    var urlOf: [String: String] = [:]
    if let postsMap, let rows = Self.tsv(postsMap) {
      for row in rows { urlOf[row["num"] ?? ""] = Self.rstripSlash(row["url"] ?? "") }
    }
    let scoredURLs = Set(postSet.compactMap { urlOf[$0] })
    let rows = allRows.filter { postSet.isEmpty || postSet.contains($0["post"] ?? "") }
    var nameToGold: [String: Set<Int>] = [:]
    for (index, concept) in concepts.enumerated() {
      nameToGold[Self.norm(concept["canonical"] ?? ""), default: []].insert(index)
    }
    func goldIDs(_ name: String) -> Set<Int> {
      let key = Self.norm(name)
      if let ids = nameToGold[key], !ids.isEmpty { return ids }
      return surfaceToGold[key] ?? []
    }
    var goldToNodes: [Int: Set<String>] = [:]
    for (node, golds) in nodeGold { for gold in golds { goldToNodes[gold, default: []].insert(node) } }
    func nodesFor(_ name: String) -> Set<String> {
      goldIDs(name).reduce(into: Set<String>()) { $0.formUnion(goldToNodes[$1] ?? []) }
    }
    var pairEdges: [Set<String>: [[String: Any]]] = [:]
    for edge in edges {
      pairEdges[[Self.string(edge["source"]) ?? "", Self.string(edge["target"]) ?? ""], default: []].append(edge)
    }
    var anyHit = 0
    var typedHit = 0
    var missedPairs: [String] = []
    for row in rows {
      let subjects = nodesFor(row["subject"] ?? "")
      let objects = nodesFor(row["object"] ?? "")
      var found: [[String: Any]] = []
      for s in subjects { for o in objects { found.append(contentsOf: pairEdges[[s, o]] ?? []) } }
      if !found.isEmpty {
        anyHit += 1
      } else {
        missedPairs.append("\(row["subject"] ?? "") \(row["relation"] ?? "") \(row["object"] ?? "")")
      }
      if found.contains(where: {
        Self.string($0["type"]) == row["relation"] && subjects.contains(Self.string($0["source"]) ?? "")
          && objects.contains(Self.string($0["target"]) ?? "")
      }) {
        typedHit += 1
      }
    }
    figures.append(("relation_gold", .int(rows.count)))
    figures.append(("relation_pair_recall", .double(Self.round3(Double(anyHit) / Double(max(1, rows.count))))))
    figures.append(("relation_typed_recall", .double(Self.round3(Double(typedHit) / Double(max(1, rows.count))))))
    struct Triple: Hashable {
      var subject: Int
      var relation: String
      var object: Int
    }
    var goldTriples = Set<Triple>()
    for row in rows {
      for s in goldIDs(row["subject"] ?? "") {
        for o in goldIDs(row["object"] ?? "") {
          goldTriples.insert(Triple(subject: s, relation: row["relation"] ?? "", object: o))
        }
      }
    }
    var judged = 0
    var correct = 0
    for edge in edges {
      guard let type = Self.string(edge["type"]), !type.isEmpty,
        !["related_to", "co_occurs", "cooccurs", "mentions"].contains(type)
      else { continue }
      let evidence = (edge["evidence"] as? [Any]) ?? []
      let documents = Set(
        evidence.map { item -> String in
          let document = (item as? [String: Any])?["document"]
          return Self.rstripSlash(document.flatMap { Self.string($0) ?? "\($0)" } ?? "")
        })
      if !scoredURLs.isEmpty && documents.isDisjoint(with: scoredURLs) { continue }
      let sourceGold = nodeGold[Self.string(edge["source"]) ?? ""] ?? []
      let targetGold = nodeGold[Self.string(edge["target"]) ?? ""] ?? []
      if sourceGold.isEmpty || targetGold.isEmpty { continue }
      judged += 1
      if sourceGold.contains(where: { s in
        targetGold.contains { goldTriples.contains(Triple(subject: s, relation: type, object: $0)) }
      }) {
        correct += 1
      }
    }
    figures.append(("typed_edges_judged", .int(judged)))
    figures.append(
      ("relation_typed_precision", judged == 0 ? .none : .double(Self.round3(Double(correct) / Double(judged)))))
    missed.append(("gold relations with no edge between their concepts", missedPairs))
  }
}
