/// English word lists that more than one stage reads: language data, not any corpus's words.
public enum EnglishWords {
  /// Past participles that do not end in -ed and are not also a verb's present tense ("written", "sent",
  /// "built"; not "set" or "read"): each marks a passive or a clause as "assigned" does.
  public static let irregularParticiples: Set<String> = [
    "written", "sent", "given", "taken", "shown", "known", "seen", "chosen", "driven", "hidden", "spoken",
    "broken", "drawn", "thrown", "done", "made", "built", "found", "held", "kept", "brought", "told", "meant",
    "spent", "overridden", "ridden", "forbidden", "undone", "rewritten", "withdrawn",
  ]

  /// Whether the words after a word repeat it after "to", opening an "X to X" modifier.
  ///
  /// "node" before "to node connectivity", "host" before "to hosts"; `following` are the lower-case words after
  /// it.
  public static func opensToPair(_ word: String, following: [String]) -> Bool {
    following.count >= 2 && following[0] == "to" && (following[1] == word || following[1] == word + "s")
  }

  /// Words that open a subordinate clause ("while operators may edit the configuration, …", "unless there is
  /// an external router").
  public static let subordinators: Set<String> = [
    "unless", "if", "when", "whenever", "while", "whereas", "because", "since", "although", "though", "where",
    "whether", "until", "once", "why", "how",
  ]
}
