import AsyncHTTPClient

/// `POST /auth`: checks credentials against a registry without touching a
/// repository. The registry's `/v2/` says how it wants to be asked: not at
/// all (any credentials pass), Basic (the ping is repeated with them) or
/// Bearer (a token is requested with them). Mirrors are never used.
public struct LoginProbe: Sendable {
    let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// The registry domain a login's server address names: Docker Hub's
    /// `https://index.docker.io/v1/` (or nothing) is `docker.io`.
    public static func domain(ofServer server: String?) -> String {
        guard var name = server, !name.isEmpty else { return "docker.io" }
        for prefix in ["https://", "http://"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        name = String(name.prefix { $0 != "/" })
        if ["index.docker.io", "docker.io", "registry-1.docker.io"].contains(name) { return "docker.io" }
        return name
    }

    public func login(_ credentials: RegistryCredentials) async throws(RegistryClientError) {
        let domain = Self.domain(ofServer: credentials.serverAddress)
        let endpoints = client.resolver.endpoints(for: domain, forPush: true)
        var lastError: RegistryClientError?
        for (index, endpoint) in endpoints.enumerated() {
            do {
                try await probe(endpoint, credentials: credentials)
                return
            } catch where error.kind == .unreachable && index < endpoints.count - 1 {
                lastError = error
            }
        }
        throw lastError ?? RegistryClientError(.unreachable, "no endpoint for \(domain)")
    }

    private func probe(_ endpoint: RegistryEndpoint, credentials: RegistryCredentials) async throws(RegistryClientError) {
        guard let challenge = try await RegistrySession.ping(endpoint, http: client.http) else { return }
        let url = endpoint.baseURL + "/v2/"
        switch challenge.scheme {
        case "basic":
            var request = HTTPClientRequest(url: url)
            if let header = credentials.basicHeader { request.headers.add(name: "Authorization", value: header) }
            let response = try await client.http.execute(request, verifyTLS: endpoint.verifiesTLS)
            await RegistryBody.discard(response, url: url)
            guard (200..<300).contains(response.status.code) else {
                throw RegistryClientError(.unauthorized,
                                          "login attempt to \(url) failed with status: \(response.status.code) \(response.status.reasonPhrase)")
            }
        case "bearer":
            guard let realm = challenge.parameters["realm"] else {
                throw RegistryClientError(.protocolError, "the registry's Bearer challenge has no realm")
            }
            _ = try await client.tokens.token(realm: realm, service: challenge.parameters["service"], scopes: [],
                                              credentials: credentials, verifyTLS: endpoint.verifiesTLS, fresh: true)
        default:
            throw RegistryClientError(.protocolError, "unsupported authentication scheme \(challenge.scheme)")
        }
    }
}
