import CNKBModel
import Foundation

extension Lexicon {
  /// The files of a lexicon folder, in the order their diagnostics are reported.
  static let fileNames = ["terms.jsonl", "stoplist.txt", "stopwords-en.txt", "overrides.jsonl"]

  /// The largest lexicon file read (16 MB).
  static let maximumFileSize: Int64 = 16 * 1_048_576

  /// Reads a lexicon folder: `terms.jsonl` (required), `stoplist.txt`, `stopwords-en.txt` and
  /// `overrides.jsonl` (optional).
  ///
  /// A missing `stoplist.txt` or `overrides.jsonl` means none; a missing `stopwords-en.txt` means the
  /// bundled English list, since function words are language data rather than curation (an empty file
  /// means no stop words). Diagnostics name the files under the folder's path as given.
  public init(contentsOf directory: URL) throws(LexiconError) {
    let folder = directory.relativePath
    let absolute = directory.absoluteURL
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute.path, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw .invalid([
        LexiconDiagnostic(
          file: folder, line: 0, message: "no lexicon folder here", hint: "give a folder holding terms.jsonl")
      ])
    }
    var texts: [String: String] = [:]
    var problems: [LexiconDiagnostic] = []
    for name in Self.fileNames {
      let url = absolute.appendingPathComponent(name)
      let shownPath = Self.path(name, in: folder)
      guard FileManager.default.fileExists(atPath: url.path) else {
        if name == "terms.jsonl" {
          problems.append(
            LexiconDiagnostic(
              file: shownPath, line: 0, message: "missing file",
              hint:
                "a lexicon folder needs terms.jsonl; stoplist.txt, stopwords-en.txt and overrides.jsonl are optional"))
        }
        continue
      }
      // Only regular files of sane size: a FIFO would block the read, a huge file is a mistake.
      let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
      guard attributes?[.type] as? FileAttributeType == .typeRegular else {
        problems.append(
          LexiconDiagnostic(file: shownPath, line: 0, message: "not a regular file", hint: "give a text file"))
        continue
      }
      if let size = attributes?[.size] as? NSNumber, size.int64Value > Self.maximumFileSize {
        problems.append(
          LexiconDiagnostic(
            file: shownPath, line: 0, message: "larger than \(Self.maximumFileSize / 1_048_576) MB",
            hint: "a lexicon file is a few hundred kilobytes at most"))
        continue
      }
      guard let data = try? Data(contentsOf: url) else {
        problems.append(
          LexiconDiagnostic(
            file: shownPath, line: 0, message: "cannot read the file", hint: "check that it is readable"))
        continue
      }
      guard let text = String(data: data, encoding: .utf8) else {
        problems.append(
          LexiconDiagnostic(file: shownPath, line: 0, message: "not UTF-8 text", hint: "save the file as UTF-8"))
        continue
      }
      texts[name] = text
    }
    guard problems.isEmpty else { throw .invalid(problems) }
    try self.init(
      terms: texts["terms.jsonl"] ?? "", stopList: texts["stoplist.txt"] ?? "",
      stopwords: texts["stopwords-en.txt"] ?? Self.bundledFiles["stopwords-en.txt"] ?? "",
      overrides: texts["overrides.jsonl"] ?? "", directoryName: folder)
  }

  /// Reads a lexicon from the texts of its four files; diagnostics name them as
  /// `directoryName/terms.jsonl` and so on.
  public init(
    terms: String, stopList: String = "", stopwords: String = "", overrides: String = "",
    directoryName: String = "glossary"
  ) throws(LexiconError) {
    var reader = LexiconReader(directoryName: directoryName)
    let entries = reader.readTerms(terms)
    let parsedOverrides = reader.readOverrides(overrides)
    let stopListWords = LexiconReader.words(stopList)
    let stopwordWords = LexiconReader.words(stopwords)
    if !reader.diagnostics.isEmpty { throw .invalid(reader.sortedDiagnostics()) }
    self.init(entries: entries, stopList: stopListWords, stopwords: stopwordWords, overrides: parsedOverrides)
  }

  /// `folder/name`, or `name` alone when the folder is empty.
  static func path(_ name: String, in folder: String) -> String {
    if folder.isEmpty { return name }
    return folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}

/// Parses and validates the lexicon files, collecting every problem.
struct LexiconReader {
  private static let fields = ["label", "category", "abbreviations", "aliases", "description", "seeAlso"]
  private static let maximumDescriptionLength = 200
  private static let jsonHint = "each line holds one JSON object; start comment lines with #"

