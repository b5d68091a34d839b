import Glibc
import LinuxSupport

/// The raw two-way stream that follows a `101 UPGRADED` answer to attach or
/// exec start: the container's output to read, its stdin to write.
public final class HijackedStream {
    public let fd: Int32
    /// Output that arrived with the response head, handed out first.
    private var pending: [UInt8]
    private var closed = false

    init(fd: Int32, pending: [UInt8]) {
        self.fd = fd
        self.pending = pending
    }

    deinit { close() }

    /// True when output is buffered here, so poll(2) on `fd` would miss it.
    public var hasPendingOutput: Bool { !pending.isEmpty }

    /// Up to `max` bytes of output; empty at the end of the stream.
    public func read(max: Int = 32768) throws(EngineError) -> [UInt8] {
        if !pending.isEmpty {
            let chunk = Array(pending.prefix(max))
            pending.removeFirst(chunk.count)
            return chunk
        }
        do { return try FD.read(fd, max: max) } catch {
            if error.errno == ECONNRESET { return [] }
            throw .io("read from the daemon: \(error)")
        }
    }

    public func write(_ bytes: [UInt8]) throws(EngineError) {
        do { try FD.writeAll(fd, bytes) } catch { throw .io("write to the daemon: \(error)") }
    }

    /// Tells the daemon that stdin ended, keeping the output side open.
    public func closeWrite() {
        try? UnixSocket.shutdownWrite(fd)
    }

    public func close() {
        guard !closed else { return }
        closed = true
        FD.close(fd)
    }
}
