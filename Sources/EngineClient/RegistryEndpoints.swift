/// Typed calls for what goes through a registry: pull, push, login and
/// search. Each carries the login the CLI chose in `X-Registry-Auth` (the
/// base64url JSON docker sends, `e30=` when anonymous); pull and push answer
/// with a progress stream, read with JSONMessageStream.
extension EngineClient {
    static let registryAuthHeader = "X-Registry-Auth"

    /// `POST /images/create?fromImage=&tag=`. `fromImage` is the full name
    /// (`docker.io/library/busybox`); `tag` is a tag or a digest, and nil for
    /// `pull --all-tags`, which pulls every tag.
    public func pullImage(fromImage: String, tag: String?, registryAuth: String, platform: String? = nil) throws(EngineError) -> HTTPResponse {
        var query = [("fromImage", fromImage)]
        if let tag { query.append(("tag", tag)) }
        if let platform, !platform.isEmpty { query.append(("platform", platform.lowercased())) }
        return try send(EngineRequest("POST", "/images/create", query: query, headers: [(Self.registryAuthHeader, registryAuth)]))
    }

    /// `POST /images/{name}/push?tag=`: `name` is the full name, as it appears
    /// in the path (`/images/127.0.0.1:5000/x/bb/push`); no tag pushes every
    /// tag. `platform` is the OCI platform's JSON (API 1.46).
    public func pushImage(_ name: String, tag: String?, registryAuth: String, platform: String? = nil) throws(EngineError) -> HTTPResponse {
        var query: [(String, String)] = []
        if let tag { query.append(("tag", tag)) }
        if let platform { query.append(("platform", platform)) }
        return try send(EngineRequest("POST", "/images/\(name)/push", query: query, headers: [(Self.registryAuthHeader, registryAuth)]))
    }

    /// `POST /auth` with the AuthConfig JSON: the daemon checks the login
    /// against the registry and may hand back an identity token to store.
    public func login(body: [UInt8]) throws(EngineError) -> AuthenticateResponse {
        try decode(AuthenticateResponse.self, EngineRequest("POST", "/auth", body: .bytes(body, contentType: "application/json")))
    }

    /// `GET /images/search?term=[&limit=][&filters=]`; a limit of 0 is not sent (the daemon's default, 25).
    public func searchImages(term: String, limit: Int, filters: [(String, String)], registryAuth: String) throws(EngineError) -> [ImageSearchResult] {
        var query = [("term", term)]
        if limit > 0 { query.append(("limit", String(limit))) }
        if let json = Self.filtersJSON(filters) { query.append(("filters", json)) }
        return try decode([ImageSearchResult].self, EngineRequest("GET", "/images/search", query: query,
                                                                  headers: [(Self.registryAuthHeader, registryAuth)]))
    }
}
