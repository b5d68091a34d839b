import LinuxSupport

/// Why an operation on a container's file system failed, worded for the
/// person who asked for it.
public enum RootfsError: Error, Sendable, CustomStringConvertible {
    /// The path does not exist in the container (the daemon answers 404,
    /// "Could not find the file <path> in container <name>").
    case notFound(path: String)
    /// An extraction was aimed at something other than a directory (400).
    case notADirectory(path: String)
    /// An archive entry would have replaced a directory with a non-directory
    /// or the reverse, and the client asked for neither (`noOverwriteDirNonDir`).
    case overwriteRefused(entry: String, destination: String, existingIsDirectory: Bool)
    /// An archive entry named a path outside the destination, or could not be written safely.
    case entryRefused(name: String, reason: String)
    case invalidArchive(String)
    /// A directory the container needs (its working directory) cannot be made there.
    case cannotCreateDirectory(String)
    case tooManySymlinks(path: String)
    /// The image's snapshot for a lower dir is not in the store.
    case missingSnapshot(String)
    case layer(LayerError)
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .notFound(let path): "Could not find the file \(path) in the container"
        case .notADirectory: "extraction point is not a directory"
        case .overwriteRefused(let entry, let destination, let existingIsDirectory):
            existingIsDirectory
                ? "cannot overwrite directory \"\(entry)\" with non-directory \"\(destination)\""
                : "cannot overwrite non-directory \"\(entry)\" with directory \"\(destination)\""
        case .entryRefused(let name, let reason): "archive entry \(name) refused: \(reason)"
        case .cannotCreateDirectory(let path): "Cannot mkdir: \(path) is not a directory"
        case .invalidArchive(let reason): "not a valid tar archive: \(reason)"
        case .tooManySymlinks(let path): "too many levels of symbolic links resolving \(path)"
        case .missingSnapshot(let chainID): "the image's layer \(chainID) is missing from the store; pull or load the image again"
        case .layer(let error): "\(error)"
        case .system(let error): "\(error)"
        }
    }
}

/// Runs a block of system calls, lifting their error into `RootfsError`.
@inline(__always)
@discardableResult
func rootfsSys<T>(_ body: () throws(SystemCallError) -> T) throws(RootfsError) -> T {
    do { return try body() } catch { throw .system(error) }
}

/// Runs layer code, lifting its error into `RootfsError`.
@inline(__always)
@discardableResult
func rootfsLayer<T>(_ body: () throws(LayerError) -> T) throws(RootfsError) -> T {
    do { return try body() } catch {
        switch error {
        case .system(let system): throw .system(system)
        case .unsafeEntry(let name, let reason): throw .entryRefused(name: name, reason: reason)
        case .overwriteRefused(let entry, let destination, let existingIsDirectory):
            throw .overwriteRefused(entry: entry, destination: destination, existingIsDirectory: existingIsDirectory)
        case .corrupt(let reason): throw .invalidArchive(reason)
        default: throw .layer(error)
        }
    }
}
