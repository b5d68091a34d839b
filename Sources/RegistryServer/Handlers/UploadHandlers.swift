import Glibc
import LinuxSupport
import NIOCore
import NIOHTTP1
import OCI

/// Blob uploads: `POST /v2/<name>/blobs/uploads/` (a session, a single-POST
/// upload, or a cross-repository mount), then `PATCH`, `PUT`, `GET` and
/// `DELETE` on the session's location.
extension RegistryHandlers {
    func startUpload(_ name: String, _ request: RegistryRequest) async throws -> RegistryResponse {
        if let mounted = request.parameter("mount") {
            let digest = try Self.parseDigest(mounted)
            if let source = request.parameter("from"), RepositoryName.isValid(source), store.hasBlob(source, digest) {
                try store.linkBlob(name, digest)
                return blobCreated(name, digest)
            }
            // Not there to mount: an ordinary session, as the spec asks.
        }
        let session = try store.openSession(for: name)
        if let expected = request.parameter("digest") {
            let digest = try Self.parseDigest(expected)
            do {
                try await append(request, to: session)
                try store.publishBlob(from: store.sessionData(session), expected: digest)
                try store.linkBlob(name, digest)
            } catch {
                store.closeSession(session)
                throw error
            }
            store.closeSession(session)
            return blobCreated(name, digest)
        }
        return RegistryResponse(.accepted, headers: sessionHeaders(name, session, size: 0))
    }

    func appendUpload(_ name: String, _ session: String, _ request: RegistryRequest) async throws -> RegistryResponse {
        guard let size = store.sessionSize(session, of: name) else { throw unknownUpload(session) }
        if let range = request.header("Content-Range") {
            // "FIRST-LAST" (some clients prefix "bytes "): a chunk must start where the upload ends.
            let text = range.hasPrefix("bytes ") ? String(range.dropFirst(6)) : range
            let bounds = text.split(separator: "-", maxSplits: 1).compactMap { Int64($0) }
            guard bounds.count == 2, bounds[0] == size, bounds[1] >= bounds[0] else {
                return RegistryResponse(.rangeNotSatisfiable, headers: sessionHeaders(name, session, size: size))
            }
        }
        try await append(request, to: session)
        return RegistryResponse(.accepted, headers: sessionHeaders(name, session, size: store.sessionSize(session, of: name) ?? size))
    }

    func finishUpload(_ name: String, _ session: String, _ request: RegistryRequest) async throws -> RegistryResponse {
        guard store.sessionSize(session, of: name) != nil else { throw unknownUpload(session) }
        guard let expected = request.parameter("digest") else {
            throw RegistryError(.digestInvalid, "the digest parameter is required to finish an upload")
        }
        let digest = try Self.parseDigest(expected)
        defer { store.closeSession(session) }
        try await append(request, to: session)
        try store.publishBlob(from: store.sessionData(session), expected: digest)
        try store.linkBlob(name, digest)
        return blobCreated(name, digest)
    }

    func uploadStatus(_ name: String, _ session: String) throws -> RegistryResponse {
        guard let size = store.sessionSize(session, of: name) else { throw unknownUpload(session) }
        return RegistryResponse(.noContent, headers: sessionHeaders(name, session, size: size))
    }

    func cancelUpload(_ name: String, _ session: String) throws -> RegistryResponse {
        guard store.sessionSize(session, of: name) != nil else { throw unknownUpload(session) }
        store.closeSession(session)
        return RegistryResponse(.noContent)
    }

    // MARK: helpers

    /// Streams the request body onto the end of the session's data.
    private func append(_ request: RegistryRequest, to session: String) async throws {
        let fd = try store.appendToSession(session)
        defer { FD.close(fd) }
        while let chunk = try await request.body.nextBodyChunk() {
            try chunk.withUnsafeReadableBytes { buffer in
                try FD.writeAll(fd, buffer: buffer, subject: "upload \(session)")
            }
        }
    }

    private func blobCreated(_ name: String, _ digest: Digest) -> RegistryResponse {
        RegistryResponse(.created, headers: [("Location", "/v2/\(name)/blobs/\(digest)"),
                                             ("Docker-Content-Digest", digest.description)])
    }

    /// `Range` is inclusive, and "0-0" for an empty upload (as distribution answers).
    private func sessionHeaders(_ name: String, _ session: String, size: Int64) -> [(String, String)] {
        [("Location", "/v2/\(name)/blobs/uploads/\(session)"), ("Range", "0-\(max(size - 1, 0))"),
         ("Docker-Upload-UUID", session)]
    }

    private func unknownUpload(_ session: String) -> RegistryError {
        RegistryError(.blobUploadUnknown, "blob upload unknown to registry", detail: session)
    }
}
