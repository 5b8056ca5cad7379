import Foundation

/// One input found on the command line or in a directory walk, and whether it should be read.
public struct InputItem: Sendable, Hashable {
  /// What to do with the input.
  public enum Status: Sendable, Hashable {
    /// Read it: a file named explicitly, a document found in a directory, or `-` for standard input.
    case ready
    /// Passed over on purpose; the reason says why (for example, `not a document type (.png)`).
    case skipped(reason: String)
    /// It could not be found or read; report the error and go on with the other inputs.
    case failed(SourceError)
  }

  /// The path as given or as found below a given directory, or `-` for standard input.
  public var path: String
  /// Whether the item is ready, skipped or failed.
  public var status: Status

  /// Creates an item.
  public init(path: String, status: Status) {
    self.path = path
    self.status = status
  }

  /// Whether the item stands for standard input.
  public var isStandardInput: Bool { path == "-" }
}

/// Expands command-line paths into the inputs to read.
///
/// A file stands for itself, a directory for every regular file below it (sorted by path, byte order), and
/// `-` for standard input. Missing and unreadable paths become failed items so the caller can report them
/// and go on. Hidden files and folders (a name starting with `.`) below a directory are left out, and files
/// there whose extension says they are no document (images, archives, data, code, fonts…) are skipped
/// with a reason. A file named explicitly is always attempted.
public struct InputCollector: Sendable {
  /// Creates a collector.
  public init() {}

  /// Expands the paths, in argument order; each path's files come out together, sorted.
  ///
  /// A path given twice (or a file reached twice) is listed once.
  public func collect(_ paths: [String]) -> [InputItem] {
    var items: [InputItem] = []
    var seen = Set<String>()
    for path in paths {
      for item in expand(path) where seen.insert(item.path).inserted {
        items.append(item)
      }
    }
    return items
  }

  /// Expands one argument.
  func expand(_ path: String) -> [InputItem] {
    if path == "-" { return [InputItem(path: "-", status: .ready)] }
    guard let info = FileInfo(path, followingLinks: true) else {
      if FileInfo(path, followingLinks: false) != nil {
        return [InputItem(path: path, status: .failed(.unreadable(path, reason: "broken symbolic link")))]
      }
      let code = errno
      if code == ENOENT || code == ENOTDIR {
        return [InputItem(path: path, status: .failed(.missingPath(path)))]
      }
      return [InputItem(path: path, status: .failed(.unreadable(path, reason: Self.message(for: code))))]
    }
    if info.kind == .directory {
      return walk(path, root: info)
    }
    if info.kind == .regular, let problem = Self.readProblem(path) {
      return [InputItem(path: path, status: .failed(.unreadable(path, reason: problem)))]
    }
    // Other named things (pipes such as `<(cmd)`, character devices) are attempted as the user asked.
    return [InputItem(path: path, status: .ready)]
  }

