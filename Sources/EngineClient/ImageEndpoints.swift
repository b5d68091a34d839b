/// Typed calls for the image endpoints and the system ones the CLI uses. Each
/// returns the decoded answer; inspect also returns the daemon's bytes, which
/// `inspect` prints re-indented exactly as Docker's CLI does.
import OCI

extension EngineClient {
    /// `filters` as the CLI sends it: `{"key":{"value":true}}`, keys sorted.
    public static func filtersJSON(_ filters: [(String, String)]) -> String? {
        guard !filters.isEmpty else { return nil }
        var keys: [String] = []
        var values: [String: [String]] = [:]
        for (key, value) in filters {
            if values[key] == nil { keys.append(key); values[key] = [] }
            if !values[key]!.contains(value) { values[key]!.append(value) }
        }
        func quote(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "<": out += "\\u003c"
                case ">": out += "\\u003e"
                case "&": out += "\\u0026"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let body = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { key in
            quote(key) + ":{" + values[key]!.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { quote($0) + ":true" }.joined(separator: ",") + "}"
        }.joined(separator: ",")
        return "{" + body + "}"
    }

    public func listImages(all: Bool = false, digests: Bool = false, filters: [(String, String)] = []) throws(EngineError) -> [ImageSummary] {
        var query: [(String, String)] = []
        if all { query.append(("all", "1")) }
        if digests { query.append(("digests", "1")) }
        if let json = Self.filtersJSON(filters) { query.append(("filters", json)) }
        return try decode([ImageSummary].self, EngineRequest("GET", "/images/json", query: query))
    }

    /// The image's JSON as the daemon sent it.
    public func inspectImageRaw(_ name: String) throws(EngineError) -> [UInt8] {
        try call(EngineRequest("GET", "/images/\(name)/json"))
    }

    public func imageHistory(_ name: String) throws(EngineError) -> [ImageHistoryItem] {
        try decode([ImageHistoryItem].self, EngineRequest("GET", "/images/\(name)/history"))
    }

    /// `POST /images/{source}/tag?repo=&tag=`: `repository` fully qualified.
    public func tagImage(_ source: String, repository: String, tag: String?) throws(EngineError) {
        var query = [("repo", repository)]
        if let tag { query.append(("tag", tag)) }
        _ = try call(EngineRequest("POST", "/images/\(source)/tag", query: query))
    }

    public func removeImage(_ name: String, force: Bool = false, noPrune: Bool = false) throws(EngineError) -> [ImageDeleteItem] {
        var query: [(String, String)] = []
        if force { query.append(("force", "1")) }
        if noPrune { query.append(("noprune", "1")) }
        return try decode([ImageDeleteItem].self, EngineRequest("DELETE", "/images/\(name)", query: query))
    }

    /// `GET /images/get?names=…`: the tar arrives as the response body.
    public func saveImages(_ names: [String]) throws(EngineError) -> HTTPResponse {
        try send(EngineRequest("GET", "/images/get", query: names.map { ("names", $0) }))
    }

    /// `POST /images/load`: the tar is read from `fd` and sent chunked.
    public func loadImages(from fd: Int32, quiet: Bool) throws(EngineError) -> HTTPResponse {
        var query: [(String, String)] = []
        if quiet { query.append(("quiet", "1")) }
        return try send(EngineRequest("POST", "/images/load", query: query, body: .stream(fd: fd, contentType: "application/x-tar")))
    }

    /// `POST /images/create?fromSrc=-`: a filesystem tar read from `fd` becomes an image.
    public func importImage(from fd: Int32?, source: String = "-", repository: String?, message: String?, changes: [String],
                            platform: String? = nil) throws(EngineError) -> HTTPResponse {
        var query: [(String, String)] = [("fromSrc", source)]
        if let repository, !repository.isEmpty { query.append(("repo", repository)) }
        if let message, !message.isEmpty { query.append(("message", message)) }
        if let platform, !platform.isEmpty { query.append(("platform", platform.lowercased())) }
        for change in changes { query.append(("changes", change)) }
        let body: EngineRequest.Body = fd.map { .stream(fd: $0, contentType: "text/plain") } ?? .none
        return try send(EngineRequest("POST", "/images/create", query: query, body: body))
    }

    public func pruneImages(filters: [(String, String)]) throws(EngineError) -> ImagesPruneReport {
        var query: [(String, String)] = []
        if let json = Self.filtersJSON(filters) { query.append(("filters", json)) }
        return try decode(ImagesPruneReport.self, EngineRequest("POST", "/images/prune", query: query))
    }

    /// `GET /version`: the decoded answer and its bytes.
    public func version() throws(EngineError) -> (VersionInfo, [UInt8]) {
        let body = try call(EngineRequest("GET", "/version"))
        return (try decodeBody(VersionInfo.self, body, "/version"), body)
    }

    /// `GET /info`: the decoded answer and its bytes.
    public func info() throws(EngineError) -> (SystemInfo, [UInt8]) {
        let body = try call(EngineRequest("GET", "/info"))
        return (try decodeBody(SystemInfo.self, body, "/info"), body)
    }

    /// `GET /system/df`: the decoded answer and its bytes.
    public func diskUsage() throws(EngineError) -> (DiskUsage, [UInt8]) {
        let body = try call(EngineRequest("GET", "/system/df"))
        return (try decodeBody(DiskUsage.self, body, "/system/df"), body)
    }

    func decodeBody<T: Decodable>(_ type: T.Type, _ body: [UInt8], _ path: String) throws(EngineError) -> T {
        do { return try JSON.decode(type, from: body) } catch {
            throw .protocolViolation("cannot decode the answer to \(path): \(error)")
        }
    }
}
