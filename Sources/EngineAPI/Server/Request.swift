import LinuxSupport
import NIOCore
import NIOHTTP1

/// One API request: method, path without the version prefix, the negotiated
/// version, the decoded query and the streaming body.
final class Request {
    let head: HTTPRequestHead
    let body: RequestBody
    /// The path after any `/v1.xx` prefix, percent-decoded.
    private(set) var path: String = "/"
    /// The version the client asked for, or the current one for unversioned paths.
    private(set) var version: APIVersion = .current
    let query: QueryParameters
    /// The route's one path parameter (an image or container name).
    var parameter: String = ""

    /// The connection, for routes that hijack it (attach, exec start).
    let connection: ConnectionReader

    init(head: HTTPRequestHead, body: RequestBody, connection: ConnectionReader) {
        self.head = head
        self.body = body
        self.connection = connection
        let uri = head.uri
        let questionMark = uri.firstIndex(of: "?")
        let rawPath = questionMark.map { String(uri[..<$0]) } ?? uri
        query = QueryParameters(questionMark.map { String(uri[uri.index(after: $0)...]) } ?? "")
        let decoded = PercentEncoding.decode(rawPath, plusIsSpace: false)
        (version, path) = APIVersion.split(decoded)
    }

    var method: HTTPMethod { head.method }
    func header(_ name: String) -> String? { head.headers.first(name: name) }
}
