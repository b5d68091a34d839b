/// Docker's registry AuthConfig: what `X-Registry-Auth` carries (as base64url
/// JSON) and what `POST /auth` takes (as JSON). Written as Go's json.Marshal
/// writes the struct (its field order, empty fields left out, HTML-safe), so
/// the daemon sees the bytes docker's CLI sends.
public struct RegistryAuthConfig: Equatable, Sendable {
    public var username: String
    public var password: String
    /// base64(user:pass); the CLI sends username and password instead.
    public var auth: String
    public var email: String
    public var serverAddress: String
    /// A long-lived token the daemon's login returned, used in place of the password.
    public var identityToken: String
    /// A bearer token for the registry itself.
    public var registryToken: String

    public init(username: String = "", password: String = "", auth: String = "", email: String = "",
                serverAddress: String = "", identityToken: String = "", registryToken: String = "") {
        self.username = username
        self.password = password
        self.auth = auth
        self.email = email
        self.serverAddress = serverAddress
        self.identityToken = identityToken
        self.registryToken = registryToken
    }

    /// The compact JSON, e.g. `{"username":"u","password":"p","serveraddress":"h:5000"}`; `{}` when empty.
    public var json: String {
        let members: [(String, String)] = [
            ("username", username), ("password", password), ("auth", auth), ("email", email),
            ("serveraddress", serverAddress), ("identitytoken", identityToken), ("registrytoken", registryToken),
        ]
        let present = members.filter { !$0.1.isEmpty }.map { ($0.0, JSONDocument.string($0.1)) }
        return JSONWriter.compact(.object(present), .init(escapeHTML: true))
    }

    /// The `X-Registry-Auth` header's value: base64url with padding (`e30=` for `{}`).
    public var headerValue: String { Base64.encode(json, .url) }

    /// `POST /auth`'s body: Go's json.Encoder ends the value with a newline.
    public var loginBody: [UInt8] { Array((json + "\n").utf8) }
}
