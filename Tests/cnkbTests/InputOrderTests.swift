import Foundation
import Testing
import _CNKBTestSupport

/// The order inputs arrive in never shows in the outputs: the same files given on the command line in
/// several seeded random orders, or copied into a folder in a different order, build byte-identical
/// `graph.json`, `graph.dot` and `glossary.md`.
@Suite(.serialized) struct InputOrderTests {
  /// The outputs compared byte for byte.
  private static let compared = ["graph.json", "graph.dot", "glossary.md"]

  /// The shuffles' seed: `CNKB_ORDER_SEED` when set (to replay a failure), else a fixed one.
  private static let seed: UInt64 =
    ProcessInfo.processInfo.environment["CNKB_ORDER_SEED"].flatMap { UInt64($0) } ?? 20_241_129

  /// Every regular file below `samples/`, as absolute paths, sorted.
  private var sampleFiles: [String] {
    let root = Fixtures.samplesDirectory
    let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    var files: [String] = []
    while let url = walker?.nextObject() as? URL {
      if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url.path) }
    }
    return files.sorted()
  }

  /// Builds `inputs` into `temp/out` and returns the compared outputs.
  private func build(_ inputs: [String], _ temp: TemporaryDirectory, _ out: String) throws -> [String: Data] {
    let result = try CommandRunner.run(["build"] + inputs + ["--out", out], in: temp.url)
    #expect(result.exitCode == 0, "\(result.stderr)")
    var outputs: [String: Data] = [:]
    for name in Self.compared {
      outputs[name] = try Data(contentsOf: temp.url.appendingPathComponent(out).appendingPathComponent(name))
    }
    return outputs
  }

  private func expectSame(_ outputs: [String: Data], as reference: [String: Data], _ order: [String]) {
    for name in Self.compared {
      #expect(
        outputs[name] == reference[name],
        "\(name) differs for the order \(order.map { URL(fileURLWithPath: $0).lastPathComponent }) (seed \(Self.seed))")
    }
  }

  @Test func filesGivenInAnyOrderBuildTheSameOutputs() throws {
    let temp = try TemporaryDirectory("cnkb-order")
    let files = sampleFiles
    #expect(files.count >= 5)
    print("input order seed: \(Self.seed) (set CNKB_ORDER_SEED to replay)")
    var generator = SeededGenerator(seed: Self.seed)
    var orders: [[String]] = [Array(files.reversed())]
    while orders.count < 6 {
      let order = files.shuffled(using: &generator)
      if order != files && !orders.contains(order) { orders.append(order) }
    }
    let reference = try build(files, temp, "sorted")
    for (index, order) in orders.enumerated() {
      expectSame(try build(order, temp, "order-\(index)"), as: reference, order)
    }
  }

  @Test func aFolderFilledInAnotherOrderBuildsTheSameOutputs() throws {
    let temp = try TemporaryDirectory("cnkb-order")
    let root = Fixtures.samplesDirectory.path
    let relative = sampleFiles.map { String($0.dropFirst(root.count + 1)) }
    var generator = SeededGenerator(seed: Self.seed ^ 0xF01D)
    var results: [[String: Data]] = []
    // The same names each time (a document's source is its path), created in a different order: whatever
    // order the file system lists them in, the build must not depend on it.
    for round in 0..<2 {
      let corpus = temp.url.appendingPathComponent("corpus")
      try? FileManager.default.removeItem(at: corpus)
      let order = round == 0 ? relative : relative.reversed().shuffled(using: &generator)
      for name in order {
        try temp.write("corpus/\(name)", try Data(contentsOf: URL(fileURLWithPath: root).appendingPathComponent(name)))
      }
      results.append(try build(["corpus"], temp, "folder-\(round)"))
    }
    expectSame(results[1], as: results[0], relative)
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func theSeedWithTheSamplesInTwoOrders() throws {
    let temp = try TemporaryDirectory("cnkb-order")
    guard let seedFeed = Fixtures.seedFeedURL?.path else { return }
    let files = sampleFiles + [seedFeed]
    var generator = SeededGenerator(seed: Self.seed ^ 0x5EED)
    var shuffled = files.shuffled(using: &generator)
    if shuffled == files { shuffled.reverse() }
    let reference = try build(files, temp, "sorted")
    expectSame(try build(shuffled, temp, "shuffled"), as: reference, shuffled)
  }
}
