/// The json-file driver's settings, from Docker's `--log-opt` keys.
public struct JSONFileLogOptions: Sendable, Equatable {
    /// `max-size`: rotate once the file has reached this many bytes; nil never rotates.
    public var maxSize: Int64?
    /// `max-file`: how many files to keep, the current one included.
    public var maxFile: Int
    /// `compress`: gzip rotated files.
    public var compress: Bool

    /// Values as given (a `maxSize` of 0 or less never rotates, a `maxFile`
    /// below 2 keeps no rotated file); `init(logOptions:)` validates as Docker does.
    public init(maxSize: Int64? = nil, maxFile: Int = 1, compress: Bool = false) {
        self.maxSize = maxSize
        self.maxFile = maxFile
        self.compress = compress
    }

    /// The keys Docker's json-file driver takes besides its own; they shape
    /// extra attributes, which Berth does not write, and are accepted so that
    /// configurations written for Docker still start.
    static let sharedKeys: Set<String> = ["env", "env-regex", "labels", "labels-regex", "tag"]

    /// Parses and validates `--log-opt` values as Docker does, with Docker's
    /// messages: `max-size` ("10m", SI units), `max-file` (at least 1),
    /// `compress` (only with `max-file` above 1 and a `max-size`).
    public init(logOptions: [String: String]) throws(ContainerLogsError) {
        for key in logOptions.keys.sorted() where !["max-size", "max-file", "compress"].contains(key) && !Self.sharedKeys.contains(key) {
            throw .invalidOption("unknown log opt '\(key)' for json-file log driver")
        }
        self.init()
        if let text = logOptions["max-size"] {
            let size = try GoValueParsing.humanSize(text)
            guard size > 0 else { throw .invalidOption("max-size must be a positive number") }
            maxSize = size
        }
        if let text = logOptions["max-file"] {
            maxFile = try GoValueParsing.integer(text)
            guard maxFile >= 1 else { throw .invalidOption("max-file cannot be less than 1") }
        }
        if let text = logOptions["compress"] {
            compress = try GoValueParsing.boolean(text)
            if compress && (maxFile == 1 || maxSize == nil) {
                throw .invalidOption("compress cannot be true when max-file is less than 2 or max-size is not set")
            }
        }
    }

    /// Whether rotation keeps old files at all (with one file, it truncates).
    var keepsRotatedFiles: Bool { maxFile >= 2 }
}
