import Engine
import NIOCore

/// A connection to a container's monitor, read as an optional first line
/// then frames. Reading is done by one task at a time; writing may happen
/// from another (the outbound writer is safe to share).
final class MonitorStream: @unchecked Sendable {
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var reader = MonitorFrameReader()
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    init(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) {
        self.channel = channel
        self.iterator = channel.inbound.makeAsyncIterator()
        self.outbound = channel.outbound
    }

    /// The first line ("pid N", "error …"), or nil if the monitor closed first.
    func readLine() async throws -> String? {
        while true {
            if let line = reader.line() { return line }
            guard let buffer = try await iterator.next() else { return nil }
            reader.append(buffer)
        }
    }

    /// The next frame, or nil when the monitor closed the connection.
    func nextFrame() async throws -> (stream: UInt8, payload: ByteBuffer)? {
        while true {
            if let frame = reader.next() { return frame }
            guard let buffer = try await iterator.next() else { return nil }
            reader.append(buffer)
        }
    }

    func close() async {
        outbound.finish()
        try? await channel.channel.close()
    }
}