  /// Lists every file below a directory, without recursion and without entering a folder twice.
  func walk(_ root: String, root rootInfo: FileInfo) -> [InputItem] {
    var items: [InputItem] = []
    var visited: Set<FileInfo.Identity> = [rootInfo.identity]
    var pending: [String] = [root]
    while let directory = pending.popLast() {
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: directory)
      } catch {
        let reason = Self.reason(for: error, fallback: "cannot list the folder")
        items.append(InputItem(path: directory, status: .failed(.unreadable(directory, reason: reason))))
        continue
      }
      for name in names where !name.hasPrefix(".") {
        let path = Self.join(directory, name)
        guard let info = FileInfo(path, followingLinks: true) else {
          let status: InputItem.Status =
            FileInfo(path, followingLinks: false) != nil
            ? .skipped(reason: "broken symbolic link")
            : .failed(.unreadable(path, reason: Self.message(for: errno)))
          items.append(InputItem(path: path, status: status))
          continue
        }
        switch info.kind {
        case .directory:
          // A symbolic link back to an ancestor (or to a folder already walked) is not entered again.
          if visited.insert(info.identity).inserted { pending.append(path) }
        case .regular:
          items.append(classify(path))
        case .other:
          items.append(InputItem(path: path, status: .skipped(reason: "not a regular file")))
        }
      }
    }
    items.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return items
  }

  /// Decides what to do with a regular file found in a directory walk.
  func classify(_ path: String) -> InputItem {
    let fileExtension = Self.pathExtension(path)
    if let kind = Self.nonDocumentExtensions[fileExtension] {
      return InputItem(path: path, status: .skipped(reason: "not a document type (.\(fileExtension) \(kind))"))
    }
    if let problem = Self.readProblem(path) {
      return InputItem(path: path, status: .failed(.unreadable(path, reason: problem)))
    }
    return InputItem(path: path, status: .ready)
  }

  /// What a file's extension says it holds when that is no document ("image", "data file", …), else nil: the
  /// rule a folder walk skips files by.
  public static func nonDocumentKind(ofPath path: String) -> String? {
    nonDocumentExtensions[pathExtension(path)]
  }

  /// The lower-cased extension of the last path component, without the dot; empty when there is none.
  public static func pathExtension(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }

  /// Joins a directory and a name without doubling the slash.
  static func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// Why a file cannot be opened for reading, or nil when it can.
  ///
  /// Opens without blocking, so a FIFO with no writer does not hang the walk.
  static func readProblem(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK)
    if descriptor < 0 { return message(for: errno) }
    close(descriptor)
    return nil
  }

  /// A lower-case message for an errno value (`permission denied`).
  static func message(for code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    let message = String(cString: text)
    return message.prefix(1).lowercased() + message.dropFirst()
  }

  /// A short reason for a Foundation file error.
  static func reason(for error: any Error, fallback: String) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return message(for: Int32(underlying.code))
    }
    if nsError.domain == NSCocoaErrorDomain {
      switch nsError.code {
      case NSFileReadNoPermissionError: return message(for: EACCES)
      case NSFileReadNoSuchFileError: return message(for: ENOENT)
      default: break
      }
    }
    return fallback
  }

  /// Extensions of files that are clearly not documents, with what they usually hold.
  static let nonDocumentExtensions: [String: String] = {
    var table: [String: String] = [:]
    let groups: [(String, [String])] = [
      (
        "image",
        ["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "ico", "icns", "svg", "avif", "heic", "psd"]
      ),
      (
        "archive",
        ["zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "deb", "rpm", "dmg", "iso"]
      ),
      (
        "data file",
        [
          "json", "jsonl", "ndjson", "yaml", "yml", "toml", "csv", "tsv", "ini", "cfg", "conf", "lock",
          "db", "sqlite", "sqlite3", "parquet", "pb", "proto", "plist", "log",
        ]
      ),
      ("style sheet or script", ["css", "scss", "sass", "less", "js", "mjs", "cjs", "ts", "tsx", "jsx", "map"]),
      ("font", ["woff", "woff2", "ttf", "otf", "eot"]),
      ("binary", ["exe", "dll", "so", "dylib", "o", "a", "bin", "class", "wasm", "pyc", "dat", "img"]),
      ("audio or video", ["mp3", "mp4", "m4a", "m4v", "wav", "ogg", "oga", "webm", "mov", "avi", "mkv", "flac"]),
      ("office or PDF file", ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "epub", "rtf"]),
      (
        "source code",
        [
          "swift", "c", "h", "cc", "cpp", "hpp", "m", "go", "rs", "py", "rb", "java", "kt", "sh", "bash",
          "zsh", "pl", "php", "lua", "sql", "mod", "sum",
        ]
      ),
    ]
    for (kind, extensions) in groups {
      for fileExtension in extensions { table[fileExtension] = kind }
    }
    return table
  }()
}

/// What `stat` says about a path, reduced to what the walk needs.
struct FileInfo: Equatable {
  /// The kinds of file the walk tells apart.
  enum Kind: Equatable {
    case regular, directory, other
  }

  /// Device and inode: equal identities are the same folder, however it was reached.
  struct Identity: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  var kind: Kind
  var identity: Identity

  /// Reads the file's status; nil when `stat` (or `lstat`) fails, with `errno` set.
  init?(_ path: String, followingLinks: Bool) {
    var status = stat()
    let result = followingLinks ? stat(path, &status) : lstat(path, &status)
    guard result == 0 else { return nil }
    let type = UInt32(status.st_mode) & 0o170000
    switch type {
    case 0o100000: kind = .regular
    case 0o040000: kind = .directory
    default: kind = .other
    }
    identity = Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
  }
}
