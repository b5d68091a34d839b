import NIOHTTP1
import OCI

/// `GET`/`HEAD`/`DELETE /v2/<name>/blobs/<digest>`.
extension RegistryHandlers {
    func getBlob(_ name: String, _ text: String, _ request: RegistryRequest) throws -> RegistryResponse {
        let digest = try Self.parseDigest(text)
        guard store.hasBlob(name, digest), let size = store.blobSize(digest) else {
            throw RegistryError(.blobUnknown, "blob unknown to registry", detail: digest.description)
        }
        var headers = [("Docker-Content-Digest", digest.description), ("Content-Type", "application/octet-stream"),
                       ("Accept-Ranges", "bytes"), ("ETag", "\"\(digest)\"")]
        let path = store.blobPath(digest)
        guard let rangeHeader = request.header("Range") else {
            return RegistryResponse(.ok, headers: headers, body: .file(path: path, offset: 0, length: size))
        }
        guard let (first, last) = ByteRange.parse(rangeHeader, size: size) else {
            throw RegistryError(.rangeInvalid, "the range cannot be satisfied", detail: rangeHeader)
        }
        headers.append(("Content-Range", "bytes \(first)-\(last)/\(size)"))
        return RegistryResponse(.partialContent, headers: headers, body: .file(path: path, offset: first, length: last - first + 1))
    }

    func deleteBlob(_ name: String, _ text: String) throws -> RegistryResponse {
        let digest = try Self.parseDigest(text)
        guard store.unlinkBlob(name, digest) else {
            throw RegistryError(.blobUnknown, "blob unknown to registry", detail: digest.description)
        }
        return RegistryResponse(.accepted, headers: [("Docker-Content-Digest", digest.description)])
    }
}

/// `Range: bytes=FIRST-[LAST]` against a blob of `size` bytes: the inclusive
/// span to send, or nil when it cannot be satisfied.
enum ByteRange {
    static func parse(_ header: String, size: Int64) -> (Int64, Int64)? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        if spec[0].isEmpty {
            // A suffix: the last N bytes.
            guard let count = Int64(spec[1]), count > 0, size > 0 else { return nil }
            return (max(0, size - count), size - 1)
        }
        guard let first = Int64(spec[0]), first < size else { return nil }
        let last = spec[1].isEmpty ? size - 1 : min(Int64(spec[1]) ?? -1, size - 1)
        return last >= first ? (first, last) : nil
    }
}
