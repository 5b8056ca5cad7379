import CNKBConcepts
import Foundation

/// Where the curated lexicon comes from.
public enum LexiconSource: Sendable, Hashable {
  /// The glossary bundled into the binary.
  case bundled
  /// A glossary folder (`terms.jsonl`, `stoplist.txt`, `stopwords-en.txt`, `overrides.jsonl`).
  case directory(String)
  /// No curated entries (stop words and the stop list still apply: they are language data).
  case none
}

/// Loads the vocabulary the concept stage uses.
public enum LexiconLoader {
  /// The vocabulary for a lexicon source.
  public static func vocabulary(_ source: LexiconSource) throws(PipelineError) -> Vocabulary {
    switch source {
    case .bundled:
      return try vocabulary(files: BundledGlossary.files, folder: "glossary")
    case .none:
      var files = BundledGlossary.files
      files["terms.jsonl"] = ""
      files["overrides.jsonl"] = ""
      return try vocabulary(files: files, folder: "glossary")
    case .directory(let path):
      var files: [String: String] = [:]
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw .lexicon("\(path): error: no lexicon folder here (give a folder holding terms.jsonl)")
      }
      for name in ["terms.jsonl", "stoplist.txt", "stopwords-en.txt", "overrides.jsonl"] {
        let file = (path as NSString).appendingPathComponent(name)
        if let data = FileManager.default.contents(atPath: file) {
          files[name] = String(decoding: data, as: UTF8.self)
        }
      }
      guard files["terms.jsonl"] != nil else {
        throw .lexicon("\(path)/terms.jsonl: error: missing (a lexicon folder needs terms.jsonl)")
      }
      if files["stopwords-en.txt"] == nil { files["stopwords-en.txt"] = BundledGlossary.files["stopwords-en.txt"] }
      return try vocabulary(files: files, folder: path)
    }
  }

  /// Parses the glossary files, collecting every problem before failing.
  static func vocabulary(files: [String: String], folder: String) throws(PipelineError) -> Vocabulary {
    var problems: [String] = []
    var entries: [Vocabulary.Entry] = []
    var overrides: [Vocabulary.Override] = []
    let categories = ["spec", "driver_or_mode", "protocol", "project_or_product", "organization", "concept"]
    var firstLine: [String: Int] = [:]

    func lines(_ name: String) -> [(Int, String)] {
      (files[name] ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
        let line = $0.element.trimmingCharacters(in: .whitespaces)
        return line.isEmpty || line.hasPrefix("#") ? nil : ($0.offset + 1, line)
      }
    }
    for (number, line) in lines("terms.jsonl") {
      let place = "\(folder)/terms.jsonl:\(number)"
      guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
        problems.append("\(place): error: not a JSON object (each line holds one entry in {…})")
        continue
      }
      guard let label = object["label"] as? String, !label.isEmpty else {
        problems.append("\(place): error: missing label (every entry needs \"label\")")
        continue
      }
      let category = object["category"] as? String ?? ""
      if !categories.contains(category) {
        problems.append(
          "\(place): error: unknown category '\(category)' for '\(label)' (valid: \(categories.joined(separator: ", ")))")
      }
      let key = label.lowercased()
      if let first = firstLine[key] {
        problems.append("\(place): error: duplicate term '\(label)' (first defined on line \(first))")
        continue
      }
      firstLine[key] = number
      entries.append(
        Vocabulary.Entry(
          label: label, category: category, abbreviations: object["abbreviations"] as? [String] ?? [],
          aliases: object["aliases"] as? [String] ?? [], description: object["description"] as? String ?? ""))
    }
    for (number, line) in lines("overrides.jsonl") {
      let place = "\(folder)/overrides.jsonl:\(number)"
      guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
        problems.append("\(place): error: not a JSON object")
        continue
      }
      if let term = object["reject"] as? String {
        overrides.append(.reject(term))
      } else if let variants = object["merge"] as? [String], let into = object["into"] as? String {
        overrides.append(.merge(variants, into: into))
      } else if let term = object["rename"] as? String, let to = object["to"] as? String {
        overrides.append(.rename(term, to: to))
      } else if let term = object["pin"] as? String, let text = object["definition"] as? String,
        let document = object["document"] as? String
      {
        overrides.append(.pin(term, definition: text, document: document))
      } else {
        problems.append(
          "\(place): error: unknown override (use reject, merge+into, rename+to, or pin+definition+document)")
      }
    }
    if !problems.isEmpty { throw .lexicon(problems.joined(separator: "\n")) }
    let words = { (name: String) in Set(lines(name).map { $0.1.lowercased() }) }
    return Vocabulary(
      entries: entries, stopwords: words("stopwords-en.txt"), stopList: words("stoplist.txt"), overrides: overrides)
  }
}
