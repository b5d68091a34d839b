import LinuxSupport
import OCI

/// The Engine API client: negotiates the API version once, then sends requests
/// to `/v{version}/…`, each on its own connection (the CLI is single-shot).
public final class EngineClient {
    /// The newest API version the CLI speaks (Docker 28's).
    public static let maxAPIVersion = "1.50"
    /// What a daemon that does not say is assumed to speak.
    public static let fallbackAPIVersion = "1.24"

    public let host: EngineHost
    public let userAgent: String
    private var negotiatedVersion: String?
    /// The daemon's own `Api-Version`, before capping at ours.
    public private(set) var serverAPIVersion: String?

    public init(host: EngineHost, userAgent: String = "Berth-Client (linux)") {
        self.host = host
        self.userAgent = userAgent
    }

    /// The version in use: `min(ours, the daemon's)`, pinging the daemon once.
    public func apiVersion() throws(EngineError) -> String {
        if let negotiatedVersion { return negotiatedVersion }
        let server = try ping()
        serverAPIVersion = server
        let version = server.map { Self.compareVersions($0, Self.maxAPIVersion) < 0 ? $0 : Self.maxAPIVersion } ?? Self.fallbackAPIVersion
        negotiatedVersion = version
        return version
    }

    /// `HEAD /_ping`, then `GET /_ping` if HEAD is not understood; the `Api-Version` header.
    func ping() throws(EngineError) -> String? {
        let head = try perform(EngineRequest("HEAD", "/_ping", versioned: false), version: nil)
        if head.status >= 200 && head.status < 300 || head.status == 500, let version = head.header("Api-Version") {
            return version
        }
        let get = try perform(EngineRequest("GET", "/_ping", versioned: false), version: nil)
        _ = try? get.readAll()
        return get.header("Api-Version")
    }

    /// Sends a request; a status of 400 or more becomes `EngineError.daemon`.
    public func send(_ request: EngineRequest) throws(EngineError) -> HTTPResponse {
        let version = request.versioned ? try apiVersion() : nil
        let response = try perform(request, version: version)
        guard response.status < 400 else {
            let body = (try? response.readAll()) ?? []
            throw .daemon(status: response.status, message: Self.errorMessage(status: response.status, reason: response.reason,
                                                                              body: body, path: request.path))
        }
        return response
    }

    /// Sends a request and returns the whole body.
    public func call(_ request: EngineRequest) throws(EngineError) -> [UInt8] {
        try send(request).readAll()
    }

    /// Sends a request and decodes the JSON body.
    public func decode<T: Decodable>(_ type: T.Type, _ request: EngineRequest) throws(EngineError) -> T {
        let body = try call(request)
        do { return try JSON.decode(type, from: body) } catch {
            throw .protocolViolation("cannot decode the answer to \(request.method) \(request.path): \(error)")
        }
    }

    /// Sends a request that turns the connection into a raw stream (attach,
    /// exec start): `Connection: Upgrade`, `Upgrade: tcp`, and `101` back.
    public func hijack(_ request: EngineRequest) throws(EngineError) -> HijackedStream {
        var request = request
        request.headers += [("Connection", "Upgrade"), ("Upgrade", "tcp")]
        let response = try perform(request, version: request.versioned ? try apiVersion() : nil)
        guard response.status == 101 else {
            _ = try? response.readAll()
            throw .upgradeRefused(status: response.status)
        }
        let (fd, pending) = response.handOverConnection()
        return HijackedStream(fd: fd, pending: pending)
    }

    /// `{"message": …}`, else the body's text, else Docker's wording for an empty answer.
    static func errorMessage(status: Int, reason: String, body: [UInt8], path: String) -> String {
        struct Message: Decodable { var message: String? }
        if let decoded = try? JSON.decode(Message.self, from: body), let message = decoded.message {
            return message
        }
        let text = String(decoding: body, as: UTF8.self).trimmingSpaces
        if !text.isEmpty { return text }
        return "request returned \(status) \(reason) for API route and version \(path), check if the server supports the requested API version"
    }

    private func perform(_ request: EngineRequest, version: String?) throws(EngineError) -> HTTPResponse {
        let connection = try HTTPConnection(host: host)
        var target = (version.map { "/v" + $0 } ?? "") + URLEncoding.pathEscape(request.path)
        if !request.query.isEmpty { target += "?" + URLEncoding.query(request.query) }

        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: api.moby.localhost\r\nUser-Agent: \(userAgent)\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        var sendError: EngineError? = nil
        switch request.body {
        case .none:
            if request.method == "POST" || request.method == "PUT" { head += "Content-Length: 0\r\n" }
            head += "\r\n"
            try connection.write(Array(head.utf8))
        case .bytes(let bytes, let contentType):
            head += "Content-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n\r\n"
            try connection.write(Array(head.utf8) + bytes)
        case .stream(let fd, let contentType):
            head += "Content-Type: \(contentType)\r\nTransfer-Encoding: chunked\r\n\r\n"
            try connection.write(Array(head.utf8))
            do { try Self.sendChunked(from: fd, over: connection) } catch {
                // The daemon may have answered early (a bad parameter) and closed
                // its side; its answer explains more than our broken pipe does.
                sendError = error
            }
        }
        do {
            return try HTTPResponse(connection: connection, isHead: request.method == "HEAD")
        } catch {
            throw sendError ?? error
        }
    }

    private static func sendChunked(from fd: Int32, over connection: HTTPConnection) throws(EngineError) {
        while true {
            let data: [UInt8]
            do { data = try FD.read(fd, max: 1 << 16) } catch { throw .io("read the request body: \(error)") }
            try connection.absorbPendingInput()
            if data.isEmpty {
                try connection.write(Array("0\r\n\r\n".utf8))
                return
            }
            try connection.write(Array((String(data.count, radix: 16) + "\r\n").utf8) + data + [0x0D, 0x0A])
        }
    }

    /// Compares dotted versions numerically: "1.9" < "1.41" < "1.50".
    public static func compareVersions(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0, r = i < y.count ? y[i] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }
}
