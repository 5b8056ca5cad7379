import CNKBPipeline
import Testing

/// Lookup, related concepts and paths over small hand-built graphs.
@Suite struct GraphQuestionsTests {
  private static func concept(
    _ id: String, _ label: String, abbreviation: String? = nil, aliases: [String] = [], score: Double
  ) -> Concept {
    Concept(
      id: ConceptID(rawValue: id), label: label, abbreviation: abbreviation, aliases: aliases, origin: .both,
      score: score, mentionCount: 1, documents: ["notes.md"])
  }

  private static func relation(
    _ source: String, _ type: String, _ target: String, weight: Double = 1, _ sentences: [String]
  ) -> Relation {
    Relation(
      source: ConceptID(rawValue: source), target: ConceptID(rawValue: target), type: type, weight: weight,
      evidence: sentences.enumerated().map { index, sentence in
        Evidence(document: "notes.md", sentence: sentence, start: index * 200, end: index * 200 + sentence.count)
      })
  }

  /// Two specifications, the projects around them, two Linux drivers and a concept nothing links to.
  private static let graph = ConceptGraph(
    concepts: [
      concept(
        "container-network-interface", "Container Network Interface", abbreviation: "CNI",
        aliases: ["container network interfaces"], score: 12),
      concept("cni-plugin", "CNI plugin", aliases: ["CNI network plugin", "CNI plugins"], score: 6),
      concept("container-network-model", "Container Network Model", abbreviation: "CNM", score: 10),
      concept("docker", "Docker", score: 9),
      concept("coreos", "CoreOS", score: 5),
      concept("calico", "Calico", aliases: ["Project Calico"], score: 8),
      concept("flannel", "Flannel", score: 6),
      concept("kubernetes", "Kubernetes", aliases: ["k8s"], score: 11),
      concept("macvlan", "MACvlan", aliases: ["macvlan driver"], score: 7),
      concept("ipvlan", "IPvlan", aliases: ["IPvlan driver"], score: 7),
      concept("linux-bridge", "Linux bridge", aliases: ["Linux bridges"], score: 4),
      concept("ip-address-management", "IP address management", abbreviation: "IPAM", score: 4),
      concept("ipam-plugin", "IPAM plugin", aliases: ["ipam"], score: 7),
      concept("single-root-io-virtualization", "single root I/O virtualization", abbreviation: "SR-IOV", score: 3),
    ],
    relations: [
      relation(
        "container-network-model", "proposed_by", "docker",
        ["The Container Network Model is Docker's proposal for plugging networks into containers."]),
      relation(
        "container-network-interface", "proposed_by", "coreos",
        [
          "CoreOS drafted the Container Network Interface for rkt.",
          "The CNI came out of CoreOS before it moved to the CNCF.",
        ]),
      relation("cni-plugin", "implements", "container-network-interface", ["Every CNI plugin implements CNI."]),
      relation(
        "kubernetes", "uses", "container-network-interface", weight: 2,
        ["Kubernetes uses CNI to wire pods.", "The kubelet in Kubernetes calls CNI for every pod sandbox."]),
      relation("calico", "is_a", "cni-plugin", ["Calico is a CNI plugin that routes with BGP."]),
      relation("flannel", "is_a", "cni-plugin", ["Flannel is a CNI plugin that builds an overlay."]),
      relation("calico", "supports", "container-network-model", ["Calico also supports CNM through libnetwork."]),
      relation(
        "container-network-interface", "related_to", "container-network-model", weight: 0.7,
        ["CNI and CNM answer the same question in different ways."]),
      relation(
        "calico", "related_to", "container-network-interface", weight: 0.5,
        ["Calico ships a plugin for CNI."]),
      // Heavier than any typed relation: typed relations still win among equally short paths.
      relation(
        "flannel", "related_to", "kubernetes", weight: 3,
        ["Flannel is a common first choice on Kubernetes."]),
      relation(
        "calico", "related_to", "kubernetes", weight: 3,
        ["Calico enforces Kubernetes network policy."]),
      relation(
        "ipvlan", "related_to", "macvlan", weight: 0.8,
        [
          "MACvlan and IPvlan",
          "IPvlan shares the parent's MAC address.",
          "Unlike MACvlan, IPvlan gives every container the parent interface's MAC address.",
        ]),
      relation(
        "macvlan", "contrasts_with", "linux-bridge",
        ["MACvlan needs no Linux bridge, whereas the default driver builds one."]),
    ],
    documentCount: 1, sentenceCount: 20)

  private let questions = GraphQuestions(Self.graph)

