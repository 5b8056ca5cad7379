// cnkb-benchmark: measures cnkb's stages against bare baselines in one process, so ratios are fair.
//
// Usage: cnkb-benchmark CORPUS_DIR [--iterations N] [--limit-mb M] [--summary FILE]
// --summary writes the medians as "key value" lines too, for Scripts/bench.sh's report.
// Built only when CNKB_BENCHMARKS=1 (see Package.swift); `make bench` runs it.

import CLibXML2
import CNKBMarkup
import CNKBPipeline
import Foundation

struct Arguments {
  var corpus = ""
  var iterations = 5
  var limitMB: Double = .infinity
  var summary: String?

  init(_ argv: [String]) {
    var rest = argv.dropFirst()
    while let argument = rest.popFirst() {
      switch argument {
      case "--iterations": iterations = Int(rest.popFirst() ?? "") ?? iterations
      case "--limit-mb": limitMB = Double(rest.popFirst() ?? "") ?? limitMB
      case "--summary": summary = rest.popFirst()
      default: corpus = argument
      }
    }
  }
}

let arguments = Arguments(CommandLine.arguments)
guard !arguments.corpus.isEmpty else {
  let usage = "usage: cnkb-benchmark CORPUS_DIR [--iterations N] [--limit-mb M] [--summary FILE]\n"
  FileHandle.standardError.write(Data(usage.utf8))
  exit(64)
}

// Load every HTML file once, so the timings measure parsing, not the disk.
var pages: [Data] = []
var totalBytes = 0
let enumerator = FileManager.default.enumerator(atPath: arguments.corpus)
var paths: [String] = []
while let relative = enumerator?.nextObject() as? String {
  if relative.hasSuffix(".html") || relative.hasSuffix(".htm") { paths.append(relative) }
}
paths.sort()
for relative in paths {
  guard let data = FileManager.default.contents(atPath: arguments.corpus + "/" + relative) else { continue }
  if Double(totalBytes + data.count) > arguments.limitMB * 1_000_000 { break }
  pages.append(data)
  totalBytes += data.count
}
guard !pages.isEmpty else {
  FileHandle.standardError.write(Data("error: no .html files under \(arguments.corpus)\n".utf8))
  exit(66)
}

/// The bare baseline: parse with libxml2's HTML parser and concatenate every text node's content.
@MainActor func bareLibXML2(_ data: Data) -> Int {
  let options = Int32(
    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
      | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
  let document: htmlDocPtr? = data.withUnsafeBytes { raw in
    htmlReadMemory(raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil, options)
  }
  guard let document else { return 0 }
  defer { xmlFreeDoc(document) }
  var text: [UInt8] = []
  var stack: [xmlNodePtr] = []
  if let root = xmlDocGetRootElement(document) { stack.append(root) }
  while let node = stack.popLast() {
    if node.pointee.type == XML_TEXT_NODE, let content = node.pointee.content {
      let length = strlen(content)
      content.withMemoryRebound(to: UInt8.self, capacity: length) {
        text.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
      }
    }
    // Push children in reverse so they pop in document order.
    var child = node.pointee.last
    while let current = child {
      stack.append(current)
      child = current.pointee.prev
    }
  }
  return text.count
}

let converter = HTMLTextConverter()
/// cnkb's HTML-to-text stage: encoding detection, structure, inline marks, normalisation.
@MainActor func cnkbConvert(_ data: Data) -> Int {
  (try? converter.convert(data, source: "bench"))?.blocks.count ?? 0
}

let reader = DocumentReader()
/// cnkb's whole reading path for one page: conversion plus sentence splitting and offsets.
@MainActor func cnkbRead(_ data: Data) -> Int {
  (try? reader.documents(html: data, source: "bench"))?.first?.sentences.count ?? 0
}

@MainActor func measure(_ body: (Data) -> Int) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  var sink = 0
  for page in pages { sink &+= body(page) }
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  if sink == -1 { print("") }  // keep the work observable
  return seconds
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

xmlInitParser()
let megabytes = Double(totalBytes) / 1_000_000
print("corpus: \(pages.count) HTML files, \(String(format: "%.1f", megabytes)) MB from \(arguments.corpus)")
print(
  "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.operatingSystemVersionString)"
)
print("iterations: \(arguments.iterations) (interleaved; medians shown)")

// Warm up once, then interleave the contenders so drift on a noisy machine hits them alike.
_ = measure(bareLibXML2)
_ = measure(cnkbConvert)
var bare: [Double] = []
var convert: [Double] = []
var read: [Double] = []
for _ in 0..<arguments.iterations {
  bare.append(measure(bareLibXML2))
  convert.append(measure(cnkbConvert))
  read.append(measure(cnkbRead))
}

func row(_ name: String, _ seconds: Double) -> String {
  let rate = megabytes / seconds
  return name.padding(toLength: 50, withPad: " ", startingAt: 0)
    + String(format: "%8.3f s  %8.2f MB/s", seconds, rate)
}
let bareSeconds = median(bare)
let convertSeconds = median(convert)
let readSeconds = median(read)
print(row("bare libxml2 parse + text walk (baseline)", bareSeconds))
print(row("cnkb HTML-to-text (HTMLTextConverter)", convertSeconds))
print(row("cnkb HTML-to-text + sentences (DocumentReader)", readSeconds))
print(String(format: "ratio HTML-to-text / baseline throughput: %.2f (target >= 0.70)", bareSeconds / convertSeconds))
print(String(format: "ratio with sentences / baseline throughput: %.2f", bareSeconds / readSeconds))

if let summary = arguments.summary {
  let lines = [
    "pages \(pages.count)", "bytes \(totalBytes)", "iterations \(arguments.iterations)",
    String(format: "baseline_seconds %.4f", bareSeconds), String(format: "convert_seconds %.4f", convertSeconds),
    String(format: "read_seconds %.4f", readSeconds),
  ]
  do {
    try (lines.joined(separator: "\n") + "\n").write(toFile: summary, atomically: true, encoding: .utf8)
  } catch {
    FileHandle.standardError.write(Data("error: cannot write \(summary): \(error)\n".utf8))
    exit(73)
  }
}
