import CNKBModel
import Testing
import _CNKBTestSupport

@testable import CNKBConcepts

/// Variant merging, acronym resolution, lexicon matching, definitions and order independence.
@Suite struct ConceptExtractorTests {
  private func document(
    _ source: String, _ paragraphs: [String], kinds: [BlockKind]? = nil, title: String? = nil
  ) -> Document {
    testDocument(source, paragraphs, kinds: kinds, title: title)
  }

  private let stopwords: Set<String> = [
    "the", "a", "an", "is", "are", "of", "and", "to", "in", "on", "with", "by", "it", "for", "each", "one", "this",
    "that", "as", "uses",
  ]

  /// A phrase written almost only in the last two blocks of several pages is page furniture, not a term; the
  /// same phrase in their running text is one.
  @Test func aPhraseOnlyInPageFootersIsNoTerm() {
    func pages(footer: Bool) -> [Document] {
      (1...4).map { number in
        let body = [
          "Overlay networks carry traffic between hosts \(number).",
          "Each host runs a small agent that programs the routes.",
        ]
        let line = "This note first appeared in the Quarry Lantern Digest."
        return document("page\(number).html", footer ? body + [line] : [line] + body + ["Thanks for reading."])
      }
    }
    let extractor = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords))
    let inFooters = extractor.extract(pages(footer: true)).concepts.map { $0.label.lowercased() }
    let inText = extractor.extract(pages(footer: false)).concepts.map { $0.label.lowercased() }
    #expect(inText.contains("quarry lantern digest"), "\(inText)")
    #expect(!inFooters.contains("quarry lantern digest"), "\(inFooters)")
  }

  @Test func mergesCaseHyphenAndPluralVariants() {
    let docs = [
      document(
        "a", ["Each network driver owns a network. Network drivers are pluggable.", "A network-driver may be remote."]),
      document("b", ["The network driver decides. Many network drivers exist."]),
    ]
    let graph = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs)
    let driver = graph.concepts.filter {
      $0.label.lowercased().contains("network driver") || $0.label.lowercased().contains("network-driver")
    }
    #expect(driver.count == 1)
    let aliases = Set(driver.first?.aliases ?? [])
    #expect(aliases.isSuperset(of: ["Network drivers", "network drivers", "network-driver"]))
    #expect(driver.first?.mentionCount == 5)
  }

  @Test func anAcronymDefinedTwoWaysTakesTheExpansionTheCorpusWritesMost() {
    // One definition each: the expansion written again elsewhere names the concept, whatever the alphabet says.
    let docs = [
      document("a", ["Log times are kept in Generic Mapping Tools (GMT) by the plotting add-on."]),
      document("b", ["Timestamps use Greenwich Mean Time (GMT) in every log line."]),
      document("c", ["Greenwich Mean Time has no daylight saving. Servers report Greenwich Mean Time by default."]),
      document("d", ["Convert local clocks to Greenwich Mean Time before comparing them."]),
    ]
    let graph = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs)
    let gmt = graph.concepts.filter { $0.abbreviation == "GMT" }
    #expect(gmt.map(\.label) == ["Greenwich Mean Time"])
  }

  @Test func anExpansionsLabelIsItsUsualSpellingAndSingular() {
    // Given as often, the spelling written more often elsewhere wins over the one that sorts first.
    #expect(
      CorpusCollector.preferredLongForm(
        ["Unique IDentifier", "Unique Identifier"], written: ["Unique IDentifier": 1, "Unique Identifier": 2])
        == "Unique Identifier")
    // A plural given beside its singular never names the concept, however often the text writes it.
    #expect(
      CorpusCollector.preferredLongForm(
        ["Uniform Resource Locators", "Uniform Resource Locator"],
        written: ["Uniform Resource Locators": 9, "Uniform Resource Locator": 1]) == "Uniform Resource Locator")
    // Given more often still wins, and a capitalised spelling still outranks a lower-case one.
    #expect(
      CorpusCollector.preferredLongForm(
        ["Hypertext Markup Language", "Hypertext Markup Language", "HyperText Markup Language"],
        written: ["HyperText Markup Language": 20]) == "Hypertext Markup Language")
    #expect(
      CorpusCollector.preferredLongForm(["unique identifier", "Unique Identifier"], written: ["unique identifier": 40])
        == "Unique Identifier")
    // Spelt out only in the plural, it is named in the singular when the corpus writes that at least as often;
    // a name that is a plural keeps its "s".
    #expect(CorpusCollector.preferredLongForm(["Integers"], written: ["Integers": 2, "Integer": 5]) == "Integer")
    #expect(
      CorpusCollector.preferredLongForm(
        ["Comma-Separated Values"], written: ["Comma-Separated Values": 12, "Comma-Separated Value": 1])
        == "Comma-Separated Values")
  }

  @Test func clausesAroundAPluralAreNotTerms() {
    // A verb in -s after its subject ("Docker ships overlay drivers"), a plural noun and a participle
    // ("strings containing", "messages sent") are clauses; a phrase led by a plural noun that opens after an
    // article ("the settings file") and one written token ending like a participle ("UF_HIDDEN") are not.
    let docs = [
      document(
        "a",
        [
          "The settings file lists every bridge. Docker ships overlay drivers for every host.",
          "Logs record messages sent to the daemon. The daemon rejects strings containing spaces. Set UF_HIDDEN.",
          "Old Docker daemons running overlay drivers stop.",
        ]),
      document(
        "b",
        [
          "Edit the settings file first. Podman ships overlay drivers too. Clients read messages sent to the socket.",
          "The parser rejects strings containing tabs. The flag UF_HIDDEN hides a file. Clear UF_HIDDEN later.",
          "Restart Docker daemons running Calico.",
        ]),
    ]
    let labels = Set(ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs).concepts.map(\.label))
    let clauses = [
      "ships overlay drivers", "messages sent", "strings containing", "rejects strings containing",
      "Docker daemons running",
    ]
    for clause in clauses {
      #expect(!labels.contains(clause), "\(clause) is a clause")
    }
    #expect(labels.isSuperset(of: ["settings file", "UF_HIDDEN"]), "\(labels.sorted())")
  }

  @Test func aRarePhraseLedByAVerbInSIsAClauseNotATerm() {
    // Judged as a phrase written twice whose head noun heads established terms ("pod traffic", "node traffic"):
    // "routes traffic" (after "Calico") leads with the verb of a noun that heads a term itself ("default
    // route"), even where the corpus also writes "the routes"; "iptables rules" keeps its first word.
    var collector = CorpusCollector(vocabulary: Vocabulary(stopwords: stopwords), options: ConceptExtractor.Options())
    collector.wordRoles["routes"] = WordRoles(afterNounCue: 3)
    collector.wordRoles["iptables"] = WordRoles(afterNounCue: 3)
    func bucket(_ written: String) -> TermBucket {
      var bucket = TermBucket(key: TermKey.of(written), wordCount: 2)
      for (index, document) in ["a", "b"].enumerated() {
        let mention = Mention(
          document: document, sentence: index, start: 40, end: 40 + written.count, surface: written)
        bucket.add(mention, running: true, cue: false, heading: false)
      }
      return bucket
    }
    let heads = ["traffic": 2, "route": 1, "rule": 2]
    #expect(!collector.rareTermLooksEstablished(bucket("routes traffic"), heads: heads))
    #expect(collector.rareTermLooksEstablished(bucket("iptables rules"), heads: heads))
    #expect(collector.rareTermLooksEstablished(bucket("node traffic"), heads: heads))
  }

  @Test func theFirstHalfOfAnXToXModifierIsNoTerm() {
    // "plain node to node links": "plain node" opens an "X to X" modifier; "plain node" alone elsewhere stays.
    var collector = CorpusCollector(vocabulary: Vocabulary(stopwords: stopwords), options: ConceptExtractor.Options())
    let pages = [
      document("a", ["Tunnels need plain node to node links between hosts."]),
      document("b", ["Each plain node joins the mesh."]),
    ]
    for page in pages { collector.index(page) }
    func mention(_ written: String, in page: Document) -> Mention {
      let start =
        page.text.unicodeScalars.count
        - page.text[page.text.range(of: written)!.lowerBound...].unicodeScalars.count
      return Mention(document: page.source, sentence: 0, start: start, end: start + written.count, surface: written)
    }
    var pairOnly = TermBucket(key: "plain node", wordCount: 2)
    pairOnly.add(mention("plain node", in: pages[0]), running: true, cue: false, heading: false)
    var alsoAlone = pairOnly
    alsoAlone.add(mention("plain node", in: pages[1]), running: true, cue: false, heading: false)
    let heads = ["node": 3]
    #expect(!collector.rareTermLooksEstablished(pairOnly, heads: heads))
    #expect(collector.rareTermLooksEstablished(alsoAlone, heads: heads))
  }

  @Test func aCountOfThingsIsNotATermButACompoundWithANumberIs() {
    let docs = [
      document("a", ["The four modes differ by host. TCP opens with a three-way handshake."]),
      document("b", ["Pick one of the four modes. A SYN flood abuses the three-way handshake."]),
      document("c", ["The Billion Laughs attack nests entities. Parsers refuse Billion Laughs payloads."]),
    ]
    let labels = Set(ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs).concepts.map(\.label))
    #expect(!labels.contains("four modes"))
    #expect(labels.isSuperset(of: ["three-way handshake", "Billion Laughs"]), "\(labels.sorted())")
  }

  /// A name that bylines credit ("Contributed by …", "Patch by …") is a person's, not a term.
  ///
  /// That holds when bylines credit it at least half the times it is written, even when no list of given names
  /// knows it; its first and last names alone are a person's too. A name written after a byline only now and
  /// then stays.
  @Test func aNameThatBylinesCreditIsAPerson() {
    let docs = [
      document(
        "notes-1",
        [
          "The bridge plugin now reports its MTU (Contributed by Ngozi Adeyemi in issue 4512). "
            + "The host-local plugin keeps its leases on disk (Patch by Ngozi Adeyemi). "
            + "Open Mesh routes traffic between pods."
        ]),
      document(
        "notes-2",
        [
          "The macvlan plugin accepts any parent interface (Contributed by Ngozi Adeyemi). "
            + "Ngozi Adeyemi also rewrote the tuning guide. Ngozi answered questions. "
            + "Open Mesh keeps one route table per node. The agent was written by Open Mesh maintainers."
        ]),
    ]
    let labels = Set(ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs).concepts.map(\.label))
    #expect(!labels.contains("Ngozi Adeyemi"), "\(labels.sorted())")
    #expect(!labels.contains("Adeyemi") && !labels.contains("Ngozi"))
    #expect(labels.contains("Open Mesh"), "\(labels.sorted())")
  }

  @Test func anAbbreviationsPluralIsTheAbbreviation() {
    // "APIs", "CPUs" and "VMs" end like "analysis", "status" or a three-letter word, which keep their "s".
    #expect(TermKey.of("APIs") == "api")
    #expect(TermKey.of("REST APIs") == "rest api")
    #expect(TermKey.of("CPUs") == "cpu")
    #expect(TermKey.of("VLAN IDs") == "vlan id")
    #expect(TermKey.of("VMs") == "vm")
    #expect(TermKey.of("(CNIs)") == "cni")
    #expect(TermKey.of("analysis") == "analysis")
    #expect(TermKey.of("status") == "status")
    #expect(TermKey.of("IPv6s") == TermKey.of("ipv6s"))
    #expect(TermKey.of("Is") == "is")
    #expect(TermKey.of("APIS") == "apis")
    #expect(TermKey.ofUnicode("VLAN IDs") == "vlan id")
    #expect(TermKey.ofUnicode("réseau APIs") == "réseau api")

    let docs = [
      document("a", ["The plugin exposes two APIs to the runtime. Each API is versioned."]),
      document("b", ["Remote APIs are called over HTTP. The API answers with JSON."]),
    ]
    let graph = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs)
    let api = graph.concepts.filter { TermKey.of($0.label) == "api" || TermKey.of($0.label) == "apis" }
    #expect(api.count == 1)
    #expect(api.first?.aliases.contains("APIs") == true)
    #expect(api.first?.mentionCount == 4)
  }

  /// Numbered names, sub-interfaces and settings' values end so; names that carry a number of their own do not.
  @Test func exampleValuesEndInANumberedName() {
    for value in ["net-1", "host-12", "eth0.60", "parent eth0.50", "vlan id 50", "Vlan ID 50", "port 8080"] {
      #expect(CorpusCollector.endsInAnExampleValue(value), "\(value)")
    }
    for name in ["Layer 2", "802.1Q", "IPv6", "docker0", "UTF-8", "x86-64", "host-gw", "kube-proxy", "eth0", "v1"] {
      #expect(!CorpusCollector.endsInAnExampleValue(name), "\(name)")
    }
  }

  @Test func resolvesAnAcronymAcrossTheCorpusWithItsOwnCasing() {
    let docs = [
      document("a", ["The Container Network Model (CNM) is a specification proposed by Docker. CNM has drivers."]),
      document("b", ["Some write container network model (CNM) in lower case. CNM again."]),
    ]
    let graph = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs)
    let cnm = graph.concepts.first { $0.abbreviation == "CNM" }
    #expect(cnm?.label == "Container Network Model")
    #expect(cnm?.documents == ["a", "b"])
    #expect(cnm?.definition?.text == "The Container Network Model (CNM) is a specification proposed by Docker.")
    #expect(cnm?.definition?.kind == "copula")
  }

  @Test func lexiconEntriesMatchAliasesAndCarryCategory() {
    let vocabulary = Vocabulary(
      entries: [
        Vocabulary.Entry(
          label: "Weave Net", category: "project_or_product", aliases: ["Weave"], description: "A mesh overlay.")
      ],
      stopwords: stopwords)
    let graph = ConceptExtractor(vocabulary: vocabulary).extract([
      document("a", ["Weave builds a mesh. We like weave."])
    ])
    let weave = graph.concepts.first { $0.label == "Weave Net" }
    #expect(weave?.category == "project_or_product")
    #expect(weave?.origin == .lexicon)
    #expect(weave?.mentionCount == 2)
    #expect(weave?.description == "A mesh overlay.")
  }

  /// A parenthesis after a term glosses it when it holds words ("local scope (single host)"); a number or a
  /// value in it ("the nat iptables (5) chain", "IP (10.0.0.2 here)") says nothing about the term.
  @Test func aParenthesisGlossesOnlyInWords() {
    let vocabulary = Vocabulary(
      entries: [
        Vocabulary.Entry(label: "iptables", category: "project_or_product"),
        Vocabulary.Entry(label: "local scope", category: "concept"),
      ],
      stopwords: stopwords)
    let graph = ConceptExtractor(vocabulary: vocabulary).extract([
      document(
        "a",
        [
          "The proxy adds one rule to the nat iptables (5) chain for every published port of the service.",
          "A driver may have local scope (single host) or global scope, depending on where its state lives.",
        ])
    ])
    let iptables = graph.concepts.first { $0.label == "iptables" }
    #expect(iptables != nil)
    #expect(iptables?.definition?.kind != "expansion")
    let local = graph.concepts.first { $0.label == "local scope" }
    #expect(local?.definition?.kind == "expansion")
    #expect(!CorpusCollector.parenthesisGlosses("(172.17.0.2 in the example above) is on the subnet", of: "IP"))
    #expect(!CorpusCollector.parenthesisGlosses("(see remote.md) registers", of: "driver"))
    #expect(CorpusCollector.parenthesisGlosses("(VNI) when the overlay is used", of: "Virtual Network Identifier"))
  }

  /// Names given to other things, list items and field headings say nothing of what a term is.
  ///
  /// "a zone called docker" names a zone after Docker; "a container, a machine, or another device" lists; a
  /// heading over "The ips field is …" introduces a field.
  @Test func namesGivenToOtherThingsAndListItemsDoNotDefine() {
    let graph = extract(
      entries: [
        Vocabulary.Entry(label: "Docker", category: "project_or_product"),
        Vocabulary.Entry(label: "container", category: "concept"),
        Vocabulary.Entry(label: "Internet Protocol", category: "protocol", abbreviations: ["IP"]),
        Vocabulary.Entry(label: "MAC address", category: "concept"),
      ],
      [
        "With the firewall daemon running, Docker adds a firewall zone called docker for its bridges.",
        "A peer can be either a container, a virtual machine, or another host on the segment.",
        "IPs", "The ips field is a list of the addresses the plugin assigned.",
        "IP provides the addressing that every packet on the segment carries.",
        "The driver keeps one MAC address, the parent's, and tells the containers apart by address.",
      ], kinds: [.paragraph, .paragraph, .heading, .paragraph, .paragraph, .paragraph])
    func definition(_ label: String) -> Definition? { graph.concepts.first { $0.label == label }?.definition }
    #expect(definition("Docker")?.kind != "known-as")
    #expect(definition("container")?.kind != "appositive")
    #expect(
      definition("Internet Protocol")?.text == "IP provides the addressing that every packet on the segment carries.")
    // An appositive followed by a verb phrase is still one.
    #expect(definition("MAC address")?.kind == "appositive")
  }

  /// Examples in a parenthesis ("CIDR notation (eg 10.1.0.0/16)", "the cluster (pod addresses and so on)") are
  /// not words for the term.
  @Test func examplesInAParenthesisAreNoGloss() {
    let graph = extract(
      entries: [
        Vocabulary.Entry(label: "Classless Inter-Domain Routing", category: "concept", abbreviations: ["CIDR"])
      ],
      ["subnet (string): the range the plugin hands out, written in CIDR notation (eg 10.1.0.0/16)."])
    let cidr = graph.concepts.first { $0.abbreviation == "CIDR" }
    #expect(cidr != nil)
    #expect(cidr?.definition?.kind != "expansion")
    #expect(!CorpusCollector.parenthesisGlosses("(e.g. a router) on the path", of: "gateway"))
    #expect(!CorpusCollector.parenthesisGlosses("(for example flannel) at boot", of: "CNI plugin"))
    #expect(!CorpusCollector.parenthesisGlosses("(pod addresses and so on): the name", of: "cluster"))
    #expect(CorpusCollector.parenthesisGlosses("(i.e. every master and worker) in the cluster", of: "nodes"))
  }

  /// What a term does or has done to it ("Calico supports …", "The container is isolated …") is told apart from
  /// what it is ("A pod is a group …"): the kind says which.
  @Test func whatATermDoesIsToldApartFromWhatItIs() {
    let found = definitions(
      ["Calico", "container", "pod"],
      sentences: [
        "Calico supports two encapsulations for traffic that crosses subnets.",
        "The container is isolated from the host by a namespace of its own.",
        "A pod is a group of containers that share one network namespace.",
      ])
    #expect(found["Calico"]??.kind == "does")
    #expect(found["container"]??.kind == "does")
    #expect(found["pod"]??.kind == "copula")
  }

  /// A comma after a term opens no description of it when the clause after it agrees with something else ("large
  /// subnets, which limits …") or the words after it are the next items of a list ("an IP address, a gateway,
  /// a routing table"); a parenthesis naming kinds of the term, or where to look, glosses nothing.
  @Test func clausesAboutTheSentenceListsAndPlacesDoNotDefine() {
    let found = definitions(
      ["subnet", "IP address", "VXLAN", "service IP", "timeout", "Kubernetes"],
      sentences: [
        "The default address pools hand out large subnets, which limits how many networks one host can hold.",
        "A container sees one interface with an IP address, a gateway, a routing table and a resolver.",
        "The overlay driver relies on VXLAN, a tunnelling protocol that wraps layer 2 frames in UDP.",
        "MetalLB announces the service IPs (cluster IPs or external IPs) to the routers it peers with.",
        "The plugin waits for the timeout (in seconds) before it gives up on the daemon.",
        "The foundation hosts Kubernetes (software for deploying, scaling and running containers) among others.",
      ])
    #expect(found["subnet"]??.kind != "appositive")
    #expect(found["IP address"]??.kind != "appositive")
    #expect(found["service IP"]??.kind != "expansion")
    #expect(found["timeout"]??.kind != "expansion")
    // A description after the term, and a gloss whose words are not kinds of it, still define.
    #expect(found["VXLAN"]??.kind == "appositive")
    #expect(found["Kubernetes"]??.kind == "expansion")
    #expect(CorpusCollector.parenthesisGlosses("(single host) or global scope", of: "local scope"))
  }

  /// A copula followed by a property ("are discoverable by"), a place ("is in JSON format") or a condition after
  /// an adverb ("are often absent") says nothing of what the term is, nor does a clause telling what the sentence
  /// leads to ("…, which means that …"); an adverb before an article leaves a definition one ("are essentially
  /// a …").
  @Test func aPropertyAPlaceOrAConsequenceIsNoDefinition() {
    let found = definitions(
      ["container", "network configuration", "load balancing", "nat table", "network driver", "empty string"],
      sentences: [
        "Containers are discoverable by their names on any network they share.",
        "The network configuration is in JSON format and lives in one file per network.",
        "Sticky sessions and load balancing are often absent from hosted offerings.",
        "The daemon rewrites addresses in the nat table, which means that replies skip the filter chains.",
        "The network driver, the part that owns one network, answers the daemon's calls.",
        "Network drivers are essentially a plugin of the daemon that wires containers to one network.",
        "The search path starts with an empty string, which stands for the current directory.",
      ])
    #expect(found["container"]??.kind != "copula")
    #expect(found["network configuration"]??.kind != "copula")
    #expect(found["load balancing"]??.kind != "copula")
    #expect(found["nat table"]??.kind != "appositive")
    #expect(found["network driver"]??.kind == "copula")
    // A clause that says what the term stands for still describes it.
    #expect(found["empty string"]??.kind == "appositive")
    #expect(CorpusCollector.opensConsequence("would result in failed connections"))
    #expect(!CorpusCollector.opensConsequence("means the current directory"))
  }

  /// A term named as one example among several ("could be a veth pair, a tap device or similar", "such as
  /// eth0, a bond or even a VLAN device") is not described by the next example; an appositive after a term
  /// introduced as an example still defines when nothing closes a list.
  @Test func theNextExampleOfAListIsNoAppositive() {
    let found = definitions(
      ["veth pair", "Linux bridge", "eth0", "Open vSwitch", "convenience", "IPAM"],
      sentences: [
        "A driver may wire the endpoint with a veth pair, a tap device or similar.",
        "Its network can be backed by a Linux bridge, a VLAN etc.",
        "The parent can be any interface such as eth0, a bond or even a VLAN device.",
        "Some sites run Open vSwitch, a programmable switch that lives in the kernel and in user space.",
        "Local meetups win on candour, content, and convenience – three things busy engineers value.",
        "The model has hooks for drivers — to wire networks — and IPAM — to hand out and reclaim addresses.",
      ])
    // A dash after the last item of a list sums up the list; without a list it describes the term.
    #expect(found["convenience"]??.kind != "appositive")
    #expect(found["IPAM"]??.kind == "appositive")
    #expect(found["veth pair"]??.kind != "appositive")
    #expect(found["Linux bridge"]??.kind != "appositive")
    #expect(found["eth0"]??.kind != "appositive")
    #expect(found["Open vSwitch"]??.kind == "appositive")
    #expect(CorpusCollector.closesAList("tap device or other kinds of link", afterItem: "the"))
    #expect(!CorpusCollector.closesAList("programmable switch or a router", afterItem: "run"))
  }

  /// "is run with", "is recommended for", "are attached to", "is well suited for", "are only routable within",
  /// "is highly platform specific", "is for you" and "the script that called X" say how a term is used or judged,
  /// not what it is; "is used to", "is responsible for", "is perhaps the simplest …" and "also called X" still
  /// define.
  @Test func usesJudgementsAndPropertiesAfterACopulaDoNotDefine() {
    let found = definitions(
      [
        "agent", "host-gw", "macvlan network", "L2 mode", "pod IP", "port forwarding", "route reflector", "NAT",
        "network controller", "point-to-point", "default bridge", "setup script",
      ],
      sentences: [
        "The datapath switches on when the agent is run with the native routing flag.",
        "host-gw is recommended for operators who control the whole layer 2 segment.",
        "A macvlan network is attached to one parent interface of the host.",
        "L2 mode is well suited for racks whose switches already carry the tenant VLANs.",
        "A pod IP is only routable within the virtual network of its cluster.",
        "Port forwarding is highly platform specific, so each runtime wires it its own way.",
        "If every node already peers with the spine, a route reflector is for you.",
        "NAT is used to give containers a way out through the address of their host.",
        "The network controller is responsible for handing each network to its driver.",
        "Point-to-point is perhaps the plainest way to join a container to its host.",
        "Each host gets one network, also called default bridge, when the daemon starts.",
        "The runner that called setup script twice left two addresses on the interface.",
      ])
    for label in ["agent", "host-gw", "macvlan network", "L2 mode", "pod IP", "port forwarding", "route reflector"] {
      #expect(found[label]??.kind != "copula", "\(label)")
    }
    #expect(found["setup script"]??.kind != "known-as")
    #expect(found["NAT"]??.kind == "copula")
    #expect(found["network controller"]??.kind == "copula")
    #expect(found["point-to-point"]??.kind == "copula")
    #expect(found["default bridge"]??.kind == "known-as")
  }

  /// A copula that only praises ("is the recommended choice") and a clause about what the writer does with
  /// the term ("…, which we recommend") say nothing of what it is; a name followed by a verb and its object
  /// ("Calico routes traffic") is a clause, not a term.
  @Test func judgementsAndTheWritersDoingsDoNotDefine() {
    let graph = extract(
      entries: [
        Vocabulary.Entry(label: "VXLAN", category: "protocol"),
        Vocabulary.Entry(label: "Geneve", category: "protocol"),
        Vocabulary.Entry(label: "bridge", category: "driver_or_mode"),
        Vocabulary.Entry(label: "Calico", category: "project_or_product"),
      ],
      [
        "VXLAN is the recommended choice for clusters that span subnets.",
        "The agent can also use Geneve, which we recommend for new clusters.",
        "Bridge is the default network driver of the daemon.",
        "Calico routes traffic between hosts without tunnels.",
        "In this mode Calico routes traffic through the host's own table.",
        "When pods move, Calico routes traffic to their new node.",
      ])
    func definition(_ label: String) -> Definition? { graph.concepts.first { $0.label == label }?.definition }
    #expect(definition("VXLAN")?.kind != "copula")
    #expect(definition("Geneve")?.kind != "appositive")
    #expect(definition("bridge")?.kind == "copula")
    #expect(!graph.concepts.contains { $0.label.lowercased().hasPrefix("calico route") })
    #expect(CorpusCollector.judges("a good fit for small teams"))
    #expect(!CorpusCollector.judges("a networking solution for containers"))
  }

  /// A configuration reference's line about a field named after a concept ("ipam (dictionary, optional): …",
  /// "interface (uint): …") describes the field; a sentence about the concept defines it better.
  @Test func aFieldNamedAfterAConceptDoesNotDefineIt() {
    let graph = extract(
      entries: [
        Vocabulary.Entry(label: "IP address management", category: "concept", abbreviations: ["IPAM"]),
        Vocabulary.Entry(label: "network interface", category: "concept", aliases: ["interface"]),
      ],
      [
        "ipam (dictionary, optional): the settings handed to the address plugin.",
        "interface (uint): the position of the entry in the result's list.",
        "IPAM provides every container on the host with an address from a pool.",
        "The network interface provides the namespace with a way out to the host.",
      ])
    let ipam = graph.concepts.first { $0.abbreviation == "IPAM" }
    #expect(ipam?.definition?.text == "IPAM provides every container on the host with an address from a pool.")
    let interface = graph.concepts.first { $0.label == "network interface" }
    #expect(interface?.definition?.text == "The network interface provides the namespace with a way out to the host.")
  }

  /// The graph of one document made of `paragraphs`, with a lexicon of `entries`.
  private func extract(
    entries: [Vocabulary.Entry], _ paragraphs: [String], kinds: [BlockKind]? = nil
  ) -> ConceptGraph {
    ConceptExtractor(vocabulary: Vocabulary(entries: entries, stopwords: stopwords))
      .extract([document("a", paragraphs, kinds: kinds)])
  }

  /// The definitions `extract` picks for lexicon entries named `labels` in one page of paragraphs, by label.
  private func definitions(_ labels: [String], sentences: [String]) -> [String: Definition?] {
    definitions(labels, in: [document("a", sentences)])
  }

  /// The definitions `extract` picks for lexicon entries named `labels`, by label.
  private func definitions(_ labels: [String], in documents: [Document]) -> [String: Definition?] {
    let vocabulary = Vocabulary(
      entries: labels.map { Vocabulary.Entry(label: $0, category: "concept") }, stopwords: stopwords)
    let graph = ConceptExtractor(vocabulary: vocabulary).extract(documents)
    return Dictionary(
      uniqueKeysWithValues: labels.map { label in (label, graph.concepts.first { $0.label == label }?.definition) })
  }

  @Test func aBareLabelIsNotDescribedByAHeadingOrByTheNextItemOfItsList() {
    let found = definitions(
      ["underlay", "overlay"],
      in: [
        document(
          "a",
          [
            "This page compares the kinds of networks a container can join.", "overlay", "Point to point links",
            "underlay", "Older Kinds of Container Networking", "Links between containers were the first approach.",
          ], kinds: [.paragraph, .listItem, .listItem, .listItem, .heading, .paragraph])
      ])
    #expect(found["overlay"]??.text != "Point to point links")
    #expect(found["underlay"]??.text != "Older Kinds of Container Networking")
    // A label with a description of its own block still defines.
    let described = definitions(
      ["underlay"],
      in: [
        document(
          "a", ["underlay", "Underlay drivers hand the host's interface to the container."],
          kinds: [.definitionTerm, .definitionDescription])
      ])
    #expect(described["underlay"]??.text == "Underlay drivers hand the host's interface to the container.")
  }

  @Test func aSentenceOpeningWithItsPagesTitleIsAboutThePage() {
    let title = "Container Networking: Types and Trade-offs"
    let found = definitions(
      ["container networking"],
      in: [
        document(
          "a",
          [
            "Many teams compare container networking options before they deploy a cluster.",
            "\(title) was first posted by Jane Roe on her blog in 2016.",
          ], title: title)
      ])
    #expect(
      found["container networking"]??.text
        == "Many teams compare container networking options before they deploy a cluster.")
  }

  @Test func aCommaThatClosesAClauseOrADashBeforeAPrepositionOpensNoAppositive() {
    let found = definitions(
      ["CNI configuration", "cloud native", "load balancing"],
      sentences: [
        "A caveat is that while operators may edit the CNI configuration, the runtime keeps using the old copy.",
        "The talk showed what it means to be cloud native – from containers to functions and back.",
        "Distributed systems lean on load balancing—the spreading of requests across several servers.",
      ])
    #expect(found["CNI configuration"]??.kind != "appositive")
    #expect(found["cloud native"]??.kind != "appositive")
    #expect(found["load balancing"]??.kind == "appositive")
  }

  @Test func anIndexEntryDefinesNothing() {
    let found = definitions(
      ["AF_INET", "Barrier"],
      sentences: [
        "AF_INET (in module socket)", "Barrier (class in asyncio)",
        "The family AF_INET selects IPv4 addresses for a socket in every call that takes one.",
      ])
    #expect(
      found["AF_INET"]??.text == "The family AF_INET selects IPv4 addresses for a socket in every call that takes one.")
    #expect(found["Barrier"] == .some(nil))
    #expect(CorpusCollector.isIndexLocation("class in asyncio"))
    #expect(CorpusCollector.isIndexLocation("ssl.tlsversion attribute"))
    #expect(!CorpusCollector.isIndexLocation("virtual extensible lan"))
    #expect(!CorpusCollector.isIndexLocation("in the default namespace"))
  }

  @Test func whatATermDoesDefinesItBetterThanWhatIsDoneToIt() {
    let found = definitions(
      ["pod", "CNI plugin", "IPv6", "circle"],
      sentences: [
        "A pod is scheduled onto a node by the scheduler.",
        "Each pod uses one network namespace for all of its containers.",
        "Networks are described in files and set up when CNI plugins are invoked by the runtime.",
        "CNI plugins support two commands that add and remove an interface.",
        "IPv6 Support for BGP and BFD", "Routers learn IPv6 routes from their peers over each session.",
        "A circle is drawn on the canvas by the renderer.", "Circles are represented by a center point and radius.",
      ])
    #expect(found["pod"]??.text == "Each pod uses one network namespace for all of its containers.")
    #expect(found["CNI plugin"]??.text == "CNI plugins support two commands that add and remove an interface.")
    #expect(found["IPv6"]??.kind != "copula")
    #expect(found["circle"]??.text == "Circles are represented by a center point and radius.")
    #expect(CorpusCollector.opensProgressiveOrPassive("experimenting with bgp"))
    #expect(!CorpusCollector.opensProgressiveOrPassive("used to route packets"))
    #expect(!CorpusCollector.opensProgressiveOrPassive("something else"))
  }

  @Test func aNounThatHeadsSeveralTermsRanksLowerAloneUnlessASentenceDefinesIt() throws {
    func scores(withCompounds: Bool) -> [String: Double] {
      var paragraphs = [
        "name: the label of the network, unique on the host.", "Give each network a name that says what it joins.",
        "The name must be unique. Every name is checked by the runtime.",
        "A segment is a group of endpoints that reach each other directly.",
        "Give each segment its own subnet. A segment can span several hosts.",
      ]
      if withCompounds {
        paragraphs += [
          "The network name and the interface name are set by the runtime.",
          "A host name resolves through DNS, and the interface name stays short.",
          "The network name appears in logs. The host name appears in the prompt.",
          "A segment ID and a segment label and a segment router come with each segment.",
          "The segment ID is numeric, the segment label is free text, the segment router forwards.",
        ]
      }
      var doc = document("a", paragraphs)
      doc.blocks[0].block.marks = [InlineMark(kind: .code, start: 0, end: 4)]
      doc.blocks[3].block.marks = [InlineMark(kind: .strong, start: 2, end: 9)]
      let graph = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract([doc])
      return Dictionary(uniqueKeysWithValues: graph.concepts.map { ($0.label, $0.score) })
    }
    let alone = scores(withCompounds: false)
    let heading = scores(withCompounds: true)
    let name = try #require(alone["name"]), nameHeading = try #require(heading["name"])
    #expect(nameHeading < 0.75 * name, "a field name that heads network name, interface name and host name")
    // "A segment is a group of endpoints …" defines it: heading segment ID, label and router takes nothing away.
    let segment = try #require(alone["segment"]), segmentHeading = try #require(heading["segment"])
    #expect(segmentHeading >= segment)
  }

  @Test func boldLabelDefinesTheTerm() {
    var doc = document(
      "a",
      [
        "Endpoint: a network interface that joins a sandbox to a network.",
        "The endpoint is wired up. Endpoint count grows.",
      ])
    doc.blocks[0].block.marks = [InlineMark(kind: .strong, start: 0, end: 9)]
    let graph = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract([doc])
    let endpoint = graph.concepts.first { $0.label.lowercased() == "endpoint" }
    #expect(endpoint?.definition?.text == "Endpoint: a network interface that joins a sandbox to a network.")
  }

  @Test func rejectOverrideRemovesADiscoveredTerm() {
    let docs = [document("a", ["The VXLAN tunnel carries frames. The VXLAN tunnel is fast."])]
    let kept = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords)).extract(docs)
    #expect(kept.concepts.contains { $0.label == "VXLAN tunnel" })
    let rejected = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords, overrides: [.reject("vxlan tunnels")]))
      .extract(docs)
    #expect(!rejected.concepts.contains { $0.label == "VXLAN tunnel" })
  }

  @Test func documentOrderDoesNotChangeTheGraph() {
    let docs = [
      document("a", ["The Container Network Interface (CNI) is small. CNI plugins are executables."]),
      document("b", ["Calico routes with BGP. Calico also enforces network policy."]),
      document("c", ["Flannel gives each host a subnet. Flannel uses VXLAN."]),
    ]
    let extractor = ConceptExtractor(vocabulary: Vocabulary(stopwords: stopwords))
    let forward = extractor.extract(docs)
    #expect(extractor.extract(docs.reversed()) == forward)
    #expect(extractor.extract([docs[1], docs[2], docs[0]]) == forward)
    #expect(forward.invariantViolations().isEmpty)
  }
}

/// The byte-level key for ASCII text must be the scalar-level one, character for character.
@Suite struct TermKeyFastPathTests {
  @Test func asciiKeysMatchTheGeneralRule() {
    var generator = SeededGenerator(seed: 20_261_129)
    let alphabet = Array("aZz09 -_/.:\t\n'+&(),;!?sSiIeEyYhHcCxX\"#%*<>[]{}|~`@$^=")
    var checked = 0
    for _ in 0..<20_000 {
      let length = Int(generator.next() % 14)
      let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
      #expect(TermKey.of(text) == TermKey.ofUnicode(text), "\(text.debugDescription)")
      checked += 1
    }
    for text in ["Network Drivers", "network-driver", "IP addresses", "bridges", "policies", "VXLAN-GPE", "802.1Q"] {
      #expect(TermKey.of(text) == TermKey.ofUnicode(text))
    }
    #expect(checked == 20_000)
  }
}
