import LinuxSupport

/// The reading state machine behind `JSONFileLogReader`: first the entries
/// already written (rotated files oldest first, then the current file, cut
/// to the tail and filtered by since/until), then, when following, entries
/// as they are appended. It never waits: when nothing is left to read yet it
/// says so, and its caller decides how to wait.
final class LogCursor {
    enum Step {
        case entry(LogEntry)
        /// Nothing new yet; ask again later.
        case waiting
        case finished
    }

    private let path: String
    private let follows: Bool
    private var filter: EntryFilter
    /// Files still to read, each from the offset given, in order.
    private var history: [(source: LogSource, start: Int64)] = []
    /// The file being read, and the reader over it (kept apart from each
    /// other so the reader's buffer is mutated in place, never copied).
    private var source: LogSource?
    private var lines: LineReader?
    /// The current file and where its history ends, for following.
    private var followed: LogSource?
    private var followStart: Int64 = 0
    private var isFollowing = false
    /// The followed file was renamed or deleted: read it to its end once
    /// more, then take up the new file.
    private var rotationSeen = false
    private var isFinished = false

    init(path: String, options: LogReadOptions) throws(ContainerLogsError) {
        self.path = path
        self.follows = options.follow
        self.filter = EntryFilter(since: options.since, until: options.until)
        let snapshot = try LogFileSnapshot.open(path: path)
        followed = snapshot.current
        followStart = snapshot.current?.end ?? 0
        history = try plan(snapshot, tail: options.tail)
    }

    /// Which files to read from where: all of them, or as far back as the
    /// last `tail` entries reach. Rotated files entirely before `since` are
    /// left out unread, by the last entry time a compressed one records.
    private func plan(_ snapshot: LogFileSnapshot, tail: LogTail) throws(ContainerLogsError) -> [(source: LogSource, start: Int64)] {
        let filter = self.filter
        let files = snapshot.rotated.filter { source in
            source.lastEntryTime().map { !filter.skipsEverything(upTo: $0) } ?? true
        } + (snapshot.current.map { [$0] } ?? [])
        guard case .last(let count) = tail else { return files.map { ($0, 0) } }
        var needed = count
        var planned: [(source: LogSource, start: Int64)] = []
        for source in files.reversed() where needed > 0 {
            try source.decompress()
            var scanner = TailScanner(descriptor: source.descriptor, subject: source.path)
            let (start, found) = try scanner.startOfLastEntries(needed, end: source.end)
            needed -= found
            planned.append((source, start))
        }
        return planned.reversed()
    }

    /// The next step. `stopRequested` must be read before the call, so that
    /// everything written before the stop is read before `.finished`.
    func next(stopRequested: Bool) throws(ContainerLogsError) -> Step {
        while !isFinished {
            if lines == nil {
                if try startNextFile() { continue }
                if let step = try followingStep(stopRequested: stopRequested) { return step }
                continue
            }
            guard let line = try lines?.nextLine() else {
                // This history file is done, or the followed file has nothing new.
                if isFollowing {
                    if let step = try followingStep(stopRequested: stopRequested) { return step }
                } else {
                    closeFile()
                }
                continue
            }
            guard let entry = JSONLogLineDecoder.decode(line) else { continue }  // damaged: skipped
            switch filter.verdict(for: entry) {
            case .keep: return .entry(entry)
            case .skip: continue
            case .end: finish()
            }
        }
        return .finished
    }

    /// Opens the next history file, or the followed one; false when there is
    /// none to open now.
    private func startNextFile() throws(ContainerLogsError) -> Bool {
        if !history.isEmpty {
            let (next, start) = history.removeFirst()
            try next.decompress()
            open(next, from: start, limit: next.end)
            return true
        }
        guard follows, !isFollowing else { return false }
        isFollowing = true
        guard let followed else { return false }
        open(followed, from: followStart, limit: nil)
        self.followed = nil
        return true
    }

    /// At the end of what there is to read now. Returns the step to report,
    /// or nil when there is something more to read.
    private func followingStep(stopRequested: Bool) throws(ContainerLogsError) -> Step? {
        guard isFollowing else {
            finish()
            return .finished
        }
        if let source, !rotationSeen {
            let now: FileStatus?
            do { now = try FileStatus.ifExists(path) } catch { throw .system(error) }
            if let now, now.isSameFile(as: source.identity) {
                if let offset = lines?.offset, now.size < offset {
                    // Truncated in place: start again from its beginning.
                    lines?.restart(at: 0)
                    return nil
                }
            } else {
                // Renamed away by a rotation (or deleted, with max-file 1).
                // Entries may have landed since the last read: drain it first.
                rotationSeen = true
                return nil
            }
        } else {
            // The old file is drained (or there was none): take up the file at the name now.
            rotationSeen = false
            closeFile()
            if let next = try LogSource.open(path, compressed: false) {
                open(next, from: 0, limit: nil)
                return nil
            }
        }
        if stopRequested {
            finish()
            return .finished
        }
        return .waiting
    }

    private func open(_ file: LogSource, from offset: Int64, limit: Int64?) {
        source = file
        lines = LineReader(descriptor: file.descriptor, subject: file.path, offset: offset, limit: limit)
    }

    private func closeFile() {
        source = nil
        lines = nil
    }

    private func finish() {
        isFinished = true
        closeFile()
        history.removeAll()
        followed = nil
    }
}
