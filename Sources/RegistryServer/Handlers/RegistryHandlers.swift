import NIOHTTP1
import OCI

/// Routes a request to the handler for its path and method.
struct RegistryHandlers: Sendable {
    let store: RegistryStore
    /// When set, every request needs its credentials.
    let authenticator: BasicAuthenticator?
    /// The spec asks registries to accept manifests of at least 4 MiB.
    static let manifestLimit = 4 << 20

    func handle(_ request: RegistryRequest) async throws -> RegistryResponse {
        if let authenticator, let refusal = await authenticator.check(request.header("Authorization")) {
            throw refusal
        }
        guard let route = RegistryRoute(path: request.path) else {
            throw RegistryError(.unsupported, "no such endpoint: \(request.path)", status: 404)
        }
        if let name = route.repository, !RepositoryName.isValid(name) {
            throw RegistryError(.nameInvalid, "invalid repository name", detail: name)
        }
        switch (route, request.method) {
        case (.base, .GET), (.base, .HEAD):
            return .json(.ok, Array("{}".utf8))
        case (.catalog, .GET):
            return catalog(request)
        case (.tags(let name), .GET):
            return try tags(name, request)
        case (.manifest(let name, let reference), .GET), (.manifest(let name, let reference), .HEAD):
            return try getManifest(name, reference)
        case (.manifest(let name, let reference), .PUT):
            return try await putManifest(name, reference, request)
        case (.manifest(let name, let reference), .DELETE):
            return try deleteManifest(name, reference)
        case (.blob(let name, let digest), .GET), (.blob(let name, let digest), .HEAD):
            return try getBlob(name, digest, request)
        case (.blob(let name, let digest), .DELETE):
            return try deleteBlob(name, digest)
        case (.uploads(let name), .POST):
            return try await startUpload(name, request)
        case (.upload(let name, let session), .PATCH):
            return try await appendUpload(name, session, request)
        case (.upload(let name, let session), .PUT):
            return try await finishUpload(name, session, request)
        case (.upload(let name, let session), .GET):
            return try uploadStatus(name, session)
        case (.upload(let name, let session), .DELETE):
            return try cancelUpload(name, session)
        case (.referrers(let name, let digest), .GET):
            return try referrers(name, digest, request)
        default:
            throw RegistryError(.unsupported, "\(request.method.rawValue) is not supported on \(request.path)")
        }
    }

    static func parseDigest(_ text: String) throws(RegistryError) -> Digest {
        guard let digest = try? Digest(parsing: text) else {
            throw RegistryError(.digestInvalid, "invalid digest", detail: text)
        }
        return digest
    }
}
