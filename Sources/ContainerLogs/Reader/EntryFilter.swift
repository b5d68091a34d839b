/// Docker's `since`/`until` rules for a stream of entries.
struct EntryFilter {
    enum Verdict { case keep, skip, end }

    private var since: LogTime?
    private let until: LogTime?

    init(since: LogTime?, until: LogTime?) {
        self.since = since
        self.until = until
    }

    mutating func verdict(for entry: LogEntry) -> Verdict {
        if let since {
            if entry.time < since { return .skip }
            // Clocks can step back: once an entry is at or after `since`,
            // every later one is kept (Docker's forwarder does the same).
            self.since = nil
        }
        if let until, entry.time > until { return .end }
        return .keep
    }

    /// Whether a whole file whose last entry is at `lastTime` can be skipped.
    func skipsEverything(upTo lastTime: LogTime) -> Bool {
        if let since { return lastTime < since }
        return false
    }
}
