import NIOHTTP1
import OCI
import Storage

/// `GET`/`HEAD`/`PUT`/`DELETE /v2/<name>/manifests/<tag or digest>`.
extension RegistryHandlers {
    func getManifest(_ name: String, _ reference: String) throws -> RegistryResponse {
        guard store.repositoryExists(name) else {
            throw RegistryError(.nameUnknown, "repository name not known to registry", detail: name)
        }
        let digest: Digest
        if reference.contains(":") {
            digest = try Self.parseDigest(reference)
        } else if let target = store.tagTarget(name, tag: reference) {
            digest = target
        } else {
            throw manifestUnknown(reference)
        }
        guard let stored = store.manifest(name, digest) else { throw manifestUnknown(reference) }
        return RegistryResponse(.ok, headers: [("Content-Type", stored.mediaType), ("Docker-Content-Digest", digest.description),
                                               ("ETag", "\"\(digest)\"")],
                                body: .bytes(stored.bytes))
    }

    func putManifest(_ name: String, _ reference: String, _ request: RegistryRequest) async throws -> RegistryResponse {
        let bytes = try await request.readBody(limit: Self.manifestLimit)
        let declared = request.header("Content-Type").map(MediaType.essence(of:))
        let kind: ManifestKind
        do {
            kind = try ManifestKind.detect(bytes, declaredMediaType: declared)
        } catch {
            throw RegistryError(.manifestInvalid, "manifest invalid", detail: "\(error)")
        }
        let digest = SHA256Digester.digest(bytes)
        var tag: String?
        if reference.contains(":") {
            guard try Self.parseDigest(reference) == digest else {
                throw RegistryError(.digestInvalid, "the manifest's digest does not match the reference", detail: digest.description)
            }
        } else {
            guard RepositoryName.isValidTag(reference) else {
                throw RegistryError(.manifestInvalid, "invalid tag", detail: reference)
            }
            tag = reference
        }
        let referrer = try checkReferences(name, bytes: bytes, kind: kind, digest: digest)
        try store.putManifest(name, bytes: bytes, digest: digest, mediaType: kind.mediaType, tag: tag, referrer: referrer)
        var headers = [("Location", "/v2/\(name)/manifests/\(digest)"), ("Docker-Content-Digest", digest.description)]
        if let referrer { headers.append(("OCI-Subject", referrer.subject.description)) }
        return RegistryResponse(.created, headers: headers)
    }

    func deleteManifest(_ name: String, _ reference: String) throws -> RegistryResponse {
        if reference.contains(":") {
            guard store.deleteManifest(name, try Self.parseDigest(reference)) else { throw manifestUnknown(reference) }
        } else {
            guard store.deleteTag(name, reference) else { throw manifestUnknown(reference) }
        }
        return RegistryResponse(.accepted)
    }

    /// Everything the manifest points at must be in the repository already
    /// (a `subject` excepted: referrers may come before what they refer to).
    /// Returns the referrers-API entry when the manifest has a subject.
    private func checkReferences(_ name: String, bytes: [UInt8], kind: ManifestKind,
                                 digest: Digest) throws -> (subject: Digest, descriptor: Descriptor)? {
        if kind.isIndex {
            let index: ImageIndex
            do { index = try JSON.decode(ImageIndex.self, from: bytes) } catch {
                throw RegistryError(.manifestInvalid, "manifest invalid", detail: "\(error)")
            }
            for child in index.manifests where store.mediaType(name, child.digest) == nil {
                throw RegistryError(.manifestBlobUnknown, "manifest blob unknown to registry", detail: child.digest.description)
            }
            guard let subject = index.subject else { return nil }
            return (subject.digest, Descriptor(mediaType: kind.mediaType, digest: digest, size: Int64(bytes.count),
                                               annotations: index.annotations, artifactType: index.artifactType))
        }
        let manifest: ImageManifest
        do { manifest = try JSON.decode(ImageManifest.self, from: bytes) } catch {
            throw RegistryError(.manifestInvalid, "manifest invalid", detail: "\(error)")
        }
        // Layers with URLs live elsewhere (non-distributable); the rest must be here.
        for blob in [manifest.config] + manifest.layers where (blob.urls ?? []).isEmpty && !store.hasBlob(name, blob.digest) {
            throw RegistryError(.manifestBlobUnknown, "blob unknown to registry", detail: blob.digest.description)
        }
        guard let subject = manifest.subject else { return nil }
        return (subject.digest, Descriptor(mediaType: kind.mediaType, digest: digest, size: Int64(bytes.count),
                                           annotations: manifest.annotations,
                                           artifactType: manifest.artifactType ?? manifest.config.mediaType))
    }

    private func manifestUnknown(_ reference: String) -> RegistryError {
        RegistryError(.manifestUnknown, "manifest unknown", detail: reference)
    }
}
