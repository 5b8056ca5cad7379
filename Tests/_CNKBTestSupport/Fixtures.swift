import Foundation

/// Locates test fixtures and the shared founding corpus.
public enum Fixtures {
  /// The repository root, found from this file's path.
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // _CNKBTestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  /// The `Fixtures` folder beside a test file: pass `#filePath`.
  public static func directory(besides filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  }

  /// Reads a fixture file beside the calling test file.
  public static func data(_ name: String, besides filePath: String = #filePath) throws -> Data {
    try Data(contentsOf: directory(besides: filePath).appendingPathComponent(name))
  }

  /// Reads a fixture file beside the calling test file as UTF-8 text.
  public static func string(_ name: String, besides filePath: String = #filePath) throws -> String {
    String(decoding: try data(name, besides: filePath), as: UTF8.self)
  }

  /// The founding corpus, `../shared/seed/gingergeek-feed.txt` beside the repository, if present.
  ///
  /// Tests that need it are skipped with a clear message where it is absent
  /// (`.enabled(if: Fixtures.seedFeedURL != nil, "…")`).
  public static var seedFeedURL: URL? {
    let url = repositoryRoot.deletingLastPathComponent()
      .appendingPathComponent("shared/seed/gingergeek-feed.txt")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// The bundled sample corpus, `samples/`.
  public static var samplesDirectory: URL { repositoryRoot.appendingPathComponent("samples") }
}
