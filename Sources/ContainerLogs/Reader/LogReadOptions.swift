/// What `docker logs` asks for.
public struct LogReadOptions: Sendable, Equatable {
    /// How many of the last entries to start with.
    public var tail: LogTail
    /// Skip entries before this time (until the first entry at or after it:
    /// later entries are kept even if their clock went backwards, as Docker does).
    public var since: LogTime?
    /// End at the first entry after this time, following included.
    public var until: LogTime?
    /// After the existing entries, keep yielding new ones as they are written.
    public var follow: Bool

    public init(tail: LogTail = .all, since: LogTime? = nil, until: LogTime? = nil, follow: Bool = false) {
        self.tail = tail
        self.since = since
        self.until = until
        self.follow = follow
    }
}

/// `docker logs --tail`: everything, or the last N entries across all files.
public enum LogTail: Sendable, Equatable {
    case all
    case last(Int)

    /// The Engine API's `tail` value. As in Docker, a number is a count, and
    /// anything else ("all", nothing, a negative number) means everything.
    public init(_ value: String) {
        if let count = Int(value), count >= 0 {
            self = .last(count)
        } else {
            self = .all
        }
    }
}
