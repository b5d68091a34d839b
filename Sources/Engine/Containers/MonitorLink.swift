import Glibc
import LinuxSupport
import NIOCore
import NIOPosix

/// Talking to a container's monitor over its socket in the container's
/// directory. Short requests ("start", "resize") are blocking and run on the
/// daemon's thread pool; streams ("wait", "attach", "exec") are NIO channels.
struct MonitorLink: Sendable {
    let directory: String

    /// Connects and sends the request line. The socket is reached through a
    /// descriptor of the directory, so the path fits a socket address however
    /// deep the data root is.
    func connect(_ line: String) throws(EngineError) -> Int32 {
        let directoryFD = try engineCall { () throws(SystemCallError) in try FD.open(directory, FD.pathOnly | O_DIRECTORY) }
        defer { FD.close(directoryFD) }
        do {
            let fd = try UnixSocket.connect(path: "/proc/self/fd/\(directoryFD)/\(ContainerPaths.monitorSocket)")
            do {
                try FD.writeAll(fd, line + "\n")
            } catch {
                FD.close(fd)
                throw error
            }
            return fd
        } catch {
            throw EngineError(.conflict, "the container's monitor is not reachable: \(error)")
        }
    }

    var isReachable: Bool {
        guard let fd = try? connect("state") else { return false }
        FD.close(fd)
        return true
    }

    /// A request with a one-line answer: "ok", or "error <message>".
    func request(_ line: String) throws(EngineError) -> String {
        let fd = try connect(line)
        defer { FD.close(fd) }
        let answer = String(decoding: (try? FD.readToEnd(fd)) ?? [], as: UTF8.self)
        let text = answer.hasSuffix("\n") ? String(answer.dropLast()) : answer
        if text.hasPrefix("error ") { throw EngineError(.internal, String(text.dropFirst(6))) }
        return text
    }

    /// A long-lived connection for a stream.
    func open(_ line: String, group: any EventLoopGroup) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let fd = try connect(line)
        do {
            return try await ClientBootstrap(group: group)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .withConnectedSocket(fd) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
        } catch {
            FD.close(fd)
            throw error
        }
    }
}

/// Splits the monitor's output into frames: an 8-byte header (stream, 0, 0,
/// 0, big-endian length) and the payload.
public struct MonitorFrameReader: Sendable {
    private var buffer = ByteBuffer()

    public init() {}

    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffer.discardReadBytes()
        buffer.writeBuffer(&bytes)
    }

    public mutating func next() -> (stream: UInt8, payload: ByteBuffer)? {
        guard buffer.readableBytes >= 8,
              let stream = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let size = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self),
              buffer.readableBytes >= 8 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 8)
        let payload = buffer.readSlice(length: Int(size))!
        return (stream, payload)
    }

    /// Bytes before the first frame (the "pid N" line of an exec).
    public mutating func line() -> String? {
        guard let newline = buffer.readableBytesView.firstIndex(of: 0x0A) else { return nil }
        let length = newline - buffer.readableBytesView.startIndex
        let text = buffer.readString(length: length)
        buffer.moveReaderIndex(forwardBy: 1)
        return text
    }
}
