import Foundation

/// Scores a node-link graph export against gold lists with exactly the definitions of
/// `../shared/eval/score.py` (see `../shared/eval/README.md`), so `cnkb eval` and the release checks agree.
///
/// The graph is read generically (any node-link JSON with `nodes` and `edges` or `links`), as the script
/// reads it. Gold files are tab-separated with a header row; each is optional except `concepts.tsv` (or
/// `terms.tsv`).
public struct GoldEvaluator: Sendable {
  /// One figure of the report, in the script's order.
  public enum Value: Sendable, Equatable {
    case int(Int)
    case double(Double)
    case strings([String])
    case none
  }

  /// The figures, as ordered `(key, value)` pairs.
  public struct Report: Sendable, Equatable {
    /// Figures in the order the script prints them.
    public var figures: [(key: String, value: Value)]
    /// Gold items the graph missed, for people: missed core concepts, acronyms, definitions, relations.
    public var missed: [(section: String, items: [String])]

    public static func == (lhs: Report, rhs: Report) -> Bool {
      lhs.figures.map(\.key) == rhs.figures.map(\.key) && lhs.figures.map(\.value) == rhs.figures.map(\.value)
    }

    /// The score lines exactly as `score.py` prints them without `--json`.
    public var scoreLines: String {
      figures.map { "\($0.key): \(GoldEvaluator.pythonRepr($0.value))" }.joined(separator: "\n") + "\n"
    }

    /// The score lines, then what was missed.
    public var text: String {
      var out = scoreLines
      for (section, items) in missed where !items.isEmpty {
        out += "\n\(section) (\(items.count)):\n"
        for item in items { out += "  - \(item)\n" }
      }
      return out
    }
  }

  /// Why an evaluation could not run.
  public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file could not be read.
    case unreadable(path: String)
    /// The graph is not node-link JSON.
    case notAGraph(path: String, reason: String)
    /// The gold folder has neither `concepts.tsv` nor `terms.tsv`.
    case noConcepts(path: String)

    public var description: String {
      switch self {
      case .unreadable(let path): "\(path): error: cannot read the file (check the path)"
      case .notAGraph(let path, let reason): "\(path): error: not a node-link graph export: \(reason)"
      case .noConcepts(let path): "\(path): error: no concepts.tsv or terms.tsv in the gold folder"
      }
    }
  }

  let goldDirectory: String
  let postsMap: String?
  let posts: [String]

  /// Creates an evaluator.
  ///
  /// - Parameters:
  ///   - goldDirectory: the folder with `concepts.tsv` and the optional other lists.
  ///   - postsMap: a TSV with `num` and `url` columns mapping gold post numbers to document sources.
  ///   - posts: post numbers the relation gold is exhaustive for (relations of other posts are ignored).
  public init(goldDirectory: String, postsMap: String? = nil, posts: [String] = []) {
    self.goldDirectory = goldDirectory
    self.postsMap = postsMap
    self.posts = posts
  }
}
