import LinuxSupport

/// One API call: method, path below the version prefix, query and body.
public struct EngineRequest: Sendable {
    public enum Body: Sendable {
        case none
        case bytes([UInt8], contentType: String)
        /// Sent with chunked transfer encoding, read from the descriptor until
        /// end of file (a tar for load/import).
        case stream(fd: Int32, contentType: String)
    }

    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: Body
    /// False for the few unversioned calls (`/_ping`).
    public var versioned: Bool

    public init(_ method: String, _ path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
                body: Body = .none, versioned: Bool = true) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.versioned = versioned
    }
}

/// URL encoding as Go's net/url does it, which is what the daemon was written against.
public enum URLEncoding {
    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8))
    static let pathAllowed: Set<UInt8> = unreserved.union(Array("/:@!$&'()*+,;=".utf8))
    static let hex = Array("0123456789ABCDEF".utf8)

    /// `url.QueryEscape`: space as `+`, everything but unreserved bytes as %XX.
    public static func queryEscape(_ s: String) -> String { PercentEncoding.escapeQuery(s) }

    public static func pathEscape(_ s: String) -> String {
        var out: [UInt8] = []
        for byte in s.utf8 {
            if pathAllowed.contains(byte) { out.append(byte) }
            else { out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `url.Values.Encode`: keys sorted, values of one key in the order given.
    public static func query(_ pairs: [(String, String)]) -> String {
        let order = pairs.enumerated().sorted {
            $0.element.0 == $1.element.0 ? $0.offset < $1.offset : $0.element.0.utf8.lexicographicallyPrecedes($1.element.0.utf8)
        }
        return order.map { queryEscape($0.element.0) + "=" + queryEscape($0.element.1) }.joined(separator: "&")
    }
}
