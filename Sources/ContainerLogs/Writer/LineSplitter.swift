/// Cuts one stream's output into log entries as Docker's log copier does:
/// each line ends at `\n` (kept in the entry); a line that reaches 16 KiB
/// without one is emitted as a partial entry (no newline) and continued in
/// the next. The pieces of one long line all carry the time of its first
/// piece, so readers can tell they belong together.
struct LineSplitter {
    /// Docker's copier buffer: the longest entry, newline included.
    static let maximumEntrySize = 16 * 1024

    /// Output after the last newline, fewer than `maximumEntrySize` bytes.
    private var pending: [UInt8] = []
    /// When the line being continued was first emitted in part.
    private var partialLineTime: LogTime?

    init() {
        pending.reserveCapacity(Self.maximumEntrySize)
    }

    var hasPendingOutput: Bool { !pending.isEmpty }

    /// Splits `chunk`, read at `time`, calling `emit` for each complete entry.
    mutating func split<E: Error>(
        _ chunk: ArraySlice<UInt8>, time: LogTime, emit: (ArraySlice<UInt8>, LogTime) throws(E) -> Void
    ) throws(E) {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            // The entry may take this many more bytes before it is cut without a newline.
            let room = Self.maximumEntrySize - pending.count
            let windowEnd = min(chunk.endIndex, start + room)
            if let newline = chunk[start..<windowEnd].firstIndex(of: UInt8(ascii: "\n")) {
                try emitEntry(chunk[start...newline], time: partialLineTime ?? time, emit: emit)
                partialLineTime = nil
                start = newline + 1
            } else if windowEnd - start == room {
                let entryTime = partialLineTime ?? time
                try emitEntry(chunk[start..<windowEnd], time: entryTime, emit: emit)
                partialLineTime = entryTime
                start = windowEnd
            } else {
                pending.append(contentsOf: chunk[start..<windowEnd])
                start = windowEnd
            }
        }
    }

    /// Emits what is pending without a newline, as Docker does when a stream
    /// ends: the container exited, or the writer is closing.
    mutating func flush<E: Error>(time: LogTime, emit: (ArraySlice<UInt8>, LogTime) throws(E) -> Void) throws(E) {
        guard !pending.isEmpty else { return }
        let entryTime = partialLineTime ?? time
        let line = pending
        pending.removeAll(keepingCapacity: true)
        partialLineTime = nil
        try emit(line[...], entryTime)
    }

    /// Emits `tail` after whatever is pending, as one entry. The entry is
    /// assembled in `pending` when there is any, so that a UTF-8 character
    /// split across two reads is escaped whole.
    private mutating func emitEntry<E: Error>(
        _ tail: ArraySlice<UInt8>, time: LogTime, emit: (ArraySlice<UInt8>, LogTime) throws(E) -> Void
    ) throws(E) {
        if pending.isEmpty {
            try emit(tail, time)
            return
        }
        pending.append(contentsOf: tail)
        defer { pending.removeAll(keepingCapacity: true) }
        try emit(pending[...], time)
    }
}
