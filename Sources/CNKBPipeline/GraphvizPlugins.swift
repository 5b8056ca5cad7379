import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Graphviz's plugin configuration cut down to the two plugins a drawing needs: the dot layout and the core
/// renderers (SVG among them).
///
/// Without its text-layout plugin (pango, which brings cairo, fontconfig and the machine's fonts), `dot` measures
/// labels with the font metrics it carries for Helvetica and Arial, Times and Courier. That has two effects:
/// - A drawing depends on the Graphviz version alone, not on which fonts a machine has installed, so the same
///   graph gives the same SVG on a laptop and in CI. The labels are drawn by the reader's browser in its own
///   Helvetica or Arial anyway.
/// - A small drawing costs about a quarter of the time. Most of `dot`'s time on a glossary's diagram went to
///   loading those libraries and reading the font configuration.
///
/// `dot` reads its plugins from the folder named by `GVBINDIR` when that is set. `install(in:)` fills such a folder
/// with this configuration and links to the two libraries.
struct GraphvizPlugins: Equatable, Sendable {
  /// The configuration file's name, as Graphviz reads it from its plugin folder ("config6a").
  let configName: String
  /// The configuration text, holding only the two plugins' sections.
  let config: String
  /// The library names the sections start with, each with the file it stands for.
  let libraries: [Library]

  /// A plugin library: the name the configuration gives it and the file `dot` loads for it.
  struct Library: Equatable, Sendable {
    var name: String
    var path: String
  }

  /// The plugins kept, by the name the configuration gives each plugin library.
  static let kept: Set<String> = ["core", "dot_layout"]

  /// The cut-down configuration, from what `dot -v` reports on standard error.
  ///
  /// `dot -v` names the configuration file it loaded on the indented line after "The plugin configuration file:";
  /// library names in it are relative to its folder. Nil when the report names no file, the file cannot be read,
  /// or it lacks either plugin: `dot` then runs with its own configuration.
  static func from(versionReport report: String, readFile: (String) -> String?) -> GraphvizPlugins? {
    let lines = report.split(whereSeparator: \.isNewline).map(String.init)
    guard let heading = lines.firstIndex(where: { $0.hasPrefix("The plugin configuration file") }),
      heading + 1 < lines.count
    else { return nil }
    let configPath = lines[heading + 1].trimmingCharacters(in: .whitespaces)
    guard configPath.hasPrefix("/"), let text = readFile(configPath) else { return nil }
    let folder = (configPath as NSString).deletingLastPathComponent
    guard let (config, names) = trimmed(config: text, keeping: kept) else { return nil }
    let libraries = names.map { name in
      Library(name: name, path: name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name))
    }
    return GraphvizPlugins(
      configName: (configPath as NSString).lastPathComponent, config: config, libraries: libraries)
  }

  /// The sections of a Graphviz plugin configuration whose plugin name is in `keeping`, and their library names.
  ///
  /// A section opens with a line `LIBRARY PLUGIN {` at the start of a line and closes with a `}` alone at the start
  /// of a line; comments (`#`) and blank lines between sections are dropped. Nil unless every kept plugin is there.
  static func trimmed(config: String, keeping: Set<String>) -> (text: String, libraries: [String])? {
    var text = ""
    var libraries: [String] = []
    var found = Set<String>()
    var inKeptSection = false
    var inSection = false
    for line in config.split(separator: "\n", omittingEmptySubsequences: false) {
      if !inSection {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, words[2] == "{", !line.hasPrefix(" "), !line.hasPrefix("\t") else { continue }
        inSection = true
        inKeptSection = keeping.contains(String(words[1]))
        if inKeptSection {
          libraries.append(String(words[0]))
          found.insert(String(words[1]))
        }
      } else if line == "}" {
        inSection = false
      }
      if inKeptSection { text += line + "\n" }
      if !inSection { inKeptSection = false }
    }
    guard found == keeping, !inSection else { return nil }
    return (text, libraries)
  }

  /// Writes the configuration into `folder`, with a link to each library named relative to it; `folder` can then
  /// be given to `dot` as `GVBINDIR`.
  func install(in folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(config.utf8).write(to: folder.appendingPathComponent(configName))
    for library in libraries where !library.name.hasPrefix("/") {
      let link = folder.appendingPathComponent(library.name).path
      guard symlink(library.path, link) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: link])
      }
    }
  }
}