  let directoryName: String
  private(set) var diagnostics: [(rank: Int, sequence: Int, diagnostic: LexiconDiagnostic)] = []

  init(directoryName: String) { self.directoryName = directoryName }

  /// The diagnostics in file order, then line order, then the order they were found.
  func sortedDiagnostics() -> [LexiconDiagnostic] {
    diagnostics.sorted {
      ($0.rank, $0.diagnostic.line, $0.sequence) < ($1.rank, $1.diagnostic.line, $1.sequence)
    }.map(\.diagnostic)
  }

  private mutating func report(_ file: String, _ line: Int, _ message: String, hint: String? = nil) {
    let rank = Lexicon.fileNames.firstIndex(of: file) ?? Lexicon.fileNames.count
    let diagnostic = LexiconDiagnostic(
      file: Lexicon.path(file, in: directoryName), line: line, message: message, hint: hint)
    diagnostics.append((rank, diagnostics.count, diagnostic))
  }

  // MARK: - Lines

  /// The lines that hold content: not blank, not a `#` comment; numbered from 1, without `\r`.
  static func contentLines(_ text: String) -> [(number: Int, text: String)] {
    var body = Substring(text)
    if body.first == "\u{FEFF}" { body = body.dropFirst() }
    var lines: [(Int, String)] = []
    var number = 0
    // "\r\n" is a single Character in Swift, so split on it as well as on "\n".
    for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      number += 1
      let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      lines.append((number, String(line)))
    }
    return lines
  }

  /// The words or phrases of a stop list: lower-cased, inner white space collapsed to one space.
  static func words(_ text: String) -> Set<String> {
    Set(contentLines(text).map { $0.text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") })
  }

  /// Parses a line into an object's fields, reporting malformed JSON, other values and repeated keys.
  private mutating func object(_ line: String, number: Int, file: String, hint: String) -> [String: JSONValue]? {
    let value: JSONValue
    do {
      value = try JSONLineParser.parse(line)
    } catch {
      report(file, number, "malformed JSON at column \(error.column): \(error.reason)", hint: Self.jsonHint)
      return nil
    }
    guard case .object(let fields) = value else {
      report(file, number, "expected a JSON object, found \(value.kindName)", hint: hint)
      return nil
    }
    var object: [String: JSONValue] = [:]
    for field in fields {
      if object[field.key] != nil {
        report(file, number, "field '\(field.key)' appears twice", hint: "keep one")
      } else {
        object[field.key] = field.value
      }
    }
    return object
  }

  // MARK: - terms.jsonl

  private enum SurfaceKind: String {
    case label, abbreviation, alias
  }

  private struct Claim {
    var line: Int
    var label: String
    var kind: SurfaceKind
    var surface: String

    var described: String { kind == .label ? "label '\(surface)'" : "\(kind.rawValue) '\(surface)' of '\(label)'" }
  }

  mutating func readTerms(_ text: String) -> [LexiconEntry] {
    let file = "terms.jsonl"
    var entries: [LexiconEntry] = []
    var claims: [String: Claim] = [:]
    var ids: [ConceptID: (line: Int, label: String)] = [:]

    for (number, line) in Self.contentLines(text) {
      guard
        let object = object(
          line, number: number, file: file,
          hint: "each line holds one entry: {\"label\": …, \"category\": …, \"description\": …}")
      else { continue }
      for key in object.keys.sorted() where !Self.fields.contains(key) {
        let suggestion = Suggestion.closest(to: key, in: Self.fields)
        report(
          file, number, "unknown field '\(key)'",
          hint: suggestion.map { "did you mean '\($0)'?" } ?? "valid fields: \(Self.fields.joined(separator: ", "))")
      }

      // Label.
      let label = string("label", in: object, file: file, line: number)
      guard let label, !label.trimmingCharacters(in: .whitespaces).isEmpty else {
        if label != nil || object["label"] == nil {
          report(file, number, "entry has no label", hint: "add a non-empty \"label\"")
        }
        continue
      }
      let subject = "'\(label)'"

      // Category.
      var category = ConceptCategory.concept
      let valid = ConceptCategory.allCases.map(\.rawValue)
      switch object["category"] {
      case nil:
        report(
          file, number, "\(subject) has no category", hint: "add \"category\": one of \(valid.joined(separator: ", "))")
      case .string(let name)?:
        if let known = ConceptCategory(rawValue: name) {
          category = known
        } else {
          let suggestion = Suggestion.closest(to: name, in: valid).map { "did you mean '\($0)'? " } ?? ""
          report(
            file, number, "unknown category '\(name)' for \(subject)",
            hint: "\(suggestion)valid: \(valid.joined(separator: ", "))")
        }
      case let other?:
        report(file, number, "field 'category' must be a string, found \(other.kindName)")
      }

      // Description.
      let description = string("description", in: object, file: file, line: number) ?? ""
      if object["description"] == nil
        || object["description"] == .string(description)
          && description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
      {
        report(file, number, "\(subject) has no description", hint: "add a one-line \"description\" in your own words")
      } else if description.contains(where: \.isNewline) {
        report(file, number, "the description of \(subject) spans several lines", hint: "keep it to one line")
      } else if description.count > Self.maximumDescriptionLength {
        report(
          file, number, "the description of \(subject) is \(description.count) characters long",
          hint: "keep it to \(Self.maximumDescriptionLength) characters or fewer")
      }

      let abbreviations = strings("abbreviations", in: object, file: file, line: number)
      let aliases = strings("aliases", in: object, file: file, line: number)
      let seeAlso = strings("seeAlso", in: object, file: file, line: number)

      // Surfaces: each must be clean and claimed by this entry only.
      let surfaces =
        [(SurfaceKind.label, label)] + abbreviations.map { (SurfaceKind.abbreviation, $0) }
        + aliases.map { (SurfaceKind.alias, $0) }
      for (kind, surface) in surfaces {
        if Lexicon.normalize(surface).isEmpty {
          report(file, number, "empty \(kind.rawValue) in \(subject)", hint: "remove it")
          continue
        }
        let claim = Claim(line: number, label: label, kind: kind, surface: surface)
        if surface.trimmingCharacters(in: .whitespaces) != surface {
          report(file, number, "\(claim.described) has spaces around it", hint: "remove them")
        }
        let key = Self.claimKey(surface)
        if let first = claims[key] {
          guard first.line != number else { continue }
          if kind == .label && first.kind == .label {
            report(file, number, "duplicate term '\(label)'", hint: "first defined on line \(first.line)")
          } else {
            report(
              file, number, "\(claim.described) clashes with \(first.described) on line \(first.line)",
              hint: "a label, alias or abbreviation may name only one entry")
          }
        } else {
          claims[key] = claim
        }
      }
      let id = ConceptID(slugOf: label)
      if let first = ids[id] {
        if Lexicon.normalize(first.label) != Lexicon.normalize(label) {
          report(
            file, number, "label '\(label)' gets the same id '\(id)' as '\(first.label)' on line \(first.line)",
            hint: "labels must differ in more than punctuation")
        }
      } else {
        ids[id] = (number, label)
      }

      entries.append(
        LexiconEntry(
          label: label, category: category, abbreviations: abbreviations, aliases: aliases,
          description: description, seeAlso: seeAlso, line: number))
    }

    checkSeeAlso(entries, claims: claims, file: file)
    return entries
  }

  /// The key under which `entry(forSurface:)` finds a surface: two surfaces clash when their keys are equal.
  private static func claimKey(_ surface: String) -> String {
    Lexicon.isCaseSensitive(surface)
      ? "=" + Lexicon.removingSeparators(surface) : "~" + Lexicon.normalize(surface)
  }

  /// Every `seeAlso` must name the label of another entry.
  private mutating func checkSeeAlso(_ entries: [LexiconEntry], claims: [String: Claim], file: String) {
    let labelSet = Set(entries.map(\.label))
    // Suggestions come from every surface, each standing for its entry's label.
    var surfaces: [String] = []
    var ownerLabel: [String: String] = [:]
    for entry in entries {
      for surface in entry.surfaces where ownerLabel[surface] == nil {
        surfaces.append(surface)
        ownerLabel[surface] = entry.label
      }
    }
    for entry in entries {
      var seen: Set<String> = []
      for name in entry.seeAlso {
        let owner = claims[Self.claimKey(name)]
        if name == entry.label || (!labelSet.contains(name) && owner?.line == entry.line) {
          report(file, entry.line, "'\(entry.label)' lists itself in seeAlso", hint: "name other entries only")
        } else if !labelSet.contains(name) {
          let suggestion = owner.map(\.label) ?? Suggestion.closest(to: name, in: surfaces).flatMap { ownerLabel[$0] }
          report(
            file, entry.line, "seeAlso of '\(entry.label)' names '\(name)', which is not a label in this file",
            hint: suggestion.map { "did you mean '\($0)'?" } ?? "name the label of another entry")
        } else if !seen.insert(name).inserted {
          report(file, entry.line, "'\(entry.label)' lists '\(name)' twice in seeAlso", hint: "remove one")
        }
      }
    }
  }

  /// A string field, reporting any other type; nil when absent or not a string.
  private mutating func string(_ key: String, in object: [String: JSONValue], file: String, line: Int) -> String? {
    switch object[key] {
    case nil: return nil
    case .string(let value)?: return value
    case let other?:
      report(file, line, "field '\(key)' must be a string, found \(other.kindName)")
      return nil
    }
  }

  /// An array-of-strings field, reporting any other shape; empty when absent or malformed.
  private mutating func strings(_ key: String, in object: [String: JSONValue], file: String, line: Int) -> [String] {
    switch object[key] {
    case nil: return []
    case .array(let elements)?:
      var values: [String] = []
      for element in elements {
        guard case .string(let value) = element else {
          report(file, line, "field '\(key)' must be an array of strings, found \(element.kindName) in it")
          return []
        }
        values.append(value)
      }
      return values
    case let other?:
      report(file, line, "field '\(key)' must be an array of strings, found \(other.kindName)", hint: "write [\"…\"]")
      return []
    }
  }

  // MARK: - overrides.jsonl

  private static let actions: [(name: String, companions: [String])] = [
    ("reject", []), ("merge", ["into"]), ("rename", ["to"]), ("pin", ["definition", "document"]),
  ]

  mutating func readOverrides(_ text: String) -> [Override] {
    let file = "overrides.jsonl"
    let actionNames = Self.actions.map(\.name)
    let actionList = "reject, merge, rename or pin"
    var overrides: [Override] = []
    for (number, line) in Self.contentLines(text) {
      guard
        let object = object(
          line, number: number, file: file, hint: "each line holds one override such as {\"reject\": \"term\"}")
      else { continue }
      let present = actionNames.filter { object[$0] != nil }
      guard let name = present.first, let action = Self.actions.first(where: { $0.name == name }) else {
        if let key = object.keys.sorted().first {
          let suggestion = Suggestion.closest(to: key, in: actionNames).map { "did you mean '\($0)'? " } ?? ""
          report(file, number, "unknown override action '\(key)'", hint: "\(suggestion)use \(actionList)")
        } else {
          report(file, number, "empty override", hint: "use \(actionList)")
        }
        continue
      }
      if present.count > 1 {
        report(
          file, number, "one override per line, found '\(present[0])' and '\(present[1])'",
          hint: "put each on its own line")
        continue
      }
      let allowed = [name] + action.companions
      var problems = false
      for key in object.keys.sorted() where !allowed.contains(key) {
        let suggestion = Suggestion.closest(to: key, in: action.companions).map { "did you mean '\($0)'? " } ?? ""
        report(
          file, number, "unknown field '\(key)' in a \(name) override",
          hint: "\(suggestion)\(name) takes \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
        problems = true
      }
      for companion in action.companions where object[companion] == nil {
        report(file, number, "\(name) override needs \"\(companion)\"", hint: Self.companionHint(companion))
        problems = true
      }
      var values: [String: String] = [:]
      for key in allowed where key != "merge" && object[key] != nil {
        guard case .string(let value)? = object[key], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
          report(file, number, "\"\(key)\" must be a non-empty string")
          problems = true
          continue
        }
        values[key] = value
      }
      var variants: [String] = []
      if name == "merge" {
        let elements: [JSONValue]
        if case .array(let array)? = object["merge"] { elements = array } else { elements = [] }
        for element in elements {
          if case .string(let value) = element, !value.trimmingCharacters(in: .whitespaces).isEmpty {
            variants.append(value)
          }
        }
        if elements.isEmpty || variants.count != elements.count {
          report(
            file, number, "\"merge\" must be a non-empty array of non-empty strings", hint: "write [\"variant\", …]")
          problems = true
        }
      }
      guard !problems else { continue }
      switch name {
      case "reject": overrides.append(.reject(values["reject"] ?? "", line: number))
      case "merge": overrides.append(.merge(variants, into: values["into"] ?? "", line: number))
      case "rename": overrides.append(.rename(values["rename"] ?? "", to: values["to"] ?? "", line: number))
      default:
        overrides.append(
          .pin(
            values["pin"] ?? "", definition: values["definition"] ?? "", document: values["document"] ?? "",
            line: number))
      }
    }
    return overrides
  }

  private static func companionHint(_ companion: String) -> String {
    switch companion {
    case "into": "the label the variants merge into"
    case "to": "the new label"
    case "definition": "the exact sentence to use as the definition"
    default: "the source URL or path the sentence comes from"
    }
  }
}
