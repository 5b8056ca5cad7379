import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBPipeline

/// A plugin configuration in the shape `dot -c` writes (Graphviz 2.43 on Debian): a comment header, then one
/// section per plugin library, `LIBRARY PLUGIN {` to a `}` alone on its line, with nested blocks inside.
private let configuration = """
  # Written by the plugin installer; edits are lost on upgrade.

  libgvplugin_core.so.6 core {
  \tdevice {
  \t\tdot:dot 1
  \t\tsvg:svg 1
  \t}
  \trender {
  \t\tsvg 1
  \t}
  }
  libgvplugin_dot_layout.so.6 dot_layout {
  \tlayout {
  \t\tdot 0
  \t}
  }
  libgvplugin_pango.so.6 cairo {
  \trender {
  \t\tcairo 10
  \t}
  \ttextlayout {
  \t\ttextlayout 10
  \t}
  }
  /opt/graphviz/lib/libgvplugin_gd.so.6 gd {
  \trender {
  \t\tgd 1
  \t}
  }

  """

/// What `dot -v` prints on standard error before it waits for input, in the same shape.
private let versionReport = """
  dot - graphviz version 2.43.0 (0)
  libdir = "/usr/lib/x86_64-linux-gnu/graphviz"
  Activated plugin library: libgvplugin_dot_layout.so.6
  Using layout: dot:dot_layout
  The plugin configuration file:
  \t/usr/lib/x86_64-linux-gnu/graphviz/config6a
  \t\twas successfully loaded.
      render\t:  cairo dot svg
      layout\t:  dot neato

  """

@Suite struct GraphvizPluginsTests {
  @Test func theConfigurationKeepsOnlyTheLayoutAndCoreSections() throws {
    let (text, libraries) = try #require(GraphvizPlugins.trimmed(config: configuration, keeping: GraphvizPlugins.kept))
    #expect(libraries == ["libgvplugin_core.so.6", "libgvplugin_dot_layout.so.6"])
    #expect(text.hasPrefix("libgvplugin_core.so.6 core {\n\tdevice {\n"))
    #expect(text.hasSuffix("libgvplugin_dot_layout.so.6 dot_layout {\n\tlayout {\n\t\tdot 0\n\t}\n}\n"))
    #expect(!text.contains("pango") && !text.contains("textlayout") && !text.contains("gd"))
    #expect(!text.contains("#"))

    // Without either plugin, or cut off inside a section, there is nothing to run with.
    let withoutLayout = configuration.replacingOccurrences(of: "dot_layout {", with: "neato_layout {")
    #expect(GraphvizPlugins.trimmed(config: withoutLayout, keeping: GraphvizPlugins.kept) == nil)
    let cutOff = configuration.components(separatedBy: "\tlayout {")[0]
    #expect(GraphvizPlugins.trimmed(config: cutOff, keeping: GraphvizPlugins.kept) == nil)
  }

  @Test func theVersionReportNamesTheConfigurationAndTheLibrariesFolder() throws {
    var read: [String] = []
    let plugins = try #require(
      GraphvizPlugins.from(versionReport: versionReport) { path in
        read.append(path)
        return configuration
      })
    #expect(read == ["/usr/lib/x86_64-linux-gnu/graphviz/config6a"])
    #expect(plugins.configName == "config6a")
    #expect(
      plugins.libraries == [
        .init(name: "libgvplugin_core.so.6", path: "/usr/lib/x86_64-linux-gnu/graphviz/libgvplugin_core.so.6"),
        .init(
          name: "libgvplugin_dot_layout.so.6", path: "/usr/lib/x86_64-linux-gnu/graphviz/libgvplugin_dot_layout.so.6"),
      ])

    // A report without the configuration's path, or a configuration that cannot be read, gives none.
    #expect(GraphvizPlugins.from(versionReport: "dot - graphviz version 2.43.0 (0)\n") { _ in configuration } == nil)
    #expect(GraphvizPlugins.from(versionReport: versionReport) { _ in nil } == nil)
  }

  @Test func installingWritesTheConfigurationAndLinksTheLibraries() throws {
    let temp = try TemporaryDirectory()
    let library = try temp.write("lib/libgvplugin_core.so.6", "not really a library")
    let plugins = GraphvizPlugins(
      configName: "config6a", config: "libgvplugin_core.so.6 core {\n}\n",
      libraries: [.init(name: "libgvplugin_core.so.6", path: library)])
    let folder = temp.url.appendingPathComponent("plugins")
    try plugins.install(in: folder)
    #expect(try String(contentsOf: folder.appendingPathComponent("config6a"), encoding: .utf8) == plugins.config)
    let linked = try FileManager.default.destinationOfSymbolicLink(
      atPath: folder.appendingPathComponent("libgvplugin_core.so.6").path)
    #expect(linked == library)
    // Installing twice into the same folder fails rather than pointing a link elsewhere.
    #expect(throws: (any Error).self) { try plugins.install(in: folder) }
  }

  @Test(.enabled(if: Graphviz().isAvailable, "needs Graphviz's dot on PATH (apt-get install graphviz)"))
  func drawingsDoNotDependOnTheMachinesFonts() throws {
    let dot = Graphviz()
    #expect(dot.measuresTextWithoutSystemFonts, "dot -v named no configuration with the core and dot plugins")
    let source = """
      digraph "fonts" {
        node [shape=box, style=rounded, fontname="Helvetica"];
        "cni" [label="Container Network Interface"]; "ipvlan" [label="IPvlan"];
        "cni" -> "ipvlan" [label="has plugin"];
      }
      """
    let drawn = try dot.svg(fromDOT: source)
    #expect(drawn.contains(">Container Network Interface</text>"))
    // Fontconfig pointed at a configuration that does not exist: the system's text layout would measure with a
    // fallback font, or none; the core plugins measure with Graphviz's own metrics either way.
    var environment = ProcessInfo.processInfo.environment
    environment["FONTCONFIG_FILE"] = "/nonexistent/fonts.conf"
    environment["FONTCONFIG_PATH"] = "/nonexistent"
    #expect(try Graphviz(environment: environment).svg(fromDOT: source) == drawn)
  }
}
