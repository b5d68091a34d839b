import AsyncHTTPClient
import OCI
import Storage

/// A manifest or index as the registry sent it, verified against its digest.
struct FetchedManifest: Sendable {
    let bytes: [UInt8]
    let digest: Digest
    let kind: ManifestKind
    var descriptor: Descriptor { Descriptor(mediaType: kind.mediaType, digest: digest, size: Int64(bytes.count)) }
}

/// Fetches manifests and small blobs (configs): always with `Accept` (some
/// registries answer differently without it), never more than a cap, and
/// always checked against the digest they were asked for or announced.
enum ManifestFetcher {
    /// The four document types we read; schema 1 is not offered.
    static let accept = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest]
        .joined(separator: ", ")
    /// Registries must accept manifests of 4 MiB; we read no larger.
    static let manifestLimit = 4 << 20
    static let configLimit = 8 << 20

    /// `reference` is a tag or a digest; `displayName` is the reference as
    /// the user wrote it, for Docker's "manifest for X not found".
    static func fetch(_ session: RegistrySession, reference: String, displayName: String) async throws(RegistryClientError) -> FetchedManifest {
        let url = session.endpoint.url(repository: session.repository, "manifests/" + reference)
        let response = try await session.send(.GET, url, headers: [("Accept", accept)])
        guard response.status.code == 200 else {
            let error = await RegistryClientError.unexpected(response, url: url)
            if error.kind == .notFound { throw RegistryClientError(.notFound, "manifest for \(displayName) not found: \(error)") }
            throw error
        }
        let body = try await RegistryBody.collect(response, limit: manifestLimit, url: url)
        let digest = SHA256Digester.digest(body)
        let expected = (try? Digest(parsing: reference)) ?? response.headers.first(name: "Docker-Content-Digest").flatMap { try? Digest(parsing: $0) }
        if let expected, expected != digest {
            throw RegistryClientError(.invalidContent, "manifest verification failed for digest \(expected)")
        }
        let kind: ManifestKind
        do { kind = try ManifestKind.detect(body, declaredMediaType: response.headers.first(name: "Content-Type")) } catch {
            throw RegistryClientError(.invalidContent, "\(displayName): \(error)")
        }
        return FetchedManifest(bytes: body, digest: digest, kind: kind)
    }

    /// A small blob (an image config) read whole and verified.
    static func blob(_ session: RegistrySession, _ descriptor: Descriptor) async throws(RegistryClientError) -> [UInt8] {
        let url = session.endpoint.url(repository: session.repository, "blobs/" + descriptor.digest.description)
        let response = try await session.send(.GET, url)
        guard response.status.code == 200 else { throw await RegistryClientError.unexpected(response, url: url) }
        let body = try await RegistryBody.collect(response, limit: configLimit, url: url)
        guard SHA256Digester.digest(body) == descriptor.digest else {
            throw RegistryClientError(.invalidContent, "image config verification failed for digest \(descriptor.digest)")
        }
        return body
    }
}
