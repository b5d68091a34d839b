/// What a request path under `/v2/` names. A repository name may itself
/// contain the words the routes use ("blobs", "manifests"), so the route is
/// read from the end of the path and the name is everything before it.
enum RegistryRoute: Equatable {
    case base
    case catalog
    case tags(name: String)
    case manifest(name: String, reference: String)
    case blob(name: String, digest: String)
    case uploads(name: String)
    case upload(name: String, session: String)
    case referrers(name: String, digest: String)

    init?(path: String) {
        guard path.hasPrefix("/v2/") || path == "/v2" else { return nil }
        let parts = path.dropFirst(3).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.isEmpty { self = .base; return }
        if parts == ["_catalog"] { self = .catalog; return }
        func name(dropping count: Int) -> String? {
            guard parts.count > count else { return nil }
            return parts.dropLast(count).joined(separator: "/")
        }
        let n = parts.count
        if n >= 3, parts[n - 2] == "tags", parts[n - 1] == "list", let name = name(dropping: 2) {
            self = .tags(name: name)
        } else if n >= 3, parts[n - 2] == "blobs", parts[n - 1] == "uploads", let name = name(dropping: 2) {
            self = .uploads(name: name)
        } else if n >= 4, parts[n - 3] == "blobs", parts[n - 2] == "uploads", let name = name(dropping: 3) {
            self = .upload(name: name, session: parts[n - 1])
        } else if n >= 3, parts[n - 2] == "blobs", let name = name(dropping: 2) {
            self = .blob(name: name, digest: parts[n - 1])
        } else if n >= 3, parts[n - 2] == "manifests", let name = name(dropping: 2) {
            self = .manifest(name: name, reference: parts[n - 1])
        } else if n >= 3, parts[n - 2] == "referrers", let name = name(dropping: 2) {
            self = .referrers(name: name, digest: parts[n - 1])
        } else {
            return nil
        }
    }

    /// The repository the route belongs to, if any.
    var repository: String? {
        switch self {
        case .base, .catalog: nil
        case .tags(let name), .manifest(let name, _), .blob(let name, _), .uploads(let name),
             .upload(let name, _), .referrers(let name, _): name
        }
    }
}
