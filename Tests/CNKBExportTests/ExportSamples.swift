import CNKBModel
import Foundation
import _CNKBTestSupport

/// Small hand-made concept graphs for the DOT and glossary tests, in the words of these tests.
enum ExportSamples {
  /// A concept with the fields the exports read; the id is the slug of the label unless given.
  static func concept(
    _ label: String, id: String? = nil, abbreviation: String? = nil, aliases: [String] = [],
    category: String? = nil, score: Double = 0.5, definition: String? = nil,
    document: String = "https://example.org/posts/networking-101", description: String? = nil
  ) -> Concept {
    Concept(
      id: id.map(ConceptID.init(rawValue:)) ?? ConceptID(slugOf: label), label: label, abbreviation: abbreviation,
      aliases: aliases, category: category, origin: .both, score: score, mentionCount: 3, documents: [document],
      definition: definition.map { Definition(text: $0, document: document, kind: "copula") },
      description: description)
  }

  /// A relation with one piece of evidence.
  static func relation(_ source: String, _ type: String, _ target: String, weight: Double = 1) -> Relation {
    Relation(
      source: ConceptID(rawValue: source), target: ConceptID(rawValue: target), type: type, weight: weight,
      evidence: [Evidence(document: "https://example.org/posts/networking-101", sentence: "…", start: 0, end: 1)])
  }

  /// The container-networking concepts most tests use.
  static let concepts: [Concept] = [
    concept(
      "Container Network Interface", abbreviation: "CNI",
      aliases: ["CNI", "container network interface", "CNI spec", "cni SPEC", "Plugin API", "  "],
      category: "spec", score: 0.9,
      definition: "The Container Network Interface is a specification for how a runtime asks a plugin to wire a "
        + "container into a network.",
      document: "https://example.org/posts/cni-basics"),
    concept(
      "Calico", category: "project_or_product", score: 0.7,
      definition: "Calico is a networking project that routes pod traffic with BGP instead of an overlay.",
      document: "notes/calico overview (draft).md", description: "A policy-aware networking project."),
    concept(
      "Flannel", category: "project_or_product", score: 0.5,
      description: "A small overlay network for Kubernetes clusters."),
    concept("MACvlan", aliases: ["macvlan", "MAC VLAN"], category: "driver_or_mode", score: 0.6),
    concept("IPvlan", category: "driver_or_mode", score: 0.55),
    concept("Border Gateway Protocol", abbreviation: "BGP", category: "protocol", score: 0.4),
    concept("Virtual Extensible LAN", abbreviation: "VXLAN", category: "protocol", score: 0.45),
    concept("Tigera", category: "organization", score: 0.2),
    concept("CoreOS", category: "organization", score: 0.25),
    concept("Cloud Native Computing Foundation", abbreviation: "CNCF", category: "organization", score: 0.3),
    concept("overlay network", score: 0.35),
    concept("network driver", category: "concept", score: 0.5),
    concept("iptables", category: "widget", score: 0.3),
  ]

  /// Typed relations plus two co-occurrences.
  static let relations: [Relation] = [
    relation("calico", "implements", "container-network-interface", weight: 3),
    relation("flannel", "implements", "container-network-interface", weight: 2),
    relation("calico", "uses", "border-gateway-protocol", weight: 2.5),
    relation("flannel", "uses", "virtual-extensible-lan", weight: 1.5),
    relation("flannel", "provides", "overlay-network", weight: 1.2),
    relation("calico", "created_by", "tigera", weight: 1),
    relation("container-network-interface", "proposed_by", "coreos", weight: 1),
    relation("container-network-interface", "adopted_by", "cloud-native-computing-foundation", weight: 1),
    relation("macvlan", "is_a", "network-driver", weight: 2),
    relation("ipvlan", "is_a", "network-driver", weight: 2),
    relation("macvlan", "alternative_to", "ipvlan", weight: 1),
    relation("macvlan", "contrasts_with", "overlay-network", weight: 0.5),
    relation("calico", "related_to", "flannel", weight: 4),
    relation("container-network-interface", "related_to", "macvlan", weight: 1),
  ]

  /// The sample graph.
  static var graph: ConceptGraph {
    ConceptGraph(concepts: concepts, relations: relations, documentCount: 3, sentenceCount: 40)
  }

  /// The same graph with its arrays in another order (the initialiser would sort them, so they are set after).
  static func reordered(_ graph: ConceptGraph, seed: UInt64) -> ConceptGraph {
    var generator = SeededGenerator(seed: seed)
    var copy = graph
    copy.concepts.shuffle(using: &generator)
    copy.relations.shuffle(using: &generator)
    return copy
  }
}
