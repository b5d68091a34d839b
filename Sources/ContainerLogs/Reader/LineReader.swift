import LinuxSupport

/// Reads complete lines (ending in `\n`) from a descriptor, forwards from an
/// offset, by positioned reads. What follows the last newline is kept back
/// as an unfinished line until its newline arrives, so a line being written
/// is never mistaken for a damaged one while following.
struct LineReader {
    let descriptor: Int32
    let subject: String
    /// The next file offset to read.
    private(set) var offset: Int64
    /// Where reading stops; nil reads to the end of the file as it grows.
    var limit: Int64?

    private var buffer: [UInt8] = []
    private var lineStart = 0
    /// Where the search for the next newline resumes.
    private var scanFrom = 0
    /// Dropping an overlong line until its newline.
    private var discarding = false

    /// The longest line kept: far beyond any entry the writer makes (16 KiB
    /// of output, escaped at most sixfold), so only damage is dropped.
    static let longestLine = 1 << 20
    private static let readSize = 64 * 1024

    init(descriptor: Int32, subject: String, offset: Int64, limit: Int64?) {
        self.descriptor = descriptor
        self.subject = subject
        self.offset = offset
        self.limit = limit
    }

    /// The next complete line, newline included; nil when none is available
    /// (yet). The slice is valid until the next call.
    mutating func nextLine() throws(ContainerLogsError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let start = lineStart
                lineStart = newline + 1
                scanFrom = lineStart
                if discarding {
                    discarding = false
                    continue
                }
                return buffer[start...newline]
            }
            scanFrom = buffer.count
            if buffer.count - lineStart > Self.longestLine {
                // No newline in sight: damage. Drop it and resynchronise at the next newline.
                discarding = true
                lineStart = buffer.count
            }
            let wanted = limit.map { min(Int64(Self.readSize), $0 - offset) } ?? Int64(Self.readSize)
            guard wanted > 0 else { return nil }
            let data: [UInt8]
            do { data = try FD.read(descriptor, at: offset, max: Int(wanted), subject: subject) } catch { throw .system(error) }
            guard !data.isEmpty else { return nil }
            if lineStart > 0 {
                buffer.removeFirst(lineStart)
                scanFrom -= lineStart
                lineStart = 0
            }
            buffer.append(contentsOf: data)
            offset += Int64(data.count)
        }
    }

    /// Starts again at `offset`, forgetting any unfinished line (the file was
    /// truncated in place).
    mutating func restart(at offset: Int64) {
        self.offset = offset
        buffer.removeAll()
        lineStart = 0
        scanFrom = 0
        discarding = false
    }
}
