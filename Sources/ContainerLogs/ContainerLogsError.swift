import LinuxSupport

/// What can go wrong writing or reading a container's json-file log.
public enum ContainerLogsError: Error, CustomStringConvertible, Equatable {
    /// A `--log-opt` value Docker refuses; the message is Docker's own, so
    /// scripts that match on it keep working.
    case invalidOption(String)
    /// A system call on a log file failed.
    case system(SystemCallError)
    /// A rotated file could not be compressed or decompressed.
    case compression(path: String, reason: String)
    /// A write after `close()`.
    case writerClosed(path: String)
    /// A `since`/`until` value that is not Unix seconds with an optional fraction.
    case invalidTimestamp(String)

    public var description: String {
        switch self {
        case .invalidOption(let message):
            message
        case .system(let error):
            error.description
        case .compression(let path, let reason):
            "compressing or decompressing log file \(path): \(reason)"
        case .writerClosed(let path):
            "the log writer for \(path) is closed"
        case .invalidTimestamp(let value):
            "invalid timestamp \"\(value)\": expected Unix seconds, optionally with a fraction (1700000000.123456789)"
        }
    }
}
