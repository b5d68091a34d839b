import LinuxSupport
import NIOCore
import NIOHTTP1

/// Reads one connection's bytes as HTTP/1.1 requests: heads, bodies framed
/// by Content-Length or chunked encoding, and after a hijack (attach, exec)
/// the raw stream. The parser is ours rather than NIOHTTP1's channel
/// handlers because a hijacked connection stops being HTTP mid-stream, with
/// bytes possibly already buffered behind the request.
///
/// One per connection. It is handed between the connection's task and, after
/// a hijack, the one task that reads the client's input; never two at once.
final class ConnectionReader: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer = ByteBuffer()
    private var inputEnded = false
    private var body: BodyFraming = .none

    private enum BodyFraming {
        case none
        case length(Int)
        /// Bytes left in the current chunk; nil before a chunk-size line.
        case chunked(Int?)
    }

    static let headLimit = 1 << 20

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    /// More bytes into the buffer; false at end of input.
    private func fill() async throws -> Bool {
        guard !inputEnded else { return false }
        guard var more = try await iterator.next() else {
            inputEnded = true
            return false
        }
        buffer.discardReadBytes()
        buffer.writeBuffer(&more)
        return true
    }

    /// The bytes up to the next CRLF (consumed, CRLF dropped), or nil at end of input.
    private func line(limit: Int) async throws -> String? {
        while true {
            let view = buffer.readableBytesView
            if let newline = view.firstIndex(of: 0x0A) {
                let length = newline - view.startIndex
                var text = buffer.readString(length: length) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                if text.hasSuffix("\r") { text.removeLast() }
                return text
            }
            guard buffer.readableBytes < limit else { throw APIError.badRequest("request header too large") }
            guard try await fill() else { return nil }
        }
    }

    /// The next request's head, or nil when the client closed the connection.
    func nextHead() async throws -> HTTPRequestHead? {
        try await drainBody()
        var requestLine = ""
        // Tolerate blank lines between requests, as RFC 9112 asks.
        while requestLine.isEmpty {
            guard let next = try await line(limit: Self.headLimit) else { return nil }
            requestLine = next
        }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { throw APIError.badRequest("malformed HTTP request line") }
        var headers = HTTPHeaders()
        var total = requestLine.utf8.count
        while true {
            guard let field = try await line(limit: Self.headLimit) else { throw APIError.badRequest("connection closed in the request header") }
            if field.isEmpty { break }
            total += field.utf8.count
            guard total < Self.headLimit else { throw APIError.badRequest("request header too large") }
            guard let colon = field.firstIndex(of: ":") else { throw APIError.badRequest("malformed header line") }
            let name = field[..<colon].trimmingCharacters(in: " \t")
            let value = field[field.index(after: colon)...].trimmingCharacters(in: " \t")
            headers.add(name: name, value: value)
        }
        let version: HTTPVersion = parts[2] == "HTTP/1.0" ? .http1_0 : .http1_1
        let head = HTTPRequestHead(version: version, method: HTTPMethod(rawValue: String(parts[0])),
                                   uri: String(parts[1]), headers: headers)
        if headers[canonicalForm: "transfer-encoding"].contains(where: { $0.lowercased() == "chunked" }) {
            body = .chunked(nil)
        } else if let length = headers.first(name: "content-length") {
            guard let count = Int(length), count >= 0 else { throw APIError.badRequest("malformed Content-Length") }
            body = count > 0 ? .length(count) : .none
        } else {
            body = .none
        }
        return head
    }

    /// The next piece of the current request's body, or nil at its end.
    func nextBodyChunk() async throws -> ByteBuffer? {
        while true {
            switch body {
            case .none:
                return nil
            case .length(let left):
                if buffer.readableBytes == 0 {
                    guard try await fill() else { throw APIError.badRequest("connection closed in the request body") }
                }
                let take = min(left, buffer.readableBytes)
                let slice = buffer.readSlice(length: take)!
                body = left - take > 0 ? .length(left - take) : .none
                return slice
            case .chunked(nil):
                guard let sizeLine = try await line(limit: 4096) else { throw APIError.badRequest("connection closed in the request body") }
                let sizeText = sizeLine.split(separator: ";").first.map { $0.trimmingCharacters(in: " ") } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else { throw APIError.badRequest("malformed chunk size") }
                if size == 0 {
                    // Trailer fields, up to the empty line.
                    while let trailer = try await line(limit: Self.headLimit), !trailer.isEmpty {}
                    body = .none
                    return nil
                }
                body = .chunked(size)
            case .chunked(let left?):
                if left == 0 {
                    guard try await line(limit: 16) != nil else { throw APIError.badRequest("connection closed in the request body") }
                    body = .chunked(nil)
                    continue
                }
                if buffer.readableBytes == 0 {
                    guard try await fill() else { throw APIError.badRequest("connection closed in the request body") }
                }
                let take = min(left, buffer.readableBytes)
                let slice = buffer.readSlice(length: take)!
                body = .chunked(left - take)
                return slice
            }
        }
    }

    private func drainBody() async throws {
        while try await nextBodyChunk() != nil {}
    }

    /// After a hijack: the client's raw bytes, starting with any that arrived
    /// behind the request; nil once the client has closed its sending side.
    func nextRaw() async throws -> ByteBuffer? {
        if buffer.readableBytes > 0 {
            let slice = buffer.readSlice(length: buffer.readableBytes)!
            return slice
        }
        guard try await fill() else { return nil }
        return buffer.readSlice(length: buffer.readableBytes)!
    }
}
