import AsyncHTTPClient
import NIOCore
import OCI
import Synchronization

/// Puts one blob into the session's repository unless it is there already:
/// `HEAD` first, then an upload session (`POST`) and one `PUT ?digest=`
/// carrying the whole blob, streamed from the store.
struct BlobUploader: Sendable {
    let session: RegistrySession

    /// Blobs larger than this go up in PATCH requests of this size, each
    /// with its `Content-Range`, so no single request carries a whole large
    /// layer; smaller ones go in the final PUT.
    static let chunkSize: Int64 = 16 << 20

    func exists(_ digest: Digest) async throws(RegistryClientError) -> Bool {
        let url = session.endpoint.url(repository: session.repository, "blobs/" + digest.description)
        let response = try await session.send(.HEAD, url)
        await RegistryBody.discard(response, url: url)
        switch response.status.code {
        case 200: return true
        case 404: return false
        default:
            throw RegistryClientError(.protocolError, "Head \"\(url)\": received unexpected HTTP status: \(response.status.code)",
                                      transient: response.status.code >= 500)
        }
    }

    /// Asks the registry to link a blob from another of its repositories
    /// (`POST ?mount=&from=`). True when it did (201); a 202 opens an upload
    /// session instead, which we cancel: the caller uploads as usual.
    func mount(_ digest: Digest, from repository: String) async throws(RegistryClientError) -> Bool {
        let url = session.endpoint.url(repository: session.repository, "blobs/uploads/") + "?mount=" + digest.description
            + "&from=" + repository
        let response = try await session.send(.POST, url, headers: [("Content-Length", "0")])
        await RegistryBody.discard(response, url: url)
        if response.status.code == 201 { return true }
        if response.status.code == 202, let location = response.headers.first(name: "Location") {
            let cancel = try? await session.send(.DELETE, RegistryURL.resolve(location, against: url))
            if let cancel { await RegistryBody.discard(cancel, url: url) }
        }
        return false
    }

    /// Uploads the file at `path`, whose digest and size are known.
    func upload(_ descriptor: Descriptor, path: String, onProgress: @escaping @Sendable (Int64) -> Void) async throws(RegistryClientError) {
        let start = session.endpoint.url(repository: session.repository, "blobs/uploads/")
        let opened = try await session.send(.POST, start, headers: [("Content-Length", "0")])
        guard opened.status.code == 202, let location = opened.headers.first(name: "Location") else {
            throw await RegistryClientError.unexpected(opened, url: start)
        }
        await RegistryBody.discard(opened, url: start)
        var target = RegistryURL.resolve(location, against: start)
        var body: HTTPClientRequest.Body? = nil
        if descriptor.size > Self.chunkSize {
            target = try await sendChunks(descriptor, path: path, to: target, onProgress: onProgress)
        } else {
            body = .stream(FileChunks(path: path, onProgress: onProgress), length: .known(descriptor.size))
        }
        target += (target.contains("?") ? "&" : "?") + "digest=" + descriptor.digest.description
        let response = try await session.send(.PUT, target, headers: [("Content-Type", "application/octet-stream")],
                                              body: body ?? .bytes(ByteBuffer()), repeatable: false)
        guard response.status.code == 201 else { throw await RegistryClientError.unexpected(response, url: target) }
        await RegistryBody.discard(response, url: target)
    }

    /// PATCHes the blob in `chunkSize` pieces; returns the session's last location.
    private func sendChunks(_ descriptor: Descriptor, path: String, to location: String,
                            onProgress: @escaping @Sendable (Int64) -> Void) async throws(RegistryClientError) -> String {
        var target = location
        var offset: Int64 = 0
        while offset < descriptor.size {
            let length = Swift.min(Self.chunkSize, descriptor.size - offset)
            let chunk = FileChunks(path: path, start: offset, length: length, onProgress: onProgress)
            let response = try await session.send(.PATCH, target, headers: [("Content-Type", "application/octet-stream"),
                                                                              ("Content-Range", "\(offset)-\(offset + length - 1)")],
                                                  body: .stream(chunk, length: .known(length)), repeatable: false)
            guard response.status.code == 202, let next = response.headers.first(name: "Location") else {
                throw await RegistryClientError.unexpected(response, url: target)
            }
            await RegistryBody.discard(response, url: target)
            target = RegistryURL.resolve(next, against: target)
            offset += length
        }
        return target
    }
}
