import CNKBModel
import Testing

@testable import CNKBRelations

/// Each sentence pattern on sentences written for the purpose, and what must not become an edge.
@Suite struct PatternTests {
  private let terms: [String: [String]] = [
    "cni": ["Container Network Interface", "CNI"],
    "cnm": ["Container Network Model", "CNM"],
    "docker": ["Docker"],
    "coreos": ["CoreOS"],
    "libnetwork": ["libnetwork", "Libnetwork"],
    "kubernetes": ["Kubernetes"],
    "mesos": ["Mesos"],
    "rkt": ["rkt"],
    "calico": ["Calico"],
    "flannel": ["Flannel"],
    "canal": ["Canal"],
    "weave": ["Weave"],
    "native-driver": ["native drivers", "native driver"],
    "bridge": ["bridge"],
    "overlay": ["overlay"],
    "macvlan": ["MACvlan", "macvlan"],
    "ipvlan": ["IPvlan"],
    "vxlan": ["VXLAN"],
    "udp": ["UDP"],
    "bgp": ["BGP"],
    "ipam": ["IPAM"],
    "network-namespace": ["network namespace"],
    "container-runtime": ["container runtime"],
    "endpoint": ["Endpoint", "endpoints"],
    "network-interface": ["network interface"],
    "sandbox": ["Sandbox"],
    "local-scope": ["local scope"],
    "global-scope": ["global scope"],
    "linux": ["Linux"],
    "cni-spec": ["CNI specification"],
    "ipam-plugin": ["IPAM plugin"],
    "dns": ["DNS"],
    "container-name": ["container name"],
    "tunnel": ["tunnels"],
    "azure-cni": ["Azure CNI plugin"],
    "networking-spec": ["container networking specification"],
    "ipv6": ["IPv6"],
  ]

  private func typed(_ lines: [String]) -> Set<String> {
    RelationCorpus(["doc": lines], terms: terms).typed()
  }

  @Test func originAndAdoptionAttachToTheSentenceSubjectThroughAList() {
    let found = typed([
      "The Container Network Interface (CNI) is a specification proposed by CoreOS and adopted by projects such as Mesos, Kubernetes and rkt."
    ])
    #expect(found.contains("cni proposed_by coreos"))
    #expect(found.isSuperset(of: ["cni adopted_by mesos", "cni adopted_by kubernetes", "cni adopted_by rkt"]))
    // The list belongs to CNI, not to CoreOS.
    #expect(!found.contains("coreos adopted_by mesos"))
  }

  @Test func aRelativeClauseRightAfterAMentionIsAboutIt() {
    let found = typed([
      "Flannel, which was first written by CoreOS, carries packets between hosts.",
      "Kubernetes hands pod networking to Calico, which relies on BGP.",
      "Weave is an overlay that can also use VXLAN.",
      "Calico, which does not use VXLAN here, routes natively.",
      "Mesos runs containers, which use a network namespace each.",
    ])
    #expect(found.contains("flannel created_by coreos"))
    #expect(found.contains("calico uses bgp"))
    #expect(found.contains("overlay uses vxlan"))
    // A negation still stops it, and a clause after another noun than the mention is not the mention's.
    #expect(!found.contains("calico uses vxlan"))
    #expect(!found.contains("mesos uses network-namespace"))
    #expect(!found.contains("kubernetes uses bgp"))
  }

  @Test func aMeansAQualifiedObjectOrARestrictiveClauseStatesNothing() {
    let found = typed([
      "The sandbox is wired up through libnetwork by using IPAM.",
      "Calico helps provide Kubernetes networking on every node.",
      "Flannel deletes only the endpoints that are overlay, never the others.",
      "Weave, which is an overlay, spans every host.",
    ])
    #expect(!found.contains("libnetwork uses ipam"))
    #expect(!found.contains("calico provides kubernetes"))
    #expect(!found.contains("endpoint is_a overlay"))
    #expect(found.contains("weave is_a overlay"))
  }

