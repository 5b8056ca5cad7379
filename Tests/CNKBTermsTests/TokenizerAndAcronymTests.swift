import CNKBTerms
import Testing

/// Technical tokens stay whole, and acronym definitions are found in both orders.
@Suite struct TokenizerAndAcronymTests {
  private let tokenizer = Tokenizer()
  private let finder = AcronymFinder()

  @Test(arguments: [
    "IPv6", "802.1Q", "host-gw", "kube-proxy", "docker_gwbridge", "eth0", "10.0.0.0/8", "MACvlan", "VXLAN-GPE",
    "/etc/cni/net.d",
  ])
  func keepsTechnicalTokensWhole(_ token: String) {
    let tokens = tokenizer.tokenize("Use \(token) here.")
    #expect(tokens.map(\.text) == ["Use", token, "here", "."])
  }

  /// Which tokens could be short forms: capitals inside or after the first letter, a short capitalised
  /// word, or a short lower-case word without a hyphen (kept only if its letters spell the long form).
  @Test(arguments: [
    ("CNI", true), ("IPv6", true), ("MACvlan", true), ("VXLAN-GPE", true), ("iOS", true), ("3D", true),
    ("Pod", true), ("cgroups", true), ("netns", true), ("Docker", false), ("networking", false),
    ("host-gw", false), ("A", false), ("1234", false), ("(CNI", false), ("ABCDEFGHIJK", false), ("", false),
  ])
  func shortFormShapes(_ token: String, _ expected: Bool) {
    #expect(AcronymFinder.looksLikeShortForm(token) == expected)
    // The same shape with an accented letter in place of an ASCII one is judged the same way (ASCII tokens
    // take a faster path than other text).
    let accented = String(token.map { $0 == "a" ? "á" : $0 == "A" ? "Á" : $0 == "o" ? "ó" : $0 == "O" ? "Ó" : $0 })
    #expect(AcronymFinder.looksLikeShortForm(accented) == expected, "\(accented)")
  }

  @Test func splitsSlashesBetweenWordsAndPossessives() {
    #expect(
      tokenizer.tokenize("CNI/CNM and Docker's libnetwork").map(\.text) == [
        "CNI", "/", "CNM", "and", "Docker", "'s", "libnetwork",
      ])
  }

  @Test func aPlusBeforeACapitalPutsTwoNamesSideBySide() {
    #expect(
      tokenizer.tokenize("Mesos+Marathon and TCP+UDP").map(\.text) == [
        "Mesos", "+", "Marathon", "and", "TCP", "+", "UDP",
      ])
    #expect(
      tokenizer.tokenize("1+1, U+DC80, Ctrl+C and v2.0.0+incompatible").map(\.text) == [
        "1+1", ",", "U+DC80", ",", "Ctrl+C", "and", "v2.0.0+incompatible",
      ])
  }

  @Test func namesWithAnApostropheStayWholeButPossessivesAndQuotesDoNot() {
    #expect(
      tokenizer.tokenize("O’Reilly and O'Brien's book, 'Networks' in Docker's D'Angelo").map(\.text) == [
        "O’Reilly", "and", "O'Brien", "'s", "book", ",", "'", "Networks", "'", "in", "Docker", "'s", "D'Angelo",
      ])
  }

  @Test func tokenOffsetsAreUnicodeScalarOffsets() {
    let tokens = tokenizer.tokenize("café IPvlan")
    #expect(tokens.map(\.start) == [0, 5])
    #expect(tokens.map(\.end) == [4, 11])
  }

  @Test(arguments: [
    ("The container network interface (CNI) is small.", "CNI", "container network interface"),
    ("CNI (Container Network Interface) is small.", "CNI", "Container Network Interface"),
    ("Limits come from control groups (cgroups) in the kernel.", "cgroups", "control groups"),
    ("Each pod has its own network namespace (netns) on the node.", "netns", "network namespace"),
    ("They practise Monitor as a Discipline (MaaD) daily.", "MaaD", "Monitor as a Discipline"),
    ("Meet the service-level agreements (SLAs) we sign.", "SLAs", "service-level agreements"),
    ("Send it as Message Queuing Telemetry Transport (MQTT) messages.", "MQTT", "Message Queuing Telemetry Transport"),
    // One word per letter, each starting with it, beats the shortest letter-by-letter match ("Sockets Layer").
    ("Nodes talk over Secure Sockets Layer (SSL) only.", "SSL", "Secure Sockets Layer"),
    // A word whose initial the shortest match took from inside the next word belongs to the name.
    ("Each endpoint gets a Universally Unique IDentifier (UUID) at creation.", "UUID", "Universally Unique IDentifier"),
    ("Routers keep a globally unique identifier (GUID) for every peer.", "GUID", "globally unique identifier"),
    // A hyphenated compound whose parts' initials spell the short form is a name of one word.
    ("The kernel killed the pod as it ran out-of-memory (OOM) again.", "OOM", "out-of-memory"),
    ("Layers are shared copy-on-write (COW) between containers.", "COW", "copy-on-write"),
    // An article that the name begins with stays when the short form needs its letter.
    (
      "Large rows go to The Oversized-Attribute Storage Technique (TOAST) tables.", "TOAST",
      "The Oversized-Attribute Storage Technique"
    ),
  ])
  func findsDefinitionsInBothOrders(_ sentence: String, _ short: String, _ long: String) {
    let pairs = finder.pairs(in: sentence)
    #expect(pairs.map(\.short) == [short])
    #expect(pairs.map(\.long) == [long])
  }

  @Test(arguments: [
    "Routes are exchanged (see below) between peers.",
    "The bridge driver (the default) is local.",
    "Many drivers exist (bridge, overlay) today.",
    // A call in prose, and a word repeated in brackets: an abbreviation is none of the words it stands for.
    "Inside a generator, return value causes StopIteration(value) to be raised.",
    "Each module gets its logger by name using logging.getLogger(name) at import.",
    // Part of an identifier: code, not an expansion.
    "Override module_repr (module) to change it.",
    // A lower-case short form whose letters come from ordinary words but not from their initials.
    "The flag is off: default is False (data) here.",
    "Join them like Python's str.join (list) does.",
    // Code named in brackets after an identifier is no expansion.
    "Call textwrap.dedent (text) on the block first.",
    "Set library_option (lib) in the file.",
    // A lower-case short form takes a piece of each content word in turn, from its initial: "class" cannot.
    "The method is called as super (class) there.",
    // An abbreviation is not one of its words in the plural either.
    "The setting holds the language list (LANGUAGES) of the site.",
    // A number and its unit is a quantity, not an abbreviation.
    "Set the buffer to 64 megabytes (64MB) on each node.",
    "Probes time out after 200 milliseconds (200ms) by default.",
    // An index entry naming the module a name lives in.
    "ContextVar (class in contextvars)",
    // Code on either side: an identifier whose first part ends in a digit.
    "Use macaddr8_set7bit (macaddr8) to convert the value.",
    // A hyphenated word joined to an ordinary word is no short form.
    "A few non-Python (no way to inform Python of additional) modules exist.",
  ])
  func ignoresParenthesesThatDefineNothing(_ sentence: String) {
    #expect(finder.pairs(in: sentence).isEmpty)
  }
}
