/// A response whose body is read as it arrives: whole (JSON answers), in
/// pieces (save's tar, JSON message streams), framed by Content-Length,
/// chunked transfer encoding, or the end of the connection.
public final class HTTPResponse {
    public let status: Int
    public let reason: String
    public let headers: [(String, String)]

    private let connection: HTTPConnection
    private enum Framing { case none, length(Int), chunked, untilClose }
    private var framing: Framing
    private var remainingInChunk = 0
    private var finished = false

    init(connection: HTTPConnection, isHead: Bool) throws(EngineError) {
        self.connection = connection
        var statusLine = try connection.readLine()
        // Skip interim 1xx answers (100 Continue), which carry no body.
        var parsed = try Self.parseStatusLine(statusLine)
        var headers: [(String, String)] = []
        while true {
            headers = try Self.readHeaders(connection)
            guard parsed.status >= 100 && parsed.status < 200 && parsed.status != 101 else { break }
            statusLine = try connection.readLine()
            parsed = try Self.parseStatusLine(statusLine)
        }
        status = parsed.status
        reason = parsed.reason
        self.headers = headers

        let transferEncoding = headers.first { $0.0.lowercased() == "transfer-encoding" }?.1.lowercased()
        let contentLength = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1.trimmingSpaces) }
        if isHead || status == 204 || status == 304 || (status >= 100 && status < 200) {
            framing = .none
        } else if let transferEncoding, transferEncoding.contains("chunked") {
            framing = .chunked
        } else if let contentLength {
            framing = .length(contentLength)
        } else {
            framing = .untilClose
        }
        if case .none = framing { finished = true }
        if case .length(0) = framing { finished = true }
    }

    static func parseStatusLine(_ line: String) throws(EngineError) -> (status: Int, reason: String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw .protocolViolation("malformed status line \"\(line)\"")
        }
        return (status, parts.count > 2 ? String(parts[2]) : "")
    }

    static func readHeaders(_ connection: HTTPConnection) throws(EngineError) -> [(String, String)] {
        var headers: [(String, String)] = []
        while true {
            let line = try connection.readLine()
            if line.isEmpty { return headers }
            guard let colon = line.firstIndex(of: ":") else { throw .protocolViolation("malformed header \"\(line)\"") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces))
            guard headers.count < 1000 else { throw .protocolViolation("too many headers") }
        }
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    /// The next piece of the body, or nil once it has all been read.
    public func readChunk(max: Int = 65536) throws(EngineError) -> [UInt8]? {
        guard !finished else { return nil }
        switch framing {
        case .none:
            finished = true
            return nil
        case .length(let remaining):
            let chunk = try connection.readSome(max: min(max, remaining))
            guard !chunk.isEmpty else { throw .protocolViolation("connection closed before the response was complete") }
            framing = .length(remaining - chunk.count)
            if remaining - chunk.count == 0 { finished = true }
            return chunk
        case .untilClose:
            let chunk = try connection.readSome(max: max)
            if chunk.isEmpty { finished = true; return nil }
            return chunk
        case .chunked:
            if remainingInChunk == 0 {
                let sizeLine = try connection.readLine()
                let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else {
                    throw .protocolViolation("malformed chunk size \"\(sizeLine)\"")
                }
                if size == 0 {
                    // Trailers, then the blank line.
                    while !(try connection.readLine()).isEmpty {}
                    finished = true
                    return nil
                }
                remainingInChunk = size
            }
            let chunk = try connection.readSome(max: min(max, remainingInChunk))
            guard !chunk.isEmpty else { throw .protocolViolation("connection closed inside a chunk") }
            remainingInChunk -= chunk.count
            if remainingInChunk == 0 {
                guard try connection.readLine().isEmpty else { throw .protocolViolation("missing CRLF after a chunk") }
            }
            return chunk
        }
    }

    /// The socket, for poll(2): readable when more of the body has arrived.
    public var fileDescriptor: Int32 { connection.fd }

    /// Whether reading the body would return at once.
    public var hasBodyInput: Bool { finished || connection.hasInput() }

    /// The connection, for a stream that continues after a `101` answer.
    func handOverConnection() -> (fd: Int32, pending: [UInt8]) {
        finished = true
        return connection.handOver()
    }

    public func readAll() throws(EngineError) -> [UInt8] {
        var body: [UInt8] = []
        while let chunk = try readChunk() { body += chunk }
        return body
    }
}