  /// A participle straight after a mention is about that mention, unless the mention says what the subject is;
  /// an -ing phrase after a noun the mention only modifies, and a verb whose subject is "you" or "we", are no
  /// mention's doing.
  @Test func aParticipleAttachesToTheNounBeforeIt() {
    let found = typed([
      "Flannel reads the CNI specification used by the IPAM plugin.",
      "The nodes form a mesh of tunnels using VXLAN.",
      "The Container Network Interface is a container networking specification proposed by CoreOS.",
      "Calico finds peers by doing a DNS lookup using the container name.",
      "If pods need addresses outside the overlay then you must use the Azure CNI plugin.",
    ])
    #expect(found.contains("ipam-plugin uses cni-spec"))
    #expect(!found.contains("ipam-plugin uses flannel"))
    #expect(found.contains("tunnel uses vxlan"))
    #expect(found.contains("cni proposed_by coreos"))
    #expect(!found.contains("calico uses container-name"))
    #expect(!found.contains("overlay uses azure-cni"))
  }

  /// A connector written with a capital inside a title ("IPv6 Support for BGP") is a noun; a label line that
  /// opens with an imperative ("Flannel: Create a VXLAN device") says what to do, not what the label is; "Unlike
  /// X, Y …" needs Y to head the main clause's subject.
  @Test func titlesImperativesAndUnlikeNeedTheirShape() {
    let found = typed([
      "IPv6 Support for BGP in the next release",
      "Flannel: Create a VXLAN device on each host.",
      "Calico: Use BGP to share routes between nodes.",
      "Unlike Flannel, networks in Calico carry their own routes.",
      "Unlike Weave, Canal routes natively.",
    ])
    #expect(!found.contains("ipv6 supports bgp"))
    #expect(!found.contains("flannel is_a vxlan"))
    #expect(found.contains("calico uses bgp"))
    #expect(!found.contains("calico contrasts_with flannel"))
    #expect(found.contains("canal contrasts_with weave"))
  }

  /// A run of text longer than any sentence (a flattened table, a generated listing) is not read for what it
  /// states: reading each of its mentions against the words around it would cost the square of its length.
  @Test func aRunLongerThanAnySentenceStatesNothing() {
    let tail = String(repeating: " and Weave with Flannel", count: 200)
    let found = typed(["Calico uses BGP" + tail + ".", "Canal uses VXLAN between hosts."])
    #expect(!found.contains("calico uses bgp"))
    #expect(found.contains("canal uses vxlan"))
  }

  @Test func aGroupOfThingsHasThemAsParts() {
    let found = typed([
      "Sandbox: a group of endpoints that share one network stack.",
      "Calico keeps one route for each group of endpoints.",
    ])
    #expect(found.contains("endpoint part_of sandbox"))
    #expect(!found.contains("endpoint part_of calico"))
  }

  @Test func integrationsFromMakeTheMembersSupportTheSubject() {
    let found = typed([
      "The Container Network Model (CNM) comes from Docker, with integrations from projects such as Calico, Weave and Flannel."
    ])
    #expect(found.isSuperset(of: ["calico supports cnm", "weave supports cnm", "flannel supports cnm"]))
  }

  @Test func implementationAndUseVerbs() {
    let found = typed([
      "Libnetwork is the reference implementation of the CNM specification.",
      "VXLAN relies on UDP for transport.",
      "Calico uses BGP to share routes.",
      "The container runtime provides a network namespace to each pod.",
    ])
    #expect(found.contains("libnetwork implements cnm"))
    #expect(found.contains("vxlan uses udp"))
    #expect(found.contains("calico uses bgp"))
    #expect(found.contains("container-runtime provides network-namespace"))
  }

  @Test func requirementsSimilarityAndASubjectCarriedOverAnd() {
    let found = typed([
      "IPAM is required for Calico.",
      "Flannel requires a network namespace per pod.",
      "IPvlan is similar to MACvlan in most ways.",
      "Calico is one such project and uses BGP to share routes.",
      "IPAM ranges for Weave expose BGP to peers.",
    ])
    #expect(found.contains("calico uses ipam"))
    #expect(found.contains("flannel uses network-namespace"))
    #expect(typed(["VXLAN is the encapsulation used within Flannel."]).contains("flannel uses vxlan"))
    #expect(found.contains("ipvlan alternative_to macvlan"))
    let pair = typed(["Flannel and Weave are functionally equivalent for small clusters."])
    #expect(pair.contains("flannel alternative_to weave"))
    #expect(!typed(["Flannel and Weave are not equivalent."]).contains("flannel alternative_to weave"))
    #expect(found.contains("calico uses bgp"))
    // "for Weave" sits in a phrase: Weave is not what exposes BGP.
    #expect(!found.contains("weave provides bgp"))
  }

