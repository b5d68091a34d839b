import NIOCore
import NIOHTTP1

/// Reads a connection's request parts in order. One per connection, used only
/// by that connection's task.
final class RequestPartReader {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    /// True while the body of the current request has not reached `.end`.
    fileprivate(set) var inBody = false

    init(_ iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) {
        self.iterator = iterator
    }

    /// The next request's head, or nil when the client closed the connection.
    func nextHead() async throws -> HTTPRequestHead? {
        while let part = try await iterator.next() {
            if case .head(let head) = part {
                inBody = true
                return head
            }
        }
        return nil
    }

    /// The next chunk of the current body, or nil at its end.
    fileprivate func nextBodyChunk() async throws -> ByteBuffer? {
        guard inBody else { return nil }
        while let part = try await iterator.next() {
            switch part {
            case .body(let buffer): return buffer
            case .end:
                inBody = false
                return nil
            case .head: continue  // cannot happen before .end
            }
        }
        inBody = false
        return nil
    }
}

/// A request body, read as it arrives: uploads (image load, import, build
/// contexts) are far too large to buffer.
final class RequestBody {
    private let reader: RequestPartReader

    init(_ reader: RequestPartReader) { self.reader = reader }

    func next() async throws -> ByteBuffer? { try await reader.nextBodyChunk() }

    /// The whole body, refusing more than `limit` bytes (JSON bodies only).
    func collect(limit: Int = 16 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try await next() {
            guard bytes.count + chunk.readableBytes <= limit else { throw APIError.badRequest("request body too large") }
            bytes += chunk.readableBytesView
        }
        return bytes
    }

    func drain() async throws {
        while try await next() != nil {}
    }
}
