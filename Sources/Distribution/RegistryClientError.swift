import AsyncHTTPClient

/// What can go wrong talking to a registry, worded as Docker words it so
/// scripts that match on messages keep working. `httpStatus` is what the
/// Engine API answers when the error comes before the progress stream.
public struct RegistryClientError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// No endpoint answered (connection refused, TLS failure, timeout).
        case unreachable
        /// The registry refused our credentials or asked for some we lack.
        case unauthorized
        /// The manifest, tag or repository does not exist.
        case notFound
        /// Bytes that do not match their digest or size, or a malformed manifest.
        case invalidContent
        /// Anything else the registry answered that we cannot use.
        case protocolError
        /// The store refused or failed to record what was fetched.
        case storage
        /// The caller asked for something impossible (bad reference, platform).
        case invalidRequest
    }

    public let kind: Kind
    public let description: String
    /// Whether trying again may help: connection drops, 5xx, timeouts.
    public let isTransient: Bool

    public init(_ kind: Kind, _ description: String, transient: Bool = false) {
        self.kind = kind
        self.description = description
        isTransient = transient
    }

    /// A response we did not expect, worded from its status and, for a 4xx,
    /// the registry's error body: 404 is not found, 401 and 403 refused,
    /// and 5xx, 429 and 408 may pass on a retry.
    static func unexpected(_ response: HTTPClientResponse, url: String) async -> RegistryClientError {
        let body = (try? await RegistryBody.collect(response, limit: 1 << 16, url: url)) ?? []
        let code = response.status.code
        let kind: Kind = code == 404 ? .notFound : code == 401 || code == 403 ? .unauthorized : .protocolError
        return RegistryClientError(kind, RegistryErrorBody.describe(status: code, body: body),
                                   transient: code >= 500 || code == 429 || code == 408)
    }

    /// A refused pull or push is a 500, as in dockerd: a 401 would make
    /// the docker CLI prompt for a Hub login. Only `/auth` answers 401.
    public var httpStatus: Int {
        switch kind {
        case .notFound: 404
        case .invalidRequest: 400
        default: 500
        }
    }
}
