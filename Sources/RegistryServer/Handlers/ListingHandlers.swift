import LinuxSupport
import NIOHTTP1
import OCI

/// Tag lists, the catalog and the referrers API.
extension RegistryHandlers {
    func tags(_ name: String, _ request: RegistryRequest) throws -> RegistryResponse {
        guard store.repositoryExists(name) else {
            throw RegistryError(.nameUnknown, "repository name not known to registry", detail: name)
        }
        struct TagList: Encodable { var name: String; var tags: [String] }
        let (page, link) = try paginate(store.tags(name), request, path: "/v2/\(name)/tags/list")
        return .json(.ok, try JSON.encode(TagList(name: name, tags: page)), headers: link)
    }

    func catalog(_ request: RegistryRequest) -> RegistryResponse {
        struct Catalog: Encodable { var repositories: [String] }
        let (page, link) = (try? paginate(store.repositoryNames(), request, path: "/v2/_catalog")) ?? ([], [])
        return .json(.ok, (try? JSON.encode(Catalog(repositories: page))) ?? Array(#"{"repositories":[]}"#.utf8), headers: link)
    }

    func referrers(_ name: String, _ text: String, _ request: RegistryRequest) throws -> RegistryResponse {
        let subject = try Self.parseDigest(text)
        var descriptors = store.referrers(name, subject: subject)
        var headers = [("Content-Type", MediaType.ociIndex)]
        if let wanted = request.parameter("artifactType") {
            descriptors = descriptors.filter { $0.artifactType == wanted }
            headers.append(("OCI-Filters-Applied", "artifactType"))
        }
        let index = ImageIndex(mediaType: MediaType.ociIndex, manifests: descriptors)
        return RegistryResponse(.ok, headers: headers, body: .bytes(try JSON.encode(index)))
    }

    /// `n` and `last` over a sorted list, with a `Link` to the next page
    /// when one remains.
    private func paginate(_ all: [String], _ request: RegistryRequest, path: String) throws -> ([String], [(String, String)]) {
        var items = all
        if let last = request.parameter("last") {
            items = items.filter { Array(last.utf8).lexicographicallyPrecedes(Array($0.utf8)) }
        }
        guard let limitText = request.parameter("n") else { return (items, []) }
        guard let limit = Int(limitText), limit >= 0 else {
            throw RegistryError(.unsupported, "n must be a number", status: 400)
        }
        guard items.count > limit else { return (items, []) }
        let page = Array(items.prefix(limit))
        guard let lastShown = page.last else { return ([], []) }
        let next = "\(path)?last=\(PercentEncoding.escapeQuery(lastShown))&n=\(limit)"
        return (page, [("Link", "<\(next)>; rel=\"next\"")])
    }
}
