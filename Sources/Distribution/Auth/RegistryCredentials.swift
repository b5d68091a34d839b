#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCI

/// Who we are to a registry, as a client said in `X-Registry-Auth` (or the
/// body of `/auth`): nobody, a user and password, or an identity token from
/// an earlier OAuth login.
public struct RegistryCredentials: Sendable, Equatable {
    public var username: String?
    public var password: String?
    /// OAuth refresh token (`identitytoken`): exchanged at the token server.
    public var identityToken: String?
    /// A bearer token to send as is (`registrytoken`).
    public var registryToken: String?
    public var serverAddress: String?

    public static let anonymous = RegistryCredentials()

    public init(username: String? = nil, password: String? = nil, identityToken: String? = nil,
                registryToken: String? = nil, serverAddress: String? = nil) {
        self.username = username
        self.password = password
        self.identityToken = identityToken
        self.registryToken = registryToken
        self.serverAddress = serverAddress
    }

    public var hasBasic: Bool { !(username ?? "").isEmpty && password != nil }

    /// `Basic base64(user:password)`.
    public var basicHeader: String? {
        guard hasBasic, let username, let password else { return nil }
        return "Basic " + Data((username + ":" + password).utf8).base64EncodedString()
    }

    /// The header's JSON, base64url with or without padding (Go's
    /// URLEncoding, but clients differ); nil when it does not decode, which
    /// Docker treats as anonymous for pulls.
    public static func fromHeader(_ header: String?) -> RegistryCredentials? {
        guard let header, !header.isEmpty else { return nil }
        var text = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let bytes = Data(base64Encoded: text) else { return nil }
        return try? fromJSON(Array(bytes))
    }

    /// `{"username","password","auth","identitytoken","registrytoken","serveraddress"}`;
    /// `auth` (base64 of user:password) fills in what the separate fields lack.
    public static func fromJSON(_ bytes: [UInt8]) throws -> RegistryCredentials {
        let config = try JSON.decode(AuthConfigJSON.self, from: bytes)
        var credentials = RegistryCredentials(username: config.username.nilIfEmpty, password: config.password.nilIfEmpty,
                                              identityToken: config.identitytoken.nilIfEmpty,
                                              registryToken: config.registrytoken.nilIfEmpty,
                                              serverAddress: config.serveraddress.nilIfEmpty)
        if credentials.username == nil, let auth = config.auth, !auth.isEmpty,
           let decoded = Data(base64Encoded: auth).map({ String(decoding: $0, as: UTF8.self) }),
           let colon = decoded.firstIndex(of: ":") {
            credentials.username = String(decoded[..<colon])
            credentials.password = String(decoded[decoded.index(after: colon)...])
        }
        return credentials
    }
}

/// Docker's AuthConfig as clients send it; every field optional.
struct AuthConfigJSON: Decodable {
    var username: String?
    var password: String?
    var auth: String?
    var email: String?
    var serveraddress: String?
    var identitytoken: String?
    var registrytoken: String?
}

extension Optional where Wrapped == String {
    var nilIfEmpty: String? {
        switch self {
        case .some(let text) where !text.isEmpty: text
        default: nil
        }
    }
}
