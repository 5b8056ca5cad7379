// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode plus the upcoming features we opt into.
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "cnkb",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "cnkb", targets: ["cnkb"]),
    .library(name: "CNKBPipeline", targets: ["CNKBPipeline"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
  ],
  targets: [
    // libxml2, reached only through this system library and only from CNKBMarkup.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    // jemalloc, the allocator the `cnkb` executable runs on: linked by that executable only, never imported.
    .systemLibrary(
      name: "CJemalloc",
      pkgConfig: "jemalloc",
      providers: [.apt(["libjemalloc-dev"])]
    ),
    // Value types every stage shares; depends on nothing.
    .target(name: "CNKBModel", swiftSettings: swiftSettings),
    // HTML pages and Atom/RSS feeds → structured text (the only importer of CLibXML2).
    .target(name: "CNKBMarkup", dependencies: ["CNKBModel", "CLibXML2"], swiftSettings: swiftSettings),
    // Plain-text stages: sentence splitting.
    .target(name: "CNKBText", dependencies: ["CNKBModel"], swiftSettings: swiftSettings),
    // Terms: the curated lexicon (glossary/), tokenising, discovery and matching.
    .target(name: "CNKBTerms", dependencies: ["CNKBModel"], swiftSettings: swiftSettings),
    // Concepts: term occurrences across the corpus → a concept graph (discovery, acronyms, definitions).
    .target(name: "CNKBConcepts", dependencies: ["CNKBModel", "CNKBTerms"], swiftSettings: swiftSettings),
    // Relations: typed relations from sentence patterns and co-occurrence associations; documents and concepts in,
    // relations out.
    .target(name: "CNKBRelations", dependencies: ["CNKBModel", "CNKBTerms"], swiftSettings: swiftSettings),
    // Exports: the graph as node-link JSON (and later DOT and a glossary); graph in, String out.
    .target(name: "CNKBExport", dependencies: ["CNKBModel"], swiftSettings: swiftSettings),
    // Evaluation against gold lists, with the same definitions as ../shared/eval/score.py.
    .target(name: "CNKBEvaluation", dependencies: ["CNKBModel"], swiftSettings: swiftSettings),
    // Finding inputs: paths, stdin, format sniffing, the seed feed's tagless format, Markdown.
    .target(
      name: "CNKBSources",
      dependencies: ["CNKBModel", .product(name: "Ink", package: "Ink")],
      swiftSettings: swiftSettings
    ),
    // The SQLite store (the only importer of GRDB).
    .target(
      name: "CNKBStore",
      dependencies: [
        "CNKBModel", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings
    ),
    // The façade: wires the stages together.
    .target(
      name: "CNKBPipeline",
      dependencies: [
        "CNKBModel", "CNKBMarkup", "CNKBText", "CNKBSources", "CNKBStore", "CNKBTerms", "CNKBConcepts",
        "CNKBRelations", "CNKBExport", "CNKBEvaluation",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings
    ),
    // The command line: argument parsing and printing, nothing else.
    .executableTarget(
      name: "cnkb",
      dependencies: [
        "CNKBPipeline", "CJemalloc",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(name: "_CNKBTestSupport", dependencies: ["CNKBModel"], path: "Tests/_CNKBTestSupport"),
    .testTarget(
      name: "CNKBMarkupTests",
      dependencies: ["CNKBMarkup", "_CNKBTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CNKBTextTests",
      dependencies: ["CNKBText", "_CNKBTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CNKBSourcesTests",
      dependencies: ["CNKBSources", "_CNKBTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CNKBTermsTests",
      dependencies: ["CNKBTerms", "_CNKBTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CNKBConceptsTests", dependencies: ["CNKBConcepts", "_CNKBTestSupport"], swiftSettings: swiftSettings),
    .testTarget(
      name: "CNKBRelationsTests", dependencies: ["CNKBRelations", "_CNKBTestSupport"], swiftSettings: swiftSettings),
    .testTarget(
      name: "CNKBExportTests",
      dependencies: ["CNKBExport", "CNKBEvaluation", "_CNKBTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(name: "CNKBStoreTests", dependencies: ["CNKBStore", "_CNKBTestSupport"], swiftSettings: swiftSettings),
    .testTarget(
      name: "CNKBPipelineTests",
      dependencies: ["CNKBPipeline", "_CNKBTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "cnkbTests", dependencies: ["cnkb", "_CNKBTestSupport"], exclude: ["Fixtures"], swiftSettings: swiftSettings
    ),
  ]
)

// The benchmark executable is compiled only on request (`make bench` sets CNKB_BENCHMARKS=1), so plain
// builds and tests never pay for it.
if Context.environment["CNKB_BENCHMARKS"] == "1" {
  package.targets.append(
    .executableTarget(
      name: "cnkb-benchmark",
      dependencies: ["CNKBPipeline", "CNKBMarkup", "CLibXML2", "CJemalloc"],
      swiftSettings: swiftSettings
    )
  )
}

// The libFuzzer targets are compiled only on request (`make fuzz` sets CNKB_FUZZ=1 and adds
// `-sanitize=fuzzer,address`), so plain builds and tests never pay for them. See Scripts/fuzz.sh.
if Context.environment["CNKB_FUZZ"] == "1" {
  let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzHTMLConverter", ["CNKBMarkup", "CNKBModel"]),
    ("FuzzFeedReader", ["CNKBMarkup", "CNKBModel"]),
    ("FuzzSeedFeedReader", ["CNKBSources", "CNKBModel"]),
    ("FuzzMarkdownReader", ["CNKBSources", "CNKBModel"]),
    ("FuzzRestructuredTextReader", ["CNKBSources", "CNKBModel"]),
    ("FuzzAsciiDocReader", ["CNKBSources", "CNKBModel"]),
    ("FuzzSentenceSplitter", ["CNKBText"]),
    ("FuzzTokenizer", ["CNKBTerms"]),
    ("FuzzLexicon", ["CNKBTerms"]),
    ("FuzzPartialRecords", ["CNKBPipeline"]),
  ]
  // Starts libFuzzer's driver: SwiftPM binds `main` to each executable's own entry point.
  package.targets.append(.target(name: "FuzzDriver", path: "Sources/Fuzz/FuzzDriver"))
  for target in fuzzTargets {
    package.targets.append(
      .executableTarget(
        name: target.name, dependencies: target.dependencies + ["FuzzDriver"], path: "Sources/Fuzz/\(target.name)",
        swiftSettings: swiftSettings)
    )
  }
}
