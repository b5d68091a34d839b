import LinuxSupport

/// A log's files opened together: the rotated ones oldest first (`x.log.3`,
/// `x.log.2.gz`, …) and the current `x.log`.
///
/// The writer is another process, and may rotate while they are opened. A
/// rotation in the middle would show up as one file opened under two names,
/// or as `x.log` naming a different file afterwards; either way they are
/// opened again. Once open, the descriptors keep their content whatever
/// the writer renames or deletes.
struct LogFileSnapshot {
    var rotated: [LogSource]
    /// Nil when the log does not exist (yet).
    var current: LogSource?

    static func open(path: String) throws(ContainerLogsError) -> LogFileSnapshot {
        var attempt = 0
        while true {
            attempt += 1
            let snapshot = try openOnce(path: path)
            // Rotations are rare (one per max-size of output): a few tries settle it.
            if try snapshot.isConsistent(path: path) || attempt == 10 { return snapshot }
        }
    }

    private static func openOnce(path: String) throws(ContainerLogsError) -> LogFileSnapshot {
        let current = try LogSource.open(path, compressed: false)
        var rotated: [LogSource] = []
        for number in rotatedNumbers(of: path) {
            // The plain file first: during compression it is the complete copy.
            if let plain = try LogSource.open("\(path).\(number)", compressed: false) {
                rotated.append(plain)
            } else if let compressed = try LogSource.open("\(path).\(number).gz", compressed: true) {
                rotated.append(compressed)
            }
        }
        try current?.endAtLastCompleteLine()
        return LogFileSnapshot(rotated: rotated, current: current)
    }

    /// The numbers of the rotated files beside `path`, highest (oldest) first.
    private static func rotatedNumbers(of path: String) -> [Int] {
        let directory = Path.parent(path)
        let prefix = String(path.dropFirst(directory == "/" ? 1 : directory.count + 1)) + "."
        var numbers: Set<Int> = []
        for name in Directory.entries(directory) where name.hasPrefix(prefix) {
            var rest = name.dropFirst(prefix.count)
            if rest.hasSuffix(".gz") { rest = rest.dropLast(3) }
            guard !rest.isEmpty, rest.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let number = Int(rest), number > 0
            else { continue }
            numbers.insert(number)
        }
        return numbers.sorted(by: >)
    }

    private func isConsistent(path: String) throws(ContainerLogsError) -> Bool {
        var seen: [FileStatus] = []
        for source in rotated + (current.map { [$0] } ?? []) {
            if seen.contains(where: { $0.isSameFile(as: source.identity) }) { return false }
            seen.append(source.identity)
        }
        let now: FileStatus?
        do { now = try FileStatus.ifExists(path) } catch { throw .system(error) }
        switch (current, now) {
        case (nil, nil): return true
        case (let current?, let now?): return current.identity.isSameFile(as: now)
        default: return false
        }
    }
}
