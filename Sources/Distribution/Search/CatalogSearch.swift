import OCI

/// `GET /images/search`: registries of the distribution API have no search,
/// so a term of the form `host[:port]/text` lists that registry's
/// `_catalog` (following `Link` for at most 10 pages) and keeps the names
/// containing the text. Docker Hub's search API is not spoken.
public struct CatalogSearch: Sendable {
    let client: RegistryClient

    public struct Result: Sendable, Equatable {
        public let name: String
    }

    public init(client: RegistryClient) {
        self.client = client
    }

    public func search(_ term: String, limit: Int, credentials: RegistryCredentials) async throws -> [Result] {
        let (domain, text) = Self.split(term)
        guard domain != "docker.io" else {
            throw RegistryClientError(.unreachable, "searching Docker Hub is not supported; search a registry with host[:port]/term")
        }
        struct Catalog: Decodable { var repositories: [String]? }
        return try await client.withSession(domain: domain, repository: "", actions: [], extraScopes: ["registry:catalog:*"],
                                            credentials: credentials) { session in
            var names: [String] = []
            var url: String? = session.endpoint.baseURL + "/v2/_catalog?n=1000"
            var pages = 0
            while let next = url, pages < 10 {
                pages += 1
                let response = try await session.send(.GET, next)
                let body = try await RegistryBody.collect(response, limit: 8 << 20, url: next)
                guard response.status.code == 200 else {
                    throw RegistryClientError(.protocolError, "Unexpected status code \(response.status.code): "
                                              + RegistryErrorBody.describe(status: response.status.code, body: body))
                }
                names += (try? JSON.decode(Catalog.self, from: body))?.repositories ?? []
                url = response.headers.first(name: "Link").flatMap(Self.nextLink).map { RegistryURL.resolve($0, against: next) }
            }
            let matches = names.filter { text.isEmpty || $0.contains(text) }.prefix(limit)
            return matches.map { Result(name: domain + "/" + $0) }
        }
    }

    /// `127.0.0.1:5000/bb` → ("127.0.0.1:5000", "bb"); a term without a
    /// registry host is Docker Hub's.
    static func split(_ term: String) -> (String, String) {
        guard let slash = term.firstIndex(of: "/") else { return ("docker.io", term) }
        let first = String(term[..<slash])
        guard first.contains(".") || first.contains(":") || first == "localhost" else { return ("docker.io", term) }
        return (first, String(term[term.index(after: slash)...]))
    }

    /// The URL of `<url>; rel="next"`.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">") else { continue }
            return String(part[part.index(after: open)..<close])
        }
        return nil
    }
}
