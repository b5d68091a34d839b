import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Requests to one repository on one endpoint, with the credentials the
/// registry asked for. Opening a session pings `/v2/` unauthenticated to
/// learn the challenge (none, Basic or Bearer), as Docker's client does;
/// every request then carries the matching `Authorization`, and a 401 gets
/// one retry with a fresh token for the scope the registry named.
final class RegistrySession: Sendable {
    let endpoint: RegistryEndpoint
    let repository: String
    private let http: RegistryHTTP
    private let tokens: TokenClient
    private let credentials: RegistryCredentials
    private let scopes: [String]
    private let challenge: AuthChallenge?
    private let authorization = Mutex<String?>(nil)

    private init(endpoint: RegistryEndpoint, repository: String, http: RegistryHTTP, tokens: TokenClient,
                 credentials: RegistryCredentials, scopes: [String], challenge: AuthChallenge?) {
        self.endpoint = endpoint
        self.repository = repository
        self.http = http
        self.tokens = tokens
        self.credentials = credentials
        self.scopes = scopes
        self.challenge = challenge
    }

    /// `actions` are "pull" and/or "push"; `extraScopes` adds e.g. the pull
    /// scope of a repository to mount from.
    static func open(endpoint: RegistryEndpoint, repository: String, actions: [String], extraScopes: [String] = [],
                     credentials: RegistryCredentials, http: RegistryHTTP, tokens: TokenClient) async throws(RegistryClientError) -> RegistrySession {
        let challenge = try await ping(endpoint, http: http)
        let scopes = (repository.isEmpty ? [] : ["repository:\(repository):\(actions.joined(separator: ","))"]) + extraScopes
        let session = RegistrySession(endpoint: endpoint, repository: repository, http: http, tokens: tokens,
                                      credentials: credentials, scopes: scopes, challenge: challenge)
        try await session.authorize(fresh: false, scopes: scopes)
        return session
    }

    /// `GET /v2/`: 200 means no authentication, 401 carries the challenge.
    static func ping(_ endpoint: RegistryEndpoint, http: RegistryHTTP) async throws(RegistryClientError) -> AuthChallenge? {
        let url = endpoint.baseURL + "/v2/"
        let response = try await http.execute(HTTPClientRequest(url: url), verifyTLS: endpoint.verifiesTLS)
        await RegistryBody.discard(response, url: url)
        switch response.status.code {
        case 200..<300:
            return nil
        case 401:
            let challenges = AuthChallenge.parse(response.headers["WWW-Authenticate"])
            return challenges.first { $0.scheme == "bearer" } ?? challenges.first { $0.scheme == "basic" }
        default:
            // A plain HTTP server on a port we tried HTTPS on answers 400; treat
            // it, and anything that is not a v2 registry, as unreachable here.
            throw RegistryClientError(.unreachable, "Get \"\(url)\": received unexpected HTTP status: \(response.status.code) \(response.status.reasonPhrase)",
                                      transient: response.status.code >= 500)
        }
    }

    private func authorize(fresh: Bool, scopes: [String]) async throws(RegistryClientError) {
        if let token = credentials.registryToken {
            authorization.withLock { $0 = "Bearer " + token }
            return
        }
        guard let challenge else { return }
        switch challenge.scheme {
        case "bearer":
            guard let realm = challenge.parameters["realm"] else {
                throw RegistryClientError(.protocolError, "the registry's Bearer challenge has no realm")
            }
            let token = try await tokens.token(realm: realm, service: challenge.parameters["service"], scopes: scopes,
                                               credentials: credentials, verifyTLS: endpoint.verifiesTLS, fresh: fresh)
            authorization.withLock { $0 = "Bearer " + token }
        case "basic":
            let header = credentials.basicHeader
            authorization.withLock { $0 = header }
        default:
            break
        }
    }

    /// Sends a request with our credentials. A 401 is answered once: with a
    /// new token (for the scope the registry named, if any), then the
    /// request is repeated; a body that is a stream cannot be repeated, so
    /// those callers get the 401 back.
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: HTTPClientRequest.Body? = nil,
              repeatable: Bool = true) async throws(RegistryClientError) -> HTTPClientResponse {
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let header = authorization.withLock({ $0 }) { request.headers.replaceOrAdd(name: "Authorization", value: header) }
            request.body = body
            let response = try await http.execute(request, verifyTLS: endpoint.verifiesTLS)
            guard response.status.code == 401, attempt == 0, repeatable, challenge?.scheme == "bearer" else {
                if response.status.code == 401 { try await unauthorized(response, method: method, url: url) }
                return response
            }
            attempt += 1
            await RegistryBody.discard(response, url: url)
            var retryScopes = scopes
            if let again = AuthChallenge.parse(response.headers["WWW-Authenticate"]).first(where: { $0.scheme == "bearer" }),
               let scope = again.parameters["scope"] {
                retryScopes = Array(Set(scopes + scope.split(separator: " ").map(String.init))).sorted()
            }
            try await authorize(fresh: true, scopes: retryScopes)
        }
    }

    /// Turns a final 401 into Docker's wording.
    private func unauthorized(_ response: HTTPClientResponse, method: HTTPMethod, url: String) async throws(RegistryClientError) -> Never {
        let body = (try? await RegistryBody.collect(response, limit: 1 << 16, url: url)) ?? []
        if challenge?.scheme == "basic", !credentials.hasBasic {
            throw RegistryClientError(.unauthorized, "\(method.goName) \"\(url)\": no basic auth credentials")
        }
        throw RegistryClientError(.unauthorized, RegistryErrorBody.describe(status: 401, body: body))
    }
}