  @Test func negatedStatementsAreNotEdges() {
    let found = typed([
      "CNM does not provide IPAM to the container runtime.",
      "Flannel never uses BGP.",
      "Weave doesn't support IPAM.",
    ])
    #expect(!found.contains("cnm provides ipam"))
    #expect(!found.contains("flannel uses bgp"))
    #expect(!found.contains("weave supports ipam"))
  }

  @Test func hearstListsAndCopulaEnumerations() {
    let found = typed([
      "The native drivers are bridge, overlay and macvlan.",
      "Underlay options such as MACvlan and IPvlan need no encapsulation.",
      "Calico, Weave and other CNI plugins run on Kubernetes.",
    ])
    #expect(
      found.isSuperset(of: ["bridge is_a native-driver", "overlay is_a native-driver", "macvlan is_a native-driver"]))
    #expect(found.contains("calico is_a cni") && found.contains("weave is_a cni"))
    let members = typed(["The two native drivers you will meet most are bridge and overlay."])
    #expect(members.isSuperset(of: ["bridge is_a native-driver", "overlay is_a native-driver"]))
    #expect(!members.contains("native-driver is_a bridge"))
  }

  @Test func partsByCompositionAndPortmanteau() {
    let found = typed(["Canal is a combination of Calico and Flannel."])
    #expect(found.isSuperset(of: ["calico part_of canal", "flannel part_of canal"]))
  }

  @Test func contrastPhrasesAndSameHeadAlternatives() {
    let found = typed([
      "It is easier to write a plugin for CNI than for CNM.",
      "Unlike CNM, CNI works with any container runtime.",
      "A driver has a local scope or global scope.",
    ])
    #expect(found.contains("cni contrasts_with cnm"))
    #expect(found.contains("local-scope contrasts_with global-scope"))
  }

  @Test func glossaryLineAndListUnderAHeading() {
    let found = typed([
      "# Container Network Model",
      "- Endpoint: A network interface that joins a sandbox to a network.",
      "- Sandbox: An isolated copy of the networking stack.",
    ])
    #expect(found.contains("endpoint is_a network-interface"))
    #expect(found.contains("endpoint part_of cnm"))
    #expect(found.contains("sandbox part_of cnm"))
  }

  /// A line that opens with a label and then states a rule about something is no glossary line: the label is not
  /// a kind of that thing ("admin.E014: The value of exclude must be a list or tuple.").
  @Test func aLabelFollowedByAClauseDefinesNoKind() {
    let rule = typed(["Endpoint: The network interface of each sandbox must be set before it starts."])
    #expect(!rule.contains("endpoint is_a network-interface"))
    let definition = typed(["Endpoint: A network interface that joins a sandbox to a network."])
    #expect(definition.contains("endpoint is_a network-interface"))
  }

  /// "A and other Ys" makes A a Y only when the mention after "other" heads its phrase.
  @Test func andOtherNamesTheKindOnlyWhenTheMentionHeadsItsPhrase() {
    let modifier = typed(["Calico keeps the routes and other BGP state in its own store."])
    #expect(!modifier.contains("calico is_a bgp"))
    let head = typed(["Flannel, Weave and other CNI plugins attach pods to the network."])
    #expect(head.isSuperset(of: ["flannel is_a cni", "weave is_a cni"]))
  }

  /// What a passive verb is done "using" is not used by its subject; an active verb's subject does use it.
  @Test func whatAnActionIsDoneUsingIsNotUsedByItsObject() {
    let passive = typed(["The network namespace is created using the container runtime before the pod starts."])
    #expect(!passive.contains("network-namespace uses container-runtime"))
    let set = typed(["Each Endpoint can be set using IPAM at creation."])
    #expect(!set.contains("endpoint uses ipam"))
    let active = typed(["Calico has been using BGP for years."])
    #expect(active.contains("calico uses bgp"))
  }

  /// "By default" is an idiom, not the agent of a passive verb.
  @Test func byDefaultIsNoAgent() {
    let terms = ["bridge": ["bridge"], "default": ["default"], "docker": ["Docker"]]
    let idiom = RelationCorpus(["doc": ["The bridge is used by default when no network is given."]], terms: terms)
      .typed()
    #expect(idiom.isEmpty)
    let agent = RelationCorpus(["doc": ["The bridge is used by Docker when no network is given."]], terms: terms)
      .typed()
    #expect(agent.contains("docker uses bridge"))
  }

  /// A condition tests one value ("if the parent is a bridge …"); it does not say what a kind of thing is.
  @Test func aConditionIsNoStatementOfKind() {
    let conditional = typed([
      "If the Sandbox is a network namespace, the driver moves the interface into it.",
      "Reports whether the Endpoint is a network interface of the host.",
    ])
    #expect(!conditional.contains("sandbox is_a network-namespace"))
    #expect(!conditional.contains("endpoint is_a network-interface"))
    let stated = typed(["On Linux, the Sandbox is a network namespace."])
    #expect(stated.contains("sandbox is_a network-namespace"))
  }

  /// An API reference puts a one-item list over the paragraph it introduces ("* Endpoint" under a heading about
  /// a notification): that item labels the text below it, it is no part or kind of the heading.
  @Test func aListOfOneItemLabelsWhatFollows() {
    let single = typed([
      "# Container Network Model",
      "- Endpoint",
      "An Endpoint joins a Sandbox to a network and is described by its interface.",
    ])
    #expect(!single.contains("endpoint part_of cnm"))
    let list = typed(["# Container Network Model", "- Endpoint", "- Sandbox"])
    #expect(list.isSuperset(of: ["endpoint part_of cnm", "sandbox part_of cnm"]))
  }

  /// A list item whose label is followed by a value, not a description, is sample output, not a part.
  @Test func aLabelFollowedByAValueIsNoPart() {
    let output = typed(["# Container Network Model", "- Endpoint: 42", "- Sandbox: 7,000"])
    #expect(!output.contains("endpoint part_of cnm") && !output.contains("sandbox part_of cnm"))
    let described = typed([
      "# Container Network Model", "- Endpoint: the interface a sandbox joins", "- Sandbox: a stack",
    ])
    #expect(described.isSuperset(of: ["endpoint part_of cnm", "sandbox part_of cnm"]))
  }

  /// Between a connector and its object there may be a few words of filler, but no preposition ("are only
  /// routable within the subnet" says nothing of what the subject is); and a list carried on after a comma
  /// ends where a new clause's subject stands.
  @Test func aPrepositionOrANewClauseEndsWhatAConnectorReaches() {
    let extra: [String: [String]] = [
      "pod-ips": ["Pod IPs"], "vnet-subnet": ["VNET subnet"], "l3-network": ["L3 network"],
      "cross-subnet-mode": ["cross-subnet mode"], "cloud-network": ["cloud network"],
    ]
    let found = RelationCorpus(
      [
        "doc": [
          "Pod IPs are only routable within the VNET subnet.",
          "As the cloud network is a pure L3 network, cross-subnet mode is not supported.",
          "The native drivers are bridge, overlay and MACvlan.",
        ]
      ], terms: terms.merging(extra) { $1 }
    ).typed()
    #expect(!found.contains("pod-ips is_a vnet-subnet"))
    #expect(found.contains("cloud-network is_a l3-network"))
    #expect(!found.contains("cloud-network is_a cross-subnet-mode"))
    #expect(
      found.isSuperset(of: ["bridge is_a native-driver", "overlay is_a native-driver", "macvlan is_a native-driver"]))
  }

  /// A mention that modifies the noun before the verb ("a CNI capability is supported by …") does not act.
  ///
  /// When the sentence's subject is no concept the relation has no source. A modal, an adverb or a clause
  /// about the mention between the two leave it the subject.
  @Test func aMentionThatModifiesTheSubjectsNounDoesNotAct() {
    let found = typed([
      "Even if a CNI capability is supported by Kubernetes, it may not work on every host.",
      "The native drivers you will meet are bridge and overlay.",
      "In most clusters Calico often uses BGP to share routes.",
      "In this design libnetwork must implement the CNM.",
    ])
    #expect(!found.contains("kubernetes supports cni"))
    #expect(found.isSuperset(of: ["bridge is_a native-driver", "overlay is_a native-driver"]))
    #expect(found.contains("calico uses bgp"))
    #expect(found.contains("libnetwork implements cnm"))
  }

  /// A list of links under a heading (a local table of contents, a menu) is navigation, not parts or kinds.
  ///
  /// It says where the sections are, not what they are parts or kinds of. Written items still count.
  @Test func aListOfLinksIsNavigationNotParts() {
    let contents = typed(["# Container Network Model", "- [Endpoint](#endpoint)", "- [Sandbox](#sandbox)"])
    #expect(!contents.contains("endpoint part_of cnm"))
    #expect(!contents.contains("sandbox part_of cnm"))
    let menu = typed(["# native drivers", "- [bridge](bridge.html)", "- [overlay](overlay.html)"])
    #expect(!menu.contains("bridge is_a native-driver"))
    let written = typed(["# native drivers", "- bridge", "- overlay"])
    #expect(written.isSuperset(of: ["bridge is_a native-driver", "overlay is_a native-driver"]))
  }

  /// "… the interfaces in those network namespaces using …": a mention after a preposition and a determiner other
  /// than an article is still inside the prepositional phrase, and does not act.
  @Test func aMentionAfterAPrepositionAndADemonstrativeDoesNotAct() {
    let found = typed([
      "To look at the interfaces in those network namespace using Linux, link the folder first.",
      "Flannel in each cluster uses VXLAN.",
      "Calico uses BGP.",
    ])
    #expect(!found.contains("network-namespace uses linux"))
    #expect(found.contains("calico uses bgp"))
  }

  /// "… synchronized across the cluster whereas the global scope …": the object of "across" is not what the
  /// second clause is contrasted with.
  @Test func theObjectOfAPrepositionIsNotContrasted() {
    let found = typed(["A local scope needs no synchronization across Kubernetes whereas the global scope does."])
    #expect(!found.contains("kubernetes contrasts_with global-scope"))
  }

  /// A plugin list says what each plugin does ("macvlan: Gives each container …"): a verb follows the colon,
  /// and the noun after it is what the plugin acts on, not what it is.
  @Test func aLabelFollowedByWhatItDoesIsNoKindOfItsObject() {
    let found = typed([
      "# Plugins",
      "- macvlan: Gives each container its own network interface on the parent link.",
      "- bridge: Creates a network namespace for every pod and wires it to the host.",
      "- Endpoint: A network interface that joins a sandbox to a network.",
    ])
    #expect(!found.contains("macvlan is_a network-interface"))
    #expect(!found.contains("bridge is_a network-namespace"))
    #expect(found.contains("endpoint is_a network-interface"))
  }

  /// "… pick IPAM and may provide a network namespace": the second verb belongs to the sentence's subject, so
  /// when that subject is no concept, nothing provides the namespace.
  @Test func aCoordinatedVerbBelongsToTheSubjectNotToTheObjectBeforeIt() {
    let found = typed([
      "The caller has to pick IPAM and may provide a network namespace.",
      "Calico supports BGP and can provide a network namespace per pod.",
    ])
    #expect(!found.contains("ipam provides network-namespace"))
    #expect(!found.contains("bgp provides network-namespace"))
    #expect(found.contains("calico provides network-namespace"))
  }

  /// An adverb in -ly inside a connector or before its object changes nothing ("relies heavily on", "is
  /// usually a"); a participle after "is a" describes the noun; a copula after a semicolon says what something
  /// else is.
  @Test func adverbsAndParticiplesAreReadThroughButASemicolonIsNot() {
    let found = typed([
      "Calico relies heavily on BGP to spread routes.",
      "Inside one host, Weave is usually a bridge.",
      "Flannel is a preconfigured overlay.",
      "Kubernetes can run Canal; the host is a bridge.",
    ])
    #expect(found.contains("calico uses bgp"))
    #expect(found.contains("weave is_a bridge"))
    #expect(found.contains("flannel is_a overlay"))
    #expect(!found.contains("canal is_a bridge"))
    // Passives after a bare copula are still no kind: "are deployed".
    #expect(!typed(["Calico and Flannel are deployed on Linux."]).contains { $0.hasSuffix("is_a linux") })
    // What an action is done using serves the action, adverb or irregular participle before "using" or not.
    #expect(
      typed([
        "Flannel can be configured explicitly using Calico.", "Weave can be overridden using Kubernetes.",
        "Canal is a wrapper around Flannel.",
      ]).isEmpty)
  }

  /// "relies on Linux to Linux links": the mention opens an "X to X" modifier; the links are what is relied on.
  @Test func aMentionThatOpensAnXToXModifierIsNoObject() {
    #expect(!typed(["Flannel relies on Linux to Linux links."]).contains("flannel uses linux"))
    #expect(typed(["Flannel relies on Linux."]).contains("flannel uses linux"))
  }

  /// "If you wish to have Calico use BGP, …": a hypothesis put to the reader states nothing of Calico.
  @Test func aHypothesisPutToTheReaderStatesNothing() {
    #expect(!typed(["If you wish to have Calico use BGP, edit the pool first."]).contains("calico uses bgp"))
    #expect(typed(["Calico uses BGP between hosts."]).contains("calico uses bgp"))
  }

  /// A subordinate clause between two mentions has its own subject: "the overlay unless there is a bridge" says
  /// nothing of what the overlay is, nor "a bridge when using Calico" of what the bridge uses; and a verb's
  /// object is the noun right after it, not one behind a preposition.
  @Test func aSubordinateClauseKeepsTheMentionBeforeItOutOfItsVerb() {
    let found = typed([
      "Traffic stays inside the overlay unless there is a bridge.",
      "Pods talk over a bridge when using Calico.",
      "The bridge uses Calico for policy.",
    ])
    #expect(!found.contains("overlay is_a bridge"))
    #expect(found == ["bridge uses calico"])
    // "bridge ports" use IPAM in a clause of their own; VXLAN, the sentence's subject, does not.
    #expect(typed(["VXLAN adds a header, which is why bridge ports often use IPAM."]).isEmpty)
    // What is provided is the connectivity; the runtime is whom it is for.
    #expect(typed(["Calico programs routes to provide connectivity for the container runtime."]).isEmpty)
    #expect(
      RelationCorpus(["a.html": ["Pods talk over a bridge when using Calico."]], terms: terms).typed().isEmpty)
  }

  @Test func passivesCoordinationAndDifferentThanAreNotMisread() {
    let found = typed([
      "New VXLAN segments are created on a Linux host.",
      "Calico offers support and IPAM for every node.",
      "Bridged networks avoid port clashes and provide IPAM to each container runtime.",
      "Weave needs a different network namespace than Flannel.",
    ])
    #expect(!found.contains("vxlan is_a linux"))
    #expect(!found.contains("calico supports ipam"))
    #expect(!found.contains { $0.hasSuffix("provides ipam") })
    #expect(!found.contains("network-namespace contrasts_with flannel"))
    // The list names projects run by CoreOS, not kinds of CoreOS.
    let listed = typed(["Two projects run by CoreOS: Flannel and rkt."])
    #expect(!listed.contains("flannel is_a coreos") && !listed.contains("rkt is_a coreos"))
  }

  @Test func aModifierIsNotTheObject() {
    // "Docker" only modifies "engine": CNM does not support Docker itself here.
    let found = typed(["CNM is designed to support the Docker runtime engine only."])
    #expect(!found.contains("cnm supports docker"))
  }

  @Test func everyEdgeCarriesItsSentenceWithOffsets() throws {
    let corpus = RelationCorpus(["doc": ["Calico uses BGP to share routes."]], terms: terms)
    let relation = try #require(corpus.relations().first { $0.type == "uses" })
    let evidence = try #require(relation.evidence.first)
    #expect(evidence.document == "doc")
    #expect(evidence.sentence == "Calico uses BGP to share routes.")
    #expect(evidence.end - evidence.start == evidence.sentence.unicodeScalars.count)
  }

  @Test func wordsDropParenthesisedAsides() {
    #expect(PatternMatcher.words("Networking (OVN), and") == ["networking", ",", "and"])
  }
}
