import Foundation

extension GoldEvaluator {
  /// The script's normal form: strip, drop a trailing parenthesised qualifier, case-fold, turn `- _ / . :`
  /// into spaces, drop characters other than word characters, apostrophes and spaces, collapse spaces, and
  /// drop a plural ending from the last word.
  public static func norm(_ input: String) -> String {
    var text = strip(input)
    if let range = text.range(of: #"\s*\([^)]*\)\s*$"#, options: .regularExpression) { text.removeSubrange(range) }
    text = casefold(text).replacingOccurrences(of: "’", with: "'")
    text = text.replacingOccurrences(of: #"[-_/.:]+"#, with: " ", options: .regularExpression)
    text = String(
      String.UnicodeScalarView(text.unicodeScalars.filter { isWordCharacter($0) || $0 == "'" || $0 == " " }))
    var words = text.split(separator: " ").map(String.init)
    if var last = words.last, last.count > 3, last.hasSuffix("s"), !last.hasSuffix("ss") {
      if last.hasSuffix("ies") {
        last = String(last.dropLast(3)) + "y"
      } else if last.hasSuffix("ses") || last.hasSuffix("xes") {
        last = String(last.dropLast(2))
      } else {
        last = String(last.dropLast())
      }
      words[words.count - 1] = last
    }
    return words.joined(separator: " ")
  }

  /// Python's `\w`: letters, numbers and the underscore.
  static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
      .letterNumber, .otherNumber:
      return true
    default:
      return scalar == "_"
    }
  }

  static func casefold(_ text: String) -> String { text.lowercased().replacingOccurrences(of: "ß", with: "ss") }

  static func strip(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

  static func rstripSlash(_ text: String) -> String {
    var result = Substring(text)
    while result.hasSuffix("/") { result = result.dropLast() }
    return String(result)
  }

  /// ASCII letters and digits of the case-folded text, as the script's `tokens`.
  static func tokens(_ text: String) -> Set<String> {
    var result = Set<String>()
    var current = ""
    for scalar in casefold(text).unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        current.unicodeScalars.append(scalar)
      } else if !current.isEmpty {
        result.insert(current)
        current = ""
      }
    }
    if !current.isEmpty { result.insert(current) }
    return result
  }

  /// Shared tokens over the smaller side's tokens.
  static func overlap(_ a: String, _ b: String) -> Double {
    let left = tokens(a)
    let right = tokens(b)
    guard !left.isEmpty, !right.isEmpty else { return 0 }
    return Double(left.intersection(right).count) / Double(min(left.count, right.count))
  }

  static func nodeSurfaces(_ node: [String: Any]) -> Set<String> {
    var surfaces: Set<String> = [norm(string(node["label"]) ?? ""), norm(string(node["id"]) ?? "")]
    if let abbreviation = string(node["abbreviation"]), !abbreviation.isEmpty { surfaces.insert(norm(abbreviation)) }
    for alias in (node["aliases"] as? [Any]) ?? [] { surfaces.insert(norm(string(alias) ?? "\(alias)")) }
    surfaces.remove("")
    return surfaces
  }

  static func goldSurfaces(_ row: [String: String]) -> Set<String> {
    var surfaces: Set<String> = [norm(row["canonical"].flatMap { $0.isEmpty ? nil : $0 } ?? row["term"] ?? "")]
    for alias in (row["aliases"] ?? "").split(separator: "|", omittingEmptySubsequences: false) {
      if !strip(String(alias)).isEmpty { surfaces.insert(norm(String(alias))) }
    }
    surfaces.remove("")
    return surfaces
  }

  static func string(_ value: Any?) -> String? {
    switch value {
    case let text as String: text
    case is NSNull, nil: nil
    case let number as NSNumber: number.stringValue
    default: nil
    }
  }

  static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? 0 }

  /// Python's `round(x, 3)`: correctly rounded from the double's exact binary value, ties to even.
  static func round3(_ value: Double) -> Double { Double(String(format: "%.3f", value)) ?? value }

  /// Sorts strings by code point, as Python does.
  static func pythonSorted(_ strings: [String]) -> [String] {
    strings.sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
  }

  /// Python's `repr` of a figure.
  static func pythonRepr(_ value: Value) -> String {
    switch value {
    case .int(let number): String(number)
    case .double(let number): "\(number)"
    case .none: "None"
    case .strings(let items): "[" + items.map(pythonRepr(string:)).joined(separator: ", ") + "]"
    }
  }

  /// Python's `repr` of a string: single quotes unless the text has one and no double quote.
  static func pythonRepr(string: String) -> String {
    let quote: Character = string.contains("'") && !string.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if Character(scalar) == quote {
          out += "\\" + String(quote)
        } else if scalar.value < 0x20 || scalar.value == 0x7F {
          out += String(format: "\\x%02x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + String(quote)
  }

  /// Reads a tab-separated file with a header row into dictionaries; nil when the file is absent.
  static func tsv(_ path: String) -> [[String: String]]? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    guard !lines.isEmpty else { return [] }
    let header = fields(lines.removeFirst())
    return lines.filter { !$0.isEmpty }.map { line in
      let cells = fields(line)
      var row: [String: String] = [:]
      for (index, name) in header.enumerated() where index < cells.count { row[name] = cells[index] }
      return row
    }
  }

  /// Splits one TSV line, honouring a field that starts with a double quote as the csv module does.
  private static func fields(_ line: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var atFieldStart = true
    var iterator = Array(line.replacingOccurrences(of: "\r", with: "")).makeIterator()
    var pending: Character? = iterator.next()
    while let character = pending {
      pending = iterator.next()
      if quoted {
        if character == "\"" {
          if pending == "\"" {
            current.append("\"")
            pending = iterator.next()
          } else {
            quoted = false
          }
        } else {
          current.append(character)
        }
        continue
      }
      if character == "\t" {
        result.append(current)
        current = ""
        atFieldStart = true
        continue
      }
      if character == "\"" && atFieldStart {
        quoted = true
        atFieldStart = false
        continue
      }
      atFieldStart = false
      current.append(character)
    }
    result.append(current)
    return result
  }
}
