import Engine
import Glibc
import LinuxSupport
import NIOCore
import OCI

/// `GET /containers/{id}/logs` and attach's `logs=1`: a container's
/// json-file log as frames (or raw for a terminal), with Docker's tail,
/// since/until and timestamps, optionally following it while the container runs.
struct LogStreamer {
    struct Options {
        var stdout = true
        var stderr = true
        var timestamps = false
        var tail: Int? = nil
        var since: Double? = nil
        var until: Double? = nil
        var follow = false
    }

    struct Entry: Decodable {
        let log: String
        let stream: String
        let time: String
    }

    let path: String
    let multiplexed: Bool
    let options: Options

    /// Writes what the log holds, then (following) what is appended until `stillRunning` says stop.
    func stream(to write: (ByteBuffer) async throws -> Void, stillRunning: @escaping @Sendable () -> Bool) async throws {
        var offset: Int64 = 0
        var pending: [UInt8] = []
        var entries = readEntries(from: &offset, pending: &pending)
        if let tail = options.tail { entries = Array(entries.suffix(max(0, tail))) }
        for entry in entries { try await emit(entry, write) }
        guard options.follow else { return }
        var finalRead = false
        while true {
            let running = stillRunning()
            for entry in readEntries(from: &offset, pending: &pending) { try await emit(entry, write) }
            if finalRead { return }
            if !running { finalRead = true; continue }
            if let until = options.until, ContainerStatusText.nowSeconds() > until { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    private func readEntries(from offset: inout Int64, pending: inout [UInt8]) -> [Entry] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && info.st_size < offset {
            // The file was rotated or truncated: start over in the new one.
            offset = 0
            pending = []
        }
        lseek(fd, off_t(offset), SEEK_SET)
        var result: [Entry] = []
        while let bytes = try? FD.read(fd, max: 1 << 20), !bytes.isEmpty {
            offset += Int64(bytes.count)
            pending += bytes
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                if let entry = try? JSON.decode(Entry.self, from: Array(pending[start..<newline])), wanted(entry) {
                    result.append(entry)
                }
                start = newline + 1
            }
            pending.removeFirst(start - pending.startIndex)
        }
        return result
    }

    private func wanted(_ entry: Entry) -> Bool {
        if entry.stream == "stdout" && !options.stdout { return false }
        if entry.stream == "stderr" && !options.stderr { return false }
        if options.since != nil || options.until != nil {
            let time = Timestamp.seconds(entry.time) ?? 0
            if let since = options.since, time < since { return false }
            if let until = options.until, time > until { return false }
        }
        return true
    }

    private func emit(_ entry: Entry, _ write: (ByteBuffer) async throws -> Void) async throws {
        var payload = Array(entry.log.utf8)
        if options.timestamps { payload = Array((Self.fixedNano(entry.time) + " ").utf8) + payload }
        var buffer = ByteBuffer()
        if multiplexed {
            buffer.writeInteger(UInt8(entry.stream == "stderr" ? 2 : 1))
            buffer.writeInteger(UInt8(0)); buffer.writeInteger(UInt8(0)); buffer.writeInteger(UInt8(0))
            buffer.writeInteger(UInt32(payload.count))
        }
        buffer.writeBytes(payload)
        try await write(buffer)
    }

    /// RFC 3339 with exactly nine fraction digits, as `docker logs -t` prints.
    static func fixedNano(_ time: String) -> String {
        guard time.hasSuffix("Z"), time.count >= 20 else { return time }
        let body = time.dropLast()
        if let dot = body.firstIndex(of: ".") {
            let fraction = body[body.index(after: dot)...]
            return String(body[...dot]) + fraction + String(repeating: "0", count: max(0, 9 - fraction.count)) + "Z"
        }
        return body + ".000000000Z"
    }
}
