import LinuxSupport

/// Errors of the image store, worded for the person who sent the bad input.
public enum StorageError: Error, Sendable, CustomStringConvertible {
    case system(SystemCallError)
    case digestMismatch(expected: String, actual: String)
    case sizeMismatch(expected: Int64, actual: Int64)
    case missingBlob(String)
    case invalidArchive(String)
    case database(String)

    public var description: String {
        switch self {
        case .system(let error): "\(error)"
        case .digestMismatch(let expected, let actual): "content digest mismatch: expected \(expected), got \(actual)"
        case .sizeMismatch(let expected, let actual): "content size mismatch: expected \(expected) bytes, got \(actual)"
        case .missingBlob(let digest): "content \(digest) not found"
        case .invalidArchive(let reason): "invalid image archive: \(reason)"
        case .database(let reason): "metadata database: \(reason)"
        }
    }
}

/// Runs a block of system calls, lifting their error into `StorageError`.
@inline(__always)
@discardableResult
func sys<T>(_ body: () throws(SystemCallError) -> T) throws(StorageError) -> T {
    do { return try body() } catch { throw .system(error) }
}
