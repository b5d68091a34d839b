import LinuxSupport

/// Reads a log file backwards from an offset to find where its last N valid
/// entries begin, without reading what comes before them.
struct TailScanner {
    private static let blockSize: Int64 = 64 * 1024

    private let descriptor: Int32
    private let subject: String
    /// The block read last: lines are short, so most searches stay inside it.
    private var blockStart: Int64 = 0
    private var block: [UInt8] = []

    init(descriptor: Int32, subject: String) {
        self.descriptor = descriptor
        self.subject = subject
    }

    /// The offset where the last `count` valid entries before `end` start,
    /// and how many were found (fewer when the file has fewer). `end` must be
    /// at a line boundary.
    mutating func startOfLastEntries(_ count: Int, end: Int64) throws(ContainerLogsError) -> (offset: Int64, found: Int) {
        var found = 0
        var lineEnd = end
        while lineEnd > 0 && found < count {
            // The line's own newline is at lineEnd - 1; its start follows the newline before that.
            let lineStart = try newline(before: lineEnd - 1).map { $0 + 1 } ?? 0
            // Lines past the longest an entry can be are damage: skipped unread.
            if lineEnd - lineStart <= Int64(LineReader.longestLine) {
                let line = try bytes(lineStart, lineEnd)
                if line.last == UInt8(ascii: "\n"), JSONLogLineDecoder.decode(line[...]) != nil { found += 1 }
            }
            lineEnd = lineStart
        }
        return (lineEnd, found)
    }

    /// The offset just past the last newline before `end` (0 when there is
    /// none): where the complete lines of a file being written end.
    mutating func endOfLastCompleteLine(before end: Int64) throws(ContainerLogsError) -> Int64 {
        try newline(before: end).map { $0 + 1 } ?? 0
    }

    /// The offset of the last newline before `position`.
    private mutating func newline(before position: Int64) throws(ContainerLogsError) -> Int64? {
        var searchEnd = position
        while searchEnd > 0 {
            if !(blockStart < searchEnd && searchEnd <= blockStart + Int64(block.count)) {
                blockStart = max(0, searchEnd - Self.blockSize)
                block = try read(from: blockStart, count: searchEnd - blockStart)
                if block.isEmpty { return nil }
            }
            let local = Int(searchEnd - blockStart)
            if let index = block[..<local].lastIndex(of: UInt8(ascii: "\n")) { return blockStart + Int64(index) }
            searchEnd = blockStart
        }
        return nil
    }

    private func bytes(_ start: Int64, _ end: Int64) throws(ContainerLogsError) -> [UInt8] {
        if start >= blockStart && end <= blockStart + Int64(block.count) {
            return Array(block[Int(start - blockStart)..<Int(end - blockStart)])
        }
        return try read(from: start, count: end - start)
    }

    private func read(from offset: Int64, count: Int64) throws(ContainerLogsError) -> [UInt8] {
        var bytes: [UInt8] = []
        while Int64(bytes.count) < count {
            let chunk: [UInt8]
            do {
                chunk = try FD.read(descriptor, at: offset + Int64(bytes.count), max: Int(count) - bytes.count, subject: subject)
            } catch { throw .system(error) }
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return bytes
    }
}
