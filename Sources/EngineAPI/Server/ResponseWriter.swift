import NIOCore
import NIOHTTP1

/// Writes one response: a whole body at once, a head followed by a chunked
/// stream (JSON progress streams, logs, tar downloads), or a 101 that hands
/// the connection over as a raw stream (attach, exec). Headers every Engine
/// API response carries are added here.
final class ResponseWriter: @unchecked Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let keepAlive: Bool
    /// A HEAD request gets the head only.
    private let headOnly: Bool
    private(set) var headSent = false
    private var ended = false
    private var chunked = false
    /// The connection is no longer HTTP after this response.
    private(set) var closesConnection = false

    init(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, keepAlive: Bool, headOnly: Bool) {
        self.outbound = outbound
        self.keepAlive = keepAlive
        self.headOnly = headOnly
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
    /// The head goes out at once: `wait` relies on that.
    func startStream(status: HTTPResponseStatus = .ok, contentType: String, extraHeaders: [(String, String)] = []) async throws {
        var headers = Self.standardHeaders()
        headers.add(name: "Content-Type", value: contentType)
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        chunked = !headOnly
        if chunked { headers.add(name: "Transfer-Encoding", value: "chunked") }
        try await sendHead(status, headers)
    }

    func write(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0, !headOnly else { return }
        if chunked {
            var framed = ByteBuffer()
            framed.reserveCapacity(buffer.readableBytes + 16)
            framed.writeString(String(buffer.readableBytes, radix: 16) + "\r\n")
            var body = buffer
            framed.writeBuffer(&body)
            framed.writeString("\r\n")
            try await outbound.write(framed)
        } else {
            try await outbound.write(buffer)
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        try await write(ByteBuffer(bytes: bytes))
    }

    /// A complete response with a body of known length.
    func send(status: HTTPResponseStatus, contentType: String? = nil, body: [UInt8] = [], extraHeaders: [(String, String)] = []) async throws {
        var headers = Self.standardHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        let bodyAllowed = status != .noContent && status != .notModified && status.code >= 200
        if bodyAllowed { headers.add(name: "Content-Length", value: String(body.count)) }
        try await sendHead(status, headers)
        if !body.isEmpty && bodyAllowed && !headOnly { try await outbound.write(ByteBuffer(bytes: body)) }
        ended = true
    }

    /// Answers a hijack: `101 UPGRADED` (or, for a client that did not ask to
    /// upgrade, a 200 with no length), after which the connection carries the
    /// raw stream in both directions until one side closes it.
    func upgrade(contentType: String, requested: Bool) async throws {
        var headers = Self.standardHeaders()
        headers.add(name: "Content-Type", value: contentType)
        if requested {
            headers.add(name: "Connection", value: "Upgrade")
            headers.add(name: "Upgrade", value: "tcp")
        }
        closesConnection = true
        ended = true
        try await sendHead(requested ? HTTPResponseStatus(statusCode: 101, reasonPhrase: "UPGRADED") : .ok, headers, closing: false)
    }

    /// Raw bytes on a hijacked connection.
    func writeRaw(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0 else { return }
        try await outbound.write(buffer)
    }

    private func sendHead(_ status: HTTPResponseStatus, _ headers: HTTPHeaders, closing: Bool = true) async throws {
        precondition(!headSent, "response head sent twice")
        var headers = headers
        if !keepAlive && closing { headers.replaceOrAdd(name: "Connection", value: "close") }
        headSent = true
        var text = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        try await outbound.write(ByteBuffer(string: text))
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
        if chunked { try await outbound.write(ByteBuffer(string: "0\r\n\r\n")) }
    }
}
