import LinuxSupport
import OCI

/// The first step of loading an image archive: every blob-like entry is
/// streamed into the content store (hashed on the way, so nothing is read
/// twice) and the small metadata files are kept in memory. What the archive
/// means is decided afterwards, from those files.
struct IngestedArchive {
    /// Archive entry name → the blob it became.
    var blobs: [String: Digest] = [:]
    /// manifest.json, index.json, repositories, oci-layout.
    var metadata: [String: [UInt8]] = [:]

    static let metadataNames: Set<String> = ["manifest.json", "index.json", "repositories", "oci-layout"]

    /// `added` collects the blobs this read put into the store, so that a
    /// failed load can take them out again.
    static func read(archive path: String, into content: ContentStore, added: inout [Digest]) throws(StorageError) -> IngestedArchive {
        let reader = try ArchiveEntryReader(path: path)
        var result = IngestedArchive()
        var links: [String: String] = [:]
        while let entry = try reader.next() {
            switch entry.kind {
            case .file where metadataNames.contains(entry.name):
                result.metadata[entry.name] = try reader.readAll()
            case .file where isLegacyLayerMetadata(entry.name):
                continue  // <id>/json and <id>/VERSION: v1 leftovers nothing reads
            case .file:
                let writer = try content.ingest()
                try reader.readData { (chunk) throws(StorageError) in try writer.write(chunk) }
                // Under blobs/ the name is the digest, and must be right.
                let expected = try expectedDigest(forName: entry.name)
                result.blobs[entry.name] = try writer.commit(expected: expected, expectedSize: entry.size)
                if writer.addedNewBlob, let digest = result.blobs[entry.name] { added.append(digest) }
            case .symlink(let target):
                // Older engines link a layer already written for another image.
                let directory = entry.name.split(separator: "/").dropLast().joined(separator: "/")
                links[entry.name] = ArchiveEntryReader.clean(Path.clean("/" + directory + "/" + target))
            case .directory, .other:
                continue
            }
        }
        for (name, target) in links {
            if let digest = result.blobs[target] { result.blobs[name] = digest }
        }
        return result
    }

    private static func isLegacyLayerMetadata(_ name: String) -> Bool {
        let parts = name.split(separator: "/")
        return parts.count == 2 && (parts[1] == "json" || parts[1] == "VERSION")
    }

    private static func expectedDigest(forName name: String) throws(StorageError) -> Digest? {
        let parts = name.split(separator: "/")
        guard parts.count == 3, parts[0] == "blobs" else { return nil }
        do { return try Digest(parsing: "\(parts[1]):\(parts[2])") } catch {
            throw .invalidArchive("\(name) is not named by a digest")
        }
    }

    func blob(_ name: String) throws(StorageError) -> Digest {
        guard let digest = blobs[ArchiveEntryReader.clean(name)] else { throw .invalidArchive("\(name) is missing from the archive") }
        return digest
    }
}
