/// What kind of thing a lexicon entry names; the raw values are the names written in `glossary/terms.jsonl`.
public enum ConceptCategory: String, Sendable, Hashable, Codable, CaseIterable {
  /// A specification, model or format (CNI, CNM, the OCI runtime spec, JSON).
  case spec
  /// A network driver, backend or one of its modes (bridge, overlay, macvlan bridge mode, host-gw).
  case driverOrMode = "driver_or_mode"
  /// A wire protocol or encapsulation (BGP, VXLAN, ARP, DNS).
  case `protocol`
  /// A named project, tool or product (Calico, Kubernetes, iptables, Envoy).
  case projectOrProduct = "project_or_product"
  /// A company, foundation or standards body (CNCF, Docker Inc., Tigera).
  case organization
  /// A general idea of the field (network namespace, service mesh, east-west traffic).
  case concept
}
