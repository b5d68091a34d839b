import Glibc
import LinuxSupport

/// One HTTP/1.1 connection over a unix socket, with a read buffer. Blocking:
/// the CLI makes one request at a time and has nothing else to do meanwhile.
final class HTTPConnection {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private(set) var reachedEOF = false
    /// Set once a hijacked stream owns the descriptor.
    private var handedOver = false

    init(host: EngineHost) throws(EngineError) {
        do {
            fd = try UnixSocket.connect(path: host.socketPath)
        } catch {
            switch error.errno {
            case EACCES, EPERM:
                throw .permissionDenied(host: host.url, detail: "connect: \(String(cString: strerror(error.errno)))")
            default:
                throw .cannotConnect(host: host.url)
            }
        }
    }

    deinit { if !handedOver { FD.close(fd) } }

    /// Gives the socket and whatever was read past the response head to a
    /// hijacked stream, which from now on owns both.
    func handOver() -> (fd: Int32, pending: [UInt8]) {
        handedOver = true
        let pending = Array(buffer[bufferStart...])
        buffer = []
        bufferStart = 0
        return (fd, pending)
    }

    /// Whether a read would not block: bytes are buffered, or the socket is
    /// readable (or closed).
    func hasInput() -> Bool {
        if available > 0 || reachedEOF { return true }
        var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        return poll(&descriptors, 1, 0) > 0
    }

    func write(_ bytes: [UInt8]) throws(EngineError) {
        do { try FD.writeAll(fd, bytes) } catch { throw .io("write to the daemon: \(error)") }
    }

    /// Reads whatever the daemon has already sent, without blocking, into the
    /// buffer: while a large request body is being sent, the daemon may answer
    /// with progress, and it must not block on a full socket meanwhile.
    func absorbPendingInput() throws(EngineError) {
        var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        while !reachedEOF, poll(&descriptors, 1, 0) > 0, descriptors[0].revents & Int16(POLLIN | POLLHUP) != 0 {
            try fill()
        }
    }

    /// Appends one read(2) to the buffer; false at end of stream.
    @discardableResult
    private func fill() throws(EngineError) -> Bool {
        let chunk: [UInt8]
        do { chunk = try FD.read(fd) } catch {
            if error.errno == ECONNRESET { reachedEOF = true; return false }
            throw .io("read from the daemon: \(error)")
        }
        if chunk.isEmpty { reachedEOF = true; return false }
        if bufferStart > 0 && bufferStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferStart = 0
        }
        buffer += chunk
        return true
    }

    private var available: Int { buffer.count - bufferStart }

    /// A line ending in CRLF (or LF), without the terminator.
    func readLine() throws(EngineError) -> String {
        while true {
            if let newline = buffer[bufferStart...].firstIndex(of: 0x0A) {
                var end = newline
                if end > bufferStart && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[bufferStart..<end], as: UTF8.self)
                bufferStart = newline + 1
                return line
            }
            guard available < 1 << 20 else { throw .protocolViolation("header line too long") }
            guard try fill() else { throw .protocolViolation("connection closed before the response was complete") }
        }
    }

    /// Up to `max` bytes (at least one unless the stream ended).
    func readSome(max: Int) throws(EngineError) -> [UInt8] {
        if available == 0 {
            guard try fill() else { return [] }
        }
        let count = min(max, available)
        let out = Array(buffer[bufferStart..<bufferStart + count])
        bufferStart += count
        return out
    }

    func readExactly(_ count: Int) throws(EngineError) -> [UInt8] {
        var out: [UInt8] = []
        while out.count < count {
            let chunk = try readSome(max: count - out.count)
            guard !chunk.isEmpty else { throw .protocolViolation("connection closed before the response was complete") }
            out += chunk
        }
        return out
    }
}
