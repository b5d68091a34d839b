import NIOPosix
import OCI
import Storage
import Synchronization

/// The daemon's one registry client: the HTTP client, the endpoints
/// daemon.json asks for, the token cache, and the store pulls write into.
public final class RegistryClient: Sendable {
    public let configuration: RegistryConfiguration
    public let resolver: EndpointResolver
    let http: RegistryHTTP
    let tokens: TokenClient
    let store: ImageStore
    /// Blocking work (unpacking, fsync, database) runs here, off the event loops.
    let pool: NIOThreadPool
    /// The endpoint that last worked for each domain, tried first next time
    /// (an insecure loopback registry then costs no failed TLS handshake).
    private let preferred = Mutex<[String: RegistryEndpoint]>([:])

    public init(configuration: RegistryConfiguration, store: ImageStore, pool: NIOThreadPool, http: RegistryHTTP) {
        self.configuration = configuration
        resolver = EndpointResolver(configuration)
        self.http = http
        tokens = TokenClient(http: http)
        self.store = store
        self.pool = pool
    }

    /// Opens a session on the first endpoint of `domain` that works and runs
    /// `body` with it. A failure moves on to the next endpoint when the
    /// endpoint could not be reached, or was a mirror (a mirror may lack the
    /// image); otherwise, and on the last endpoint, the error is final.
    func withSession<T: Sendable>(domain: String, repository: String, actions: [String], extraScopes: [String] = [],
                                  credentials: RegistryCredentials, forPush: Bool = false,
                                  _ body: (RegistrySession) async throws -> T) async throws -> T {
        var endpoints = resolver.endpoints(for: domain, forPush: forPush)
        if let known = preferred.withLock({ $0[domain] }), let position = endpoints.firstIndex(of: known) {
            endpoints.insert(endpoints.remove(at: position), at: 0)
        }
        var lastError: (any Error)?
        for (index, endpoint) in endpoints.enumerated() {
            let isLast = index == endpoints.count - 1
            do {
                let session = try await RegistrySession.open(endpoint: endpoint, repository: repository, actions: actions,
                                                             extraScopes: extraScopes, credentials: credentials, http: http, tokens: tokens)
                let result = try await body(session)
                // Mirrors keep their order: each pull must try them first.
                if domain != "docker.io" { preferred.withLock { $0[domain] = endpoint } }
                return result
            } catch let error as RegistryClientError where !isLast && (endpoint.isMirror || error.kind == .unreachable) {
                lastError = error
                continue
            }
        }
        throw lastError ?? RegistryClientError(.unreachable, "no endpoint for \(domain)")
    }

    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    public func shutdown() async {
        await http.shutdown()
    }
}