  private func id(_ term: String) throws -> String {
    try questions.concept(named: term).id.rawValue
  }

  // MARK: - Lookup

  @Test func normalisingFoldsCaseSeparatorsSpacesAndPlurals() {
    #expect(GraphQuestions.normalise("CNI-Plugins") == "cni plugin")
    #expect(GraphQuestions.normalise("  Linux   bridges ") == "linux bridge")
    #expect(GraphQuestions.normalise("ip_address/management") == "ip address management")
    #expect(GraphQuestions.normalise("IP addresses") == "ip address")
    #expect(GraphQuestions.normalise("network policies") == "network policy")
    // Words of three letters or fewer keep their s.
    #expect(GraphQuestions.normalise("IPs") == "ips")
  }

  @Test func aTermIsFoundByLabelAliasAbbreviationOrSlugInAnyCase() throws {
    #expect(try id("Container Network Interface") == "container-network-interface")
    #expect(try id("CNI") == "container-network-interface")
    #expect(try id("cni") == "container-network-interface")
    #expect(try id("cnm") == "container-network-model")
    #expect(try id("Project Calico") == "calico")
    #expect(try id("project-calico") == "calico")
    #expect(try id("K8S") == "kubernetes")
    #expect(try id("container-network-interface") == "container-network-interface")
    #expect(try id("single-root-io-virtualization") == "single-root-io-virtualization")
    #expect(try id("sr-iov") == "single-root-io-virtualization")
  }

  @Test func pluralsAndSeparatorsDoNotMatter() throws {
    #expect(try id("CNI plugins") == "cni-plugin")
    #expect(try id("cni_plugin") == "cni-plugin")
    #expect(try id("Linux Bridges") == "linux-bridge")
    #expect(try id("linux-bridge") == "linux-bridge")
    #expect(try id("container network interface") == "container-network-interface")
  }

  @Test func aSharedSurfacePrefersTheExactNameThenTheHigherScore() throws {
    // "IPAM" is IP address management's abbreviation as written, and the plugin's alias in lower case.
    #expect(try id("IPAM") == "ip-address-management")
    // Written as the alias is: the alias wins.
    #expect(try id("ipam") == "ipam-plugin")
    // Neither written so: the higher score wins.
    #expect(try id("Ipam") == "ipam-plugin")
    #expect(questions.matches(for: "Ipam").map(\.id.rawValue) == ["ipam-plugin", "ip-address-management"])
  }

  @Test func anUnknownTermListsTheClosestKnownTerms() throws {
    #expect(questions.suggestions(for: "kubernetis").first?.term == "Kubernetes")
    #expect(questions.suggestions(for: "Calcio").first?.term == "Calico")
    #expect(questions.suggestions(for: "flanel").first?.term == "Flannel")
    #expect(questions.suggestions(for: "macvlna").first?.concept.rawValue == "macvlan")
    // Known terms that start with it come after close misspellings, each concept once.
    let prefix = questions.suggestions(for: "ipv").map(\.term)
    #expect(prefix.contains("IPvlan"))
    #expect(Set(prefix).count == prefix.count)
    #expect(questions.suggestions(for: "zzzzqqq").isEmpty)
    #expect(questions.suggestions(for: "c", limit: 5).count <= 5)

    let error = #expect(throws: GraphQuestionError.self) { try questions.concept(named: "Kubernetis") }
    #expect(error?.description.hasPrefix("unknown term 'Kubernetis'; did you mean: Kubernetes") == true)
    #expect(error?.exitCode == 65)
  }

  // MARK: - Related

