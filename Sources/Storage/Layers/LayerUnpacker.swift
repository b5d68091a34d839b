import CArchive
import Glibc
import LinuxSupport
import OCI

/// What unpacking a layer produced.
public struct LayerUnpackResult: Sendable {
    /// sha256 of the uncompressed tar: the layer's diff ID.
    public let diffID: String
    /// sha256 of the blob as read.
    public let compressedDigest: String
    /// Bytes of regular files written.
    public let size: Int64
}

/// Unpacks a layer tar (plain, gzip or zstd) into a new directory, keeping
/// owners, modes (setuid included), xattrs, links, device nodes and times,
/// and turning Docker's whiteouts into overlayfs ones: `.wh.name` becomes a
/// 0/0 character device `name`, `.wh..wh..opq` marks its directory opaque.
/// Every write stays inside the directory (see `ConfinedTree`); a refused or
/// broken layer leaves nothing behind.
public enum LayerUnpacker {
    public static func unpack(file path: String, into directory: String) throws(LayerError) -> LayerUnpackResult {
        let fd = try layerSys { () throws(SystemCallError) in try FD.open(path, O_RDONLY) }
        defer { FD.close(fd) }
        return try unpack(from: fd, into: directory)
    }

    public static func unpack(from source: Int32, into directory: String) throws(LayerError) -> LayerUnpackResult {
        let tree = try ConfinedTree(creating: directory)
        do throws(LayerError) {
            let stream = try LayerStream(fd: source)
            var writer = EntryWriter(tree: tree, archive: stream.inner)
            var entry: OpaquePointer?
            while true {
                let status = archive_read_next_header(stream.inner, &entry)
                if status == ARCHIVE_EOF { break }
                guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                    throw LayerError.corrupt(LayerStream.error(stream.inner))
                }
                try writer.write(entry)
            }
            try writer.finishDirectories()
            let (diffID, compressed) = try stream.finish()
            return LayerUnpackResult(diffID: diffID.description, compressedDigest: compressed.description, size: writer.bytesWritten)
        } catch {
            tree.dropCache()
            Directory.removeTree(directory)
            throw error
        }
    }
}
