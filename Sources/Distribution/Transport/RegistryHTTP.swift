import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The HTTP client every registry call goes through: one AsyncHTTPClient
/// for the daemon's life, with compression off (digests are computed over
/// the bytes as sent) and redirects followed here rather than by the client,
/// so that credentials never travel to another host (registries redirect
/// blob downloads to object storage). The client is made at the first
/// registry call: a daemon that never pulls or pushes keeps none of its
/// pools, state machines or code pages in memory.
public final class RegistryHTTP: Sendable {
    private let eventLoopGroup: any EventLoopGroup
    private let configuration: HTTPClient.Configuration
    private let made = Mutex<HTTPClient?>(nil)
    /// Give up on a connection that sends nothing for this long.
    let idleTimeout: TimeAmount
    private static let maximumRedirects = 5

    /// `eventLoopGroup`: the daemon's own loops, so the client starts no threads of its own.
    public init(eventLoopGroup: any EventLoopGroup, connectTimeout: TimeAmount = .seconds(30), idleTimeout: TimeAmount = .seconds(60)) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: connectTimeout, read: idleTimeout),
                                                     decompression: .disabled)
        configuration.httpVersion = .http1Only
        // A failed connection is reported at once: the endpoint list (HTTPS
        // then HTTP for an insecure host) and the download retries decide
        // what to try next, not a 30 s loop inside the client.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.idleTimeout = idleTimeout
    }

    private var client: HTTPClient {
        made.withLock { made in
            if let made { return made }
            let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
            made = client
            return client
        }
    }

    /// TLS for endpoints whose certificate is not checked (`insecure-registries`).
    static let unverifiedTLS: TLSConfiguration = {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        return tls
    }()

    /// Sends a request, following redirects for GET and HEAD, and turns
    /// transport failures into Docker-worded errors (`Get "url": …`).
    func execute(_ request: HTTPClientRequest, verifyTLS: Bool) async throws(RegistryClientError) -> HTTPClientResponse {
        var request = request
        if !verifyTLS, request.url.hasPrefix("https:") { request.tlsConfiguration = Self.unverifiedTLS }
        var redirects = 0
        while true {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: .distantFuture)
            } catch {
                throw Self.transportError(request, error)
            }
            guard [301, 302, 303, 307, 308].contains(Int(response.status.code)),
                  request.method == .GET || request.method == .HEAD,
                  let location = response.headers.first(name: "Location"), redirects < Self.maximumRedirects else {
                return response
            }
            redirects += 1
            let target = RegistryURL.resolve(location, against: request.url)
            if RegistryURL.origin(target) != RegistryURL.origin(request.url) { request.headers.remove(name: "Authorization") }
            request.url = target
        }
    }

    static func transportError(_ request: HTTPClientRequest, _ error: any Error) -> RegistryClientError {
        let text = String(describing: error)
        var cause = text
        if text.contains("Connection refused") || text.contains("connectionRefused") || text.contains("ECONNREFUSED") {
            cause = "dial tcp \(RegistryURL.hostPort(request.url)): connect: connection refused"
        } else if let error = error as? HTTPClientError, error == .readTimeout {
            cause = "net/http: timeout awaiting response headers"
        } else if let error = error as? HTTPClientError, error == .connectTimeout {
            cause = "dial tcp \(RegistryURL.hostPort(request.url)): i/o timeout"
        } else if error is NIOSSLError || text.contains("handshake") || text.contains("SSL") {
            cause = "tls: \(text)"
        }
        return RegistryClientError(.unreachable, "\(request.method.goName) \"\(request.url)\": \(cause)", transient: true)
    }

    public func shutdown() async {
        guard let client = made.withLock({ $0 }) else { return }
        try? await client.shutdown()
    }
}

extension HTTPMethod {
    /// The method as Go's client names it in errors: `Get "https://…": …`.
    var goName: String { rawValue.prefix(1) + rawValue.dropFirst().lowercased() }
}

/// The bits of URL handling registry clients need, without Foundation's URL.
enum RegistryURL {
    /// `scheme://host[:port]` of an absolute URL.
    static func origin(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "" }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        return String(url[..<schemeEnd.upperBound]) + host
    }

    /// `host[:port]` of an absolute URL, as written.
    static func authority(_ url: String) -> String {
        let origin = origin(url)
        guard let schemeEnd = origin.range(of: "://") else { return url }
        return String(origin[schemeEnd.upperBound...])
    }

    /// `host:port`, with the scheme's default port when the URL names none.
    static func hostPort(_ url: String) -> String {
        let host = authority(url)
        if host.contains(":") && !host.hasSuffix("]") { return host }
        return host + (url.hasPrefix("https") ? ":443" : ":80")
    }

    /// A `Location` header may be absolute, or relative to the request's origin.
    static func resolve(_ location: String, against base: String) -> String {
        if location.hasPrefix("http://") || location.hasPrefix("https://") { return location }
        if location.hasPrefix("/") { return origin(base) + location }
        let path = base.prefix { $0 != "?" }
        guard let slash = path.lastIndex(of: "/") else { return location }
        return String(path[...slash]) + location
    }
}
