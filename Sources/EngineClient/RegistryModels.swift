/// The answers of the registry endpoints (Docker's registry types).

/// `POST /auth`: `{"Status":"Login Succeeded","IdentityToken":""}`.
public struct AuthenticateResponse: Decodable, Sendable {
    public var Status: String?
    /// When set, the CLI stores it instead of the password.
    public var IdentityToken: String?
}

/// One `GET /images/search` result.
public struct ImageSearchResult: Decodable, Sendable {
    public var name: String?
    public var description: String?
    public var star_count: Int64?
    public var is_official: Bool?
    /// Deprecated by Docker; always false.
    public var is_automated: Bool?
}
