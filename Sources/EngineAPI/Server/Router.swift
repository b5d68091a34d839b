import NIOHTTP1
import OCI

typealias RouteHandler = @Sendable (Request, ResponseWriter) async throws -> Void

/// Matches a method and a version-less path to a handler. A pattern holds at
/// most one parameter, `{name}`, which may contain slashes: image names such as
/// `localhost:5000/a/b:tag` appear raw in paths, so a parameter runs greedily
/// up to the pattern's literal suffix.
public struct Router: Sendable {
    private struct Route: Sendable {
        let method: HTTPMethod
        let prefix: String
        let suffix: String
        let hasParameter: Bool
        let handler: RouteHandler

        func match(_ path: String) -> String? {
            guard hasParameter else { return path == prefix ? "" : nil }
            guard path.utf8.count > prefix.utf8.count + suffix.utf8.count, path.hasPrefix(prefix), path.hasSuffix(suffix) else { return nil }
            let utf8 = path.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: prefix.utf8.count)
            let end = utf8.index(utf8.endIndex, offsetBy: -suffix.utf8.count)
            return String(path[start..<end])
        }
    }

    /// In matching order (see `add`).
    private var routes: [Route] = []

    public init() {}

    /// Kept in matching order as routes are added, rather than sorted for
    /// every request: literal routes win over parameter routes; among
    /// parameter routes the longest suffix wins (`/images/{name}/json`
    /// before `/images/{name}`), then the first added.
    mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping RouteHandler) {
        let route: Route
        if let open = pattern.firstIndex(of: "{"), let close = pattern.firstIndex(of: "}") {
            route = Route(method: method, prefix: String(pattern[..<open]),
                          suffix: String(pattern[pattern.index(after: close)...]), hasParameter: true, handler: handler)
        } else {
            route = Route(method: method, prefix: pattern, suffix: "", hasParameter: false, handler: handler)
        }
        func precedes(_ a: Route, _ b: Route) -> Bool {
            if a.hasParameter != b.hasParameter { return !a.hasParameter }
            return a.hasParameter && a.suffix.utf8.count > b.suffix.utf8.count
        }
        let position = routes.firstIndex { precedes(route, $0) } ?? routes.endIndex
        routes.insert(route, at: position)
    }

    func handle(_ request: Request, _ response: ResponseWriter) async {
        do {
            if let message = request.version.unsupportedMessage { throw APIError.badRequest(message) }
            // HEAD is answered by the GET route (the ping is the one HEAD clients send).
            let method = request.method == .HEAD ? HTTPMethod.GET : request.method
            var pathMatched = false
            var found: (Route, String)? = nil
            for route in routes {
                guard let parameter = route.match(request.path) else { continue }
                pathMatched = true
                if route.method == method {
                    found = (route, parameter)
                    break
                }
            }
            guard let (route, parameter) = found else {
                if !pathMatched { throw APIError.notFound("page not found") }
                throw APIError(status: .methodNotAllowed, message: "method \(request.method) not allowed for \(request.path)")
            }
            request.parameter = parameter
            try await route.handler(request, response)
        } catch {
            let apiError = APIError(error)
            if response.headSent {
                // Too late for a status code: the stream carries it in-band if it can.
                return
            }
            try? await response.send(status: apiError.status, contentType: "application/json", body: APIError.errorBody(apiError.message))
        }
    }
}
