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
            guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count else { return nil }
            return String(path.dropFirst(prefix.count).dropLast(suffix.count))
        }
    }

    private var routes: [Route] = []

    public init() {}

    mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping RouteHandler) {
        if let open = pattern.firstIndex(of: "{"), let close = pattern.firstIndex(of: "}") {
            routes.append(Route(method: method, prefix: String(pattern[..<open]),
                                suffix: String(pattern[pattern.index(after: close)...]), hasParameter: true, handler: handler))
        } else {
            routes.append(Route(method: method, prefix: pattern, suffix: "", hasParameter: false, handler: handler))
        }
    }

    /// Literal routes win over parameter routes; among parameter routes the
    /// longest suffix wins (`/images/{name}/json` before `/images/{name}`).
    private var ordered: [Route] {
        routes.filter { !$0.hasParameter } + routes.filter(\.hasParameter).sorted { $0.suffix.count > $1.suffix.count }
    }

    func handle(_ request: Request, _ response: ResponseWriter) async {
        do {
            if let message = request.version.unsupportedMessage { throw APIError.badRequest(message) }
            let candidates = ordered.compactMap { route in route.match(request.path).map { (route, $0) } }
            // HEAD is answered by the GET route (the ping is the one HEAD clients send).
            let method = request.method == .HEAD ? HTTPMethod.GET : request.method
            guard let (route, parameter) = candidates.first(where: { $0.0.method == method }) else {
                if candidates.isEmpty { throw APIError.notFound("page not found") }
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
