import ContainerLogs
import Engine
import NIOCore

/// `GET /containers/{id}/logs` and attach's `logs=1`: a container's
/// json-file log as frames (or raw for a terminal), with Docker's tail,
/// since/until and timestamps, optionally following it while the container runs.
struct LogStreamer {
    struct Options {
        var stdout = true
        var stderr = true
        var timestamps = false
        var tail: LogTail = .all
        var since: LogTime? = nil
        var until: LogTime? = nil
        var follow = false
    }

    let path: String
    let multiplexed: Bool
    let options: Options

    /// Writes what the log holds, then (following) what is appended until
    /// `stillRunning` turns false; what was written before that is still sent.
    func stream(to write: (ByteBuffer) async throws -> Void, stillRunning: @escaping @Sendable () -> Bool) async throws {
        let stop = LogFollowStop()
        let watcher: Task<Void, Never>? = options.follow ? Task {
            while !Task.isCancelled && stillRunning() {
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            stop.stop()
        } : nil
        defer { watcher?.cancel() }
        let readOptions = LogReadOptions(tail: options.tail, since: options.since, until: options.until, follow: options.follow)
        for try await entry in JSONFileLogReader(path: path).entries(readOptions, stop: stop) {
            if entry.stream == .stdout && !options.stdout { continue }
            if entry.stream == .stderr && !options.stderr { continue }
            try await write(frame(entry))
        }
    }

    private func frame(_ entry: LogEntry) -> ByteBuffer {
        var buffer = ByteBuffer()
        let prefix = options.timestamps ? Array((entry.time.rfc3339NanoFixed + " ").utf8) : []
        if multiplexed {
            buffer.writeStreamHeader(stream: entry.stream == .stderr ? 2 : 1, length: prefix.count + entry.bytes.count)
        }
        buffer.writeBytes(prefix)
        buffer.writeBytes(entry.bytes)
        return buffer
    }
}
