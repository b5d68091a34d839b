import NIOCore
import NIOHTTP1

/// Writes one response: either a whole body at once, or a head followed by a
/// stream of chunks (JSON progress streams, tar downloads). Headers every
/// Engine API response carries are added here.
final class ResponseWriter {
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    private let keepAlive: Bool
    private(set) var headSent = false
    private var ended = false
    /// Set when the response had no length and no chunking (HTTP/1.0 style).
    private(set) var closesConnection = false

    init(_ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, keepAlive: Bool) {
        self.outbound = outbound
        self.keepAlive = keepAlive
    }

    static func standardHeaders() -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Api-Version", value: APIVersion.current.description)
        headers.add(name: "Ostype", value: "linux")
        headers.add(name: "Server", value: "Berth/\(BerthVersion.version) (linux)")
        headers.add(name: "Docker-Experimental", value: "false")
        return headers
    }

    /// Sends the head of a streamed response; the body follows with `write`.
    func startStream(status: HTTPResponseStatus = .ok, contentType: String, extraHeaders: [(String, String)] = []) async throws {
        var headers = Self.standardHeaders()
        headers.add(name: "Content-Type", value: contentType)
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        try await sendHead(status, headers)
    }

    func write(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0 else { return }
        try await outbound.write(.body(.byteBuffer(buffer)))
    }

    func write(_ bytes: [UInt8]) async throws {
        try await write(ByteBuffer(bytes: bytes))
    }

    /// A complete response with a body of known length.
    func send(status: HTTPResponseStatus, contentType: String? = nil, body: [UInt8] = [], extraHeaders: [(String, String)] = []) async throws {
        var headers = Self.standardHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        headers.add(name: "Content-Length", value: String(body.count))
        try await sendHead(status, headers)
        if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        try await finish()
    }

    private func sendHead(_ status: HTTPResponseStatus, _ headers: HTTPHeaders) async throws {
        precondition(!headSent, "response head sent twice")
        var headers = headers
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        headSent = true
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
    }

    /// Ends the response (idempotent). A handler that sent nothing gets a 500.
    func finish() async throws {
        guard !ended else { return }
        if !headSent {
            try await send(status: .internalServerError, contentType: "application/json",
                           body: APIError.errorBody("the handler sent no response"))
            return
        }
        ended = true
        try await outbound.write(.end(nil))
    }
}
