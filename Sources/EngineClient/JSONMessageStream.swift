import OCI

/// One message of a progress stream (pull, push, load, import, build).
public struct JSONMessage: Decodable, Sendable {
    public struct Progress: Decodable, Sendable {
        public var current: Int64?
        public var total: Int64?
        public var start: Int64?
        public var hidecounts: Bool?
        public var units: String?
    }
    public struct ErrorDetail: Decodable, Sendable {
        public var code: Int?
        public var message: String?
    }

    public var stream: String?
    public var status: String?
    public var progressDetail: Progress?
    /// Pre-rendered progress bar (deprecated by the API, still sent).
    public var progress: String?
    public var id: String?
    public var from: String?
    public var time: Int64?
    public var timeNano: Int64?
    public var errorDetail: ErrorDetail?
    public var error: String?
    public var aux: JSONValue?
}

/// Splits a response body into its JSON values, however the daemon chunked
/// them (one per chunk, several per chunk, or one split across chunks), the
/// way Go's streaming json.Decoder reads them.
public final class JSONMessageStream {
    private let response: HTTPResponse
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var valueStart: Int? = nil

    public init(_ response: HTTPResponse) {
        self.response = response
    }

    /// The raw bytes of the next JSON value, or nil at the end of the stream.
    public func nextRaw() throws(EngineError) -> [UInt8]? {
        while true {
            if let value = scanForValue() { return value }
            guard let chunk = try response.readChunk() else {
                let rest = buffer[scanned...].filter { !Self.isSpace($0) }
                if valueStart != nil || !rest.isEmpty { throw .protocolViolation("the message stream ended inside a message") }
                return nil
            }
            if let start = valueStart, start > 0 {
                buffer.removeFirst(start)
                scanned -= start
                valueStart = 0
            } else if valueStart == nil {
                buffer.removeAll(keepingCapacity: true)
                scanned = 0
            }
            buffer += chunk
        }
    }

    /// The next message, decoded; nil at the end.
    public func next() throws(EngineError) -> JSONMessage? {
        guard let raw = try nextRaw() else { return nil }
        do { return try JSON.decode(JSONMessage.self, from: raw) } catch {
            throw .protocolViolation("malformed stream message \(String(decoding: raw, as: UTF8.self))")
        }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    private func scanForValue() -> [UInt8]? {
        while scanned < buffer.count {
            let c = buffer[scanned]
            scanned += 1
            if valueStart == nil {
                if Self.isSpace(c) { continue }
                valueStart = scanned - 1
                depth = 0
            }
            if inString {
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                if !inString && depth == 0 { return takeValue() }
                continue
            }
            switch c {
            case 0x22: inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return takeValue() }
            default:
                // A bare scalar at the top level ends at whitespace or a bracket.
                if depth == 0 {
                    if scanned < buffer.count {
                        let next = buffer[scanned]
                        if Self.isSpace(next) || next == UInt8(ascii: "{") || next == UInt8(ascii: "[") { return takeValue() }
                    }
                }
            }
        }
        return nil
    }

    private func takeValue() -> [UInt8] {
        let value = Array(buffer[valueStart!..<scanned])
        valueStart = nil
        return value
    }
}