  @Test func relatedConceptsPutTypedRelationsFirstThenWeightThenEvidence() throws {
    let related = try questions.related(to: ConceptID(rawValue: "container-network-interface"))
    #expect(
      related.map(\.concept.id.rawValue) == [
        "kubernetes",  // uses, weight 2
        "coreos",  // proposed_by, weight 1, two sentences
        "cni-plugin",  // implements, weight 1, one sentence
        "container-network-model",  // related_to 0.7
        "calico",  // related_to 0.5
      ])
    #expect(related.map(\.type) == ["uses", "proposed_by", "implements", "related_to", "related_to"])
    // CNI is the object of "Kubernetes uses CNI", the subject of "CNI proposed_by CoreOS".
    #expect(related.map(\.isOutgoing) == [false, true, false, true, false])
    // The evidence names both concepts; the shorter sentence would not name "CNI".
    #expect(related[1].evidence?.sentence == "CoreOS drafted the Container Network Interface for rkt.")
    #expect(related[1].evidence?.document == "notes.md")
  }

  @Test func relatedConceptsCanBeFilteredByTypeAndLimited() throws {
    let cni = ConceptID(rawValue: "container-network-interface")
    #expect(
      try questions.related(to: cni, type: "related_to").map(\.concept.label) == ["Container Network Model", "Calico"])
    #expect(try questions.related(to: cni, limit: 2).map(\.concept.label) == ["Kubernetes", "CoreOS"])
    #expect(try questions.related(to: cni, type: "runs_on").isEmpty)
    let error = #expect(throws: GraphQuestionError.self) { try questions.related(to: cni, type: "depends_on") }
    #expect(error?.description.contains("valid types: is_a, part_of") == true)
    #expect(error?.description.contains("related_to") == true)
    #expect(error?.exitCode == 64)
  }

  @Test func theBestEvidenceNamesBothConceptsAndReadsAsASentence() throws {
    let related = try questions.related(to: ConceptID(rawValue: "macvlan"), type: "related_to")
    // Not the heading "MACvlan and IPvlan", nor the shortest sentence, which does not name MACvlan.
    #expect(
      related.first?.evidence?.sentence
        == "Unlike MACvlan, IPvlan gives every container the parent interface's MAC address.")
  }

  // MARK: - Paths

  @Test func aPathFollowsRelationsInEitherDirectionWithEvidence() throws {
    let steps = try questions.path(
      from: ConceptID(rawValue: "container-network-model"), to: ConceptID(rawValue: "coreos"))
    #expect(steps.map(\.to.id.rawValue) == ["container-network-interface", "coreos"])
    #expect(steps.map(\.type) == ["related_to", "proposed_by"])
    #expect(steps.map(\.isForward) == [false, true])
    #expect(steps.allSatisfy { $0.evidence != nil })
  }

  @Test func typedRelationsWinAmongEquallyShortPaths() throws {
    // Kubernetes → CNI plugin: through CNI (uses, implements) or through Flannel (related_to 3, is_a).
    let steps = try questions.path(from: ConceptID(rawValue: "kubernetes"), to: ConceptID(rawValue: "cni-plugin"))
    #expect(steps.map(\.from.id.rawValue) == ["kubernetes", "container-network-interface"])
    #expect(steps.map(\.type) == ["uses", "implements"])
    #expect(steps.map(\.isForward) == [true, false])
  }

  @Test func aShorterPathWinsUnlessOnlyTypedRelationsMayBeFollowed() throws {
    let calico = ConceptID(rawValue: "calico")
    let kubernetes = ConceptID(rawValue: "kubernetes")
    #expect(try questions.path(from: calico, to: kubernetes).map(\.type) == ["related_to"])
    let typed = try questions.path(from: calico, to: kubernetes, typedOnly: true)
    #expect(typed.map(\.type) == ["is_a", "implements", "uses"])
    #expect(typed.map(\.to.label) == ["CNI plugin", "Container Network Interface", "Kubernetes"])
  }

  @Test func unjoinedOrIdenticalConceptsHaveNoPath() throws {
    let sriov = ConceptID(rawValue: "single-root-io-virtualization")
    let noPath = #expect(throws: GraphQuestionError.self) {
      try questions.path(from: ConceptID(rawValue: "calico"), to: sriov)
    }
    #expect(noPath == .noPath(from: "Calico", to: "single root I/O virtualization"))
    #expect(noPath?.exitCode == 65)
    // MACvlan reaches IPvlan only through related_to.
    #expect(throws: GraphQuestionError.noPath(from: "MACvlan", to: "IPvlan")) {
      try questions.path(from: ConceptID(rawValue: "macvlan"), to: ConceptID(rawValue: "ipvlan"), typedOnly: true)
    }
    #expect(throws: GraphQuestionError.sameConcept("Calico")) {
      try questions.path(from: ConceptID(rawValue: "calico"), to: ConceptID(rawValue: "calico"))
    }
    #expect(throws: GraphQuestionError.self) {
      try questions.path(from: ConceptID(rawValue: "calico"), to: ConceptID(rawValue: "weave"))
    }
  }

  @Test func anEmptyGraphAnswersNothing() {
    let empty = GraphQuestions(ConceptGraph(concepts: [], documentCount: 0, sentenceCount: 0))
    #expect(empty.matches(for: "CNI").isEmpty)
    #expect(empty.suggestions(for: "CNI").isEmpty)
    #expect(throws: GraphQuestionError.unknownTerm("CNI", suggestions: [])) { try empty.concept(named: "CNI") }
  }
}
