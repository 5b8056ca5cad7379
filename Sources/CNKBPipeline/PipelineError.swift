import CNKBMarkup
import CNKBSources
import CNKBStore

/// Everything that can go wrong in the pipeline, with the stage that failed and its context.
public enum PipelineError: Error, CustomStringConvertible, Equatable, Sendable {
  /// An input could not be found, read or recognised.
  case source(SourceError)
  /// A page or feed could not be converted.
  case markup(MarkupError)
  /// The store could not be opened, read or written.
  case store(StoreError)
  /// The folder for the database could not be created.
  case cannotCreateDirectory(path: String, reason: String)
  /// An output file could not be written; the previous file, if any, is left as it was.
  case cannotWrite(path: String, reason: String)
  /// The lexicon directory has errors; each line is one `file:line: error: …` diagnostic.
  case lexicon(String)
  /// Partial results (`cnkb map`, `cnkb merge`) cannot be read or finished; the message says which and why.
  case partials(String)

  /// The message a user sees, in the compiler-like shape `path: error: what (what to do)`.
  public var description: String {
    switch self {
    case .source(let error): error.description
    case .markup(let error): error.description
    case .store(let error): error.description
    case .cannotCreateDirectory(let path, let reason):
      "\(path): error: cannot create the folder for the database: \(reason) (choose another --db)"
    case .cannotWrite(let path, let reason):
      "\(path): error: cannot write the output: \(reason) (check the folder's permissions and free space)"
    case .lexicon(let message): message
    case .partials(let message): message.contains(": error: ") ? message : "error: \(message)"
    }
  }

  /// The process exit code the command line uses for this error (see `cnkb --help`).
  public var exitCode: Int32 {
    switch self {
    case .source(let error): error.isMissingInput ? 66 : 65
    case .markup: 65
    case .store(let error): error.isBusy ? 75 : 73
    case .cannotCreateDirectory, .cannotWrite: 73
    case .lexicon, .partials: 65
    }
  }
}
