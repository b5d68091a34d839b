import LinuxSupport

/// Reads a container's json-file log, its rotated files included, with
/// `docker logs`' options: tail, since, until and follow.
///
/// Following polls: at the end of the file the reader looks again every
/// `pollInterval` (100 ms), and reads straight on while there is more. The
/// writer is another process (the container's monitor), so there is no
/// in-process signal to wait on; a poll costs one stat(2) and one pread(2),
/// works on any filesystem, and in async code waits with `Task.sleep`,
/// holding no thread. inotify would save the idle polls but needs a
/// descriptor per follower and a blocking wait on a thread of its own.
/// Rotation is noticed as the name `x.log` pointing at another file: the old
/// file is read to its end first, then the new one from its start.
public struct JSONFileLogReader: Sendable {
    public let path: String
    /// How long a follower waits before looking for new entries again.
    public var pollInterval: Duration = .milliseconds(100)

    public init(path: String) {
        self.path = path
    }

    /// The log's entries, oldest first. When following, the sequence ends
    /// once `stop` is stopped and everything written before is read, at the
    /// first entry after `until`, or (throwing CancellationError) when the
    /// iterating task is cancelled. File reads are short blocking calls;
    /// opening a compressed rotated file decompresses it first.
    public func entries(_ options: LogReadOptions = LogReadOptions(), stop: LogFollowStop = LogFollowStop()) -> Entries {
        Entries(path: path, options: options, stop: stop, pollInterval: pollInterval)
    }

    /// The same, for a thread of its own: calls `body` with each entry and
    /// sleeps between polls. Errors from `body` end the reading and are rethrown.
    public func read(_ options: LogReadOptions = LogReadOptions(), stop: LogFollowStop = LogFollowStop(), _ body: (LogEntry) throws -> Void) throws {
        let cursor = try LogCursor(path: path, options: options)
        while true {
            switch try cursor.next(stopRequested: stop.isStopped) {
            case .entry(let entry): try body(entry)
            case .finished: return
            case .waiting: Clock.sleep(seconds: pollInterval.seconds)
            }
        }
    }

    public struct Entries: AsyncSequence, Sendable {
        public typealias Element = LogEntry
        let path: String
        let options: LogReadOptions
        let stop: LogFollowStop
        let pollInterval: Duration

        public func makeAsyncIterator() -> Iterator {
            Iterator(entries: self)
        }

        public struct Iterator: AsyncIteratorProtocol {
            private let entries: Entries
            private var cursor: LogCursor?
            private var isFinished = false

            init(entries: Entries) {
                self.entries = entries
            }

            public mutating func next() async throws -> LogEntry? {
                guard !isFinished else { return nil }
                do {
                    let cursor = try self.cursor ?? LogCursor(path: entries.path, options: entries.options)
                    self.cursor = cursor
                    while true {
                        try Task.checkCancellation()
                        switch try cursor.next(stopRequested: entries.stop.isStopped) {
                        case .entry(let entry):
                            return entry
                        case .finished:
                            finish()
                            return nil
                        case .waiting:
                            try await Task.sleep(for: entries.pollInterval)
                        }
                    }
                } catch {
                    finish()
                    throw error
                }
            }

            private mutating func finish() {
                isFinished = true
                cursor = nil
            }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
