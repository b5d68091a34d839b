import Glibc
import LinuxSupport
import OCI

/// Manifests, tags and referrers of a repository.
extension RegistryStore {
    private func revisionPath(_ name: String, _ digest: Digest) -> String {
        repositoryPath(name) + "/_manifests/revisions/" + digest.algorithm + "/" + digest.encoded
    }

    private func tagDirectory(_ name: String) -> String { repositoryPath(name) + "/_manifests/tags" }

    private func referrerDirectory(_ name: String, subject: Digest) -> String {
        repositoryPath(name) + "/_referrers/" + subject.encoded
    }

    /// A stored manifest: its media type and its bytes.
    struct StoredManifest {
        let digest: Digest
        let mediaType: String
        let bytes: [UInt8]
    }

    /// The digest a tag points at, or nil.
    func tagTarget(_ name: String, tag: String) -> Digest? {
        guard let text = try? SmallFile.read(tagDirectory(name) + "/" + tag) else { return nil }
        return try? Digest(parsing: text.trimmingCharacters(in: " \n"))
    }

    func mediaType(_ name: String, _ digest: Digest) -> String? {
        guard let text = try? SmallFile.read(revisionPath(name, digest)) else { return nil }
        return text.trimmingCharacters(in: " \n")
    }

    func manifest(_ name: String, _ digest: Digest) -> StoredManifest? {
        guard let mediaType = mediaType(name, digest), let bytes = try? content.read(digest) else { return nil }
        return StoredManifest(digest: digest, mediaType: mediaType, bytes: bytes)
    }

    /// Blob, then revision, then referrer entry, then tag: a crash part way
    /// leaves at most content nothing names yet.
    func putManifest(_ name: String, bytes: [UInt8], digest: Digest, mediaType: String, tag: String?,
                     referrer: (subject: Digest, descriptor: Descriptor)?) throws(RegistryError) {
        try storeBlob(bytes, expected: digest)
        do {
            try linkBlob(name, digest)
            try writeFile(revisionPath(name, digest), Array((mediaType + "\n").utf8))
            if let referrer {
                let entry = try JSON.encode(referrer.descriptor)
                try writeFile(referrerDirectory(name, subject: referrer.subject) + "/" + digest.encoded, entry)
            }
            if let tag { try writeFile(tagDirectory(name) + "/" + tag, Array((digest.description + "\n").utf8)) }
        } catch {
            throw RegistryError(.manifestInvalid, "cannot store the manifest: \(error)", status: 500)
        }
    }

    /// Removes the manifest and every tag that points at it; false when the
    /// repository has no such manifest.
    func deleteManifest(_ name: String, _ digest: Digest) -> Bool {
        guard let stored = manifest(name, digest) else { return false }
        for tag in tags(name) where tagTarget(name, tag: tag) == digest {
            unlink(tagDirectory(name) + "/" + tag)
        }
        if let subject = Self.subject(of: stored.bytes) {
            unlink(referrerDirectory(name, subject: subject) + "/" + digest.encoded)
        }
        unlink(revisionPath(name, digest))
        return true
    }

    func deleteTag(_ name: String, _ tag: String) -> Bool {
        unlink(tagDirectory(name) + "/" + tag) == 0
    }

    /// Tags sorted byte-wise.
    func tags(_ name: String) -> [String] {
        Directory.entries(tagDirectory(name))
            .filter { !$0.contains(".tmp-") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Descriptors of the manifests whose `subject` is `subject`.
    func referrers(_ name: String, subject: Digest) -> [Descriptor] {
        let directory = referrerDirectory(name, subject: subject)
        return Directory.entries(directory).sorted().compactMap { entry -> Descriptor? in
            guard !entry.contains(".tmp-"), let digest = try? Digest(sha256Hex: entry), mediaType(name, digest) != nil,
                  let text = try? SmallFile.read(directory + "/" + entry) else { return nil }
            return try? JSON.decode(Descriptor.self, from: Array(text.utf8))
        }
    }

    static func subject(of bytes: [UInt8]) -> Digest? {
        struct WithSubject: Decodable { var subject: Descriptor? }
        return (try? JSON.decode(WithSubject.self, from: bytes))?.subject?.digest
    }
}
