import LinuxSupport
import NIOCore
import NIOHTTP1

/// One connection's request parts, read in order: a head, then its body's
/// chunks up to the end marker.
final class RequestStream: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    private var bodyEnded = true

    init(_ iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) {
        self.iterator = iterator
    }

    func nextHead() async throws -> HTTPRequestHead? {
        try await drainBody()
        while let part = try await iterator.next() {
            if case .head(let head) = part {
                bodyEnded = false
                return head
            }
        }
        return nil
    }

    /// The next piece of the current request's body; nil at its end.
    func nextBodyChunk() async throws -> ByteBuffer? {
        guard !bodyEnded else { return nil }
        while let part = try await iterator.next() {
            switch part {
            case .body(let buffer): return buffer
            case .end: bodyEnded = true; return nil
            case .head: throw RegistryError(.blobUploadInvalid, "a request began inside another's body")
            }
        }
        bodyEnded = true
        throw RegistryError(.blobUploadInvalid, "the client closed the connection during the body")
    }

    func drainBody() async throws {
        while try await nextBodyChunk() != nil {}
    }
}

/// A request as the handlers see it.
struct RegistryRequest {
    let head: HTTPRequestHead
    let path: String
    /// Query parameters, percent-decoded; a repeated name keeps every value.
    let query: [(String, String)]
    let body: RequestStream

    init(head: HTTPRequestHead, body: RequestStream) {
        self.head = head
        self.body = body
        let target = head.uri
        if let mark = target.firstIndex(of: "?") {
            path = PercentEncoding.decode(String(target[..<mark]), plusIsSpace: false)
            query = target[target.index(after: mark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = parts.count > 1 ? String(parts[1]) : ""
                return (PercentEncoding.decode(String(parts[0]), plusIsSpace: true), PercentEncoding.decode(value, plusIsSpace: true))
            }
        } else {
            path = PercentEncoding.decode(target, plusIsSpace: false)
            query = []
        }
    }

    var method: HTTPMethod { head.method }

    func parameter(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    func header(_ name: String) -> String? { head.headers.first(name: name) }

    /// The whole body, or an error past `limit` bytes.
    func readBody(limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try await body.nextBodyChunk() {
            guard bytes.count + chunk.readableBytes <= limit else {
                throw RegistryError(.sizeInvalid, "the body is larger than \(limit) bytes", status: 413)
            }
            bytes += chunk.readableBytesView
        }
        return bytes
    }
}

/// What a handler answers.
struct RegistryResponse {
    enum Body {
        case empty
        case bytes([UInt8])
        /// `length` bytes of a file from `offset`, streamed.
        case file(path: String, offset: Int64, length: Int64)
    }

    var status: HTTPResponseStatus
    var headers: [(String, String)] = []
    var body: Body = .empty

    init(_ status: HTTPResponseStatus, headers: [(String, String)] = [], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ status: HTTPResponseStatus, _ bytes: [UInt8], headers: [(String, String)] = []) -> RegistryResponse {
        RegistryResponse(status, headers: [("Content-Type", "application/json")] + headers, body: .bytes(bytes))
    }

    static func error(_ error: RegistryError) -> RegistryResponse {
        .json(HTTPResponseStatus(statusCode: error.status), error.body,
              headers: error.challenge.map { [("WWW-Authenticate", $0)] } ?? [])
    }
}
