import Glibc
import LinuxSupport
import OCI

/// Names a layer blob's media type from its first bytes, for archives that
/// do not say (a `docker save` manifest.json lists paths only).
enum LayerMediaType {
    static func sniff(_ path: String) throws(StorageError) -> String {
        let fd = try sys { () throws(SystemCallError) in try FD.open(path, O_RDONLY) }
        defer { FD.close(fd) }
        let head = try sys { () throws(SystemCallError) in try FD.read(fd, max: 4) }
        if head.starts(with: [0x1f, 0x8b]) { return MediaType.ociLayerGzip }
        if head.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return MediaType.ociLayerZstd }
        return MediaType.ociLayer
    }
}
