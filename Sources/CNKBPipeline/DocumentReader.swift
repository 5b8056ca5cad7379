import CNKBMarkup
import CNKBModel
import CNKBSources
import Foundation
import Logging

/// Reads inputs into converted documents: recognises the format, splits feeds into entries, converts
/// HTML and Markdown through libxml2, and splits sentences.
///
/// It touches no database.
public struct DocumentReader: Sendable {
  private let sniffer = FormatSniffer()
  private let converter = HTMLTextConverter()
  private let assembler = DocumentAssembler()
  private let logger: Logger

  /// Creates a reader that logs per document at debug level.
  public init(logger: Logger = Logger(label: "cnkb", factory: { _ in SwiftLogNoOpLogHandler() })) {
    self.logger = logger
  }

  /// Reads every document in a file, or in standard input when `path` is `-`.
  ///
  /// - Parameters:
  ///   - path: a file path, or `-`.
  ///   - stdinName: the source to record for standard input.
  /// - Returns: one document for a page, one per entry for a feed.
  /// - Throws: `PipelineError` naming the file when it is missing, unreadable, empty, binary or malformed.
  public func documents(at path: String, stdinName: String = "-") throws(PipelineError) -> [Document] {
    let data = try readInput(path)
    let sources = try sourceDocuments(in: data, path: path, stdinName: stdinName)
    var documents: [Document] = []
    documents.reserveCapacity(sources.count)
    for source in sources {
      documents.append(try convert(source, contentHash: ContentHash.of(source)))
    }
    return documents
  }

  /// Converts one HTML page held in memory (used by benchmarks and tests).
  public func documents(html: Data, source: String) throws(PipelineError) -> [Document] {
    let page = SourceDocument(source: source, origin: source, format: .html, content: .html(html, encoding: nil))
    return [try convert(page, contentHash: ContentHash.of(page))]
  }

  /// Reads a file's bytes, or all of standard input for `-`.
  func readInput(_ path: String) throws(PipelineError) -> Data {
    if path == "-" {
      return FileHandle.standardInput.readDataToEndOfFile()
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .source(.missingPath(path))
    }
    if isDirectory.boolValue {
      throw .source(.unreadable(path, reason: "is a directory (use cnkb ingest for folders)"))
    }
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      throw .source(.unreadable(path, reason: Self.reason(error)))
    }
  }

  /// Splits raw input into source documents according to its format.
  ///
  /// `format` skips recognition when the caller knows it (a `cnkb map` record that names one).
  func sourceDocuments(
    in data: Data, path: String, stdinName: String, format given: DocumentFormat? = nil
  ) throws(PipelineError) -> [SourceDocument] {
    let name = path == "-" ? stdinName : path
    var format: DocumentFormat
    if let given {
      format = given
    } else {
      do {
        format = try sniffer.detect(data: data, path: path == "-" ? nil : path)
      } catch {
        throw .source(error.renamed(to: name))
      }
    }
    logger.debug("recognised input", metadata: ["document.source": "\(name)", "format": "\(format.rawValue)"])
    switch format {
    case .html, .xhtml:
      return [SourceDocument(source: name, origin: name, format: format, content: .html(data, encoding: nil))]
    case .atom, .rss:
      do {
        return try FeedReader().read(data, origin: name).entries
      } catch {
        throw .markup(error)
      }
    case .seedFeed:
      do {
        return try SeedFeedReader().read(data, origin: name)
      } catch {
        throw .source(error)
      }
    case .markdown, .restructuredText, .asciiDoc, .text:
      let decoded = TextDecoder.decode(data)
      var document =
        switch format {
        case .markdown: MarkdownReader().read(decoded.text, path: name)
        case .restructuredText: RestructuredTextReader().read(decoded.text, path: name)
        case .asciiDoc: AsciiDocReader().read(decoded.text, path: name)
        default: PlainTextReader().read(decoded.text, path: name)
        }
      document.warnings += decoded.warnings
      return [document]
    }
  }

  /// Converts a source document to structured text and sentences.
  func convert(_ source: SourceDocument, contentHash: String) throws(PipelineError) -> Document {
    let structured: StructuredText
    switch source.content {
    case .html(let data, let encoding):
      do {
        structured = try converter.convert(data, source: source.source, encoding: encoding)
      } catch {
        throw .markup(error)
      }
    case .plainText(let text):
      structured = PlainTextReader.structuredText(from: text)
    }
    return assembler.assemble(structured, from: source, contentHash: contentHash)
  }

  /// A short reason for a Foundation file error.
  static func reason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
      return String(cString: strerror(code.rawValue)).lowercased()
    }
    return nsError.localizedDescription
  }
}
