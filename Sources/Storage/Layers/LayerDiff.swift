import CArchive
import Glibc
import LinuxSupport
import OCI

/// A container's changes as a layer: the overlay upper dir written as a tar,
/// with overlayfs' markers turned back into Docker's: a 0/0 character device
/// becomes a `.wh.<name>` entry, an opaque directory gets `.wh..wh..opq`.
/// Hard links inside the upper dir stay hard links.
public enum LayerDiff {
    public static func write(upperDirectory: String, to output: Int32) throws(LayerError) -> (diffID: String, size: Int64) {
        let writer = try FileTarWriter(output: output, options: .layer)
        let root = try layerSys { () throws(SystemCallError) in try FD.open(upperDirectory, O_RDONLY | O_DIRECTORY) }
        defer { FD.close(root) }
        try walk(root, relative: "", writer: writer)
        let (diffID, size) = try writer.finish()
        return (diffID, size)
    }

    private static func walk(_ directory: Int32, relative: String, writer: FileTarWriter) throws(LayerError) {
        let entries = try layerSys { () throws(SystemCallError) in try Directory.entries(of: directory, subject: relative) }
        for name in entries.map(\.name).sorted(by: TreeOrder.precedes) {
            let entryName = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw .system(SystemCallError("lstat", entryName)) }
            let type = info.st_mode & S_IFMT
            if type == S_IFCHR && info.st_rdev == 0 {
                try writer.addWhiteout(as: whiteoutName(entryName))
                continue
            }
            try writer.add(name, in: directory, as: entryName)
            guard type == S_IFDIR else { continue }
            if isOpaque(name, in: directory) { try writer.addWhiteout(as: entryName + "/.wh..wh..opq") }
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { throw .system(SystemCallError("open", entryName)) }
            defer { close(child) }
            try walk(child, relative: entryName, writer: writer)
        }
    }

    /// `dir/.wh.name` for `dir/name`.
    static func whiteoutName(_ entryName: String) -> String {
        guard let slash = entryName.lastIndex(of: "/") else { return ".wh." + entryName }
        return String(entryName[...slash]) + ".wh." + entryName[entryName.index(after: slash)...]
    }

    static func isOpaque(_ name: String, in directory: Int32) -> Bool {
        ExtendedAttributes.value("trusted.overlay.opaque", of: FD.procPath(directory, name)) == [UInt8(ascii: "y")]
    }
}

/// Docker lists and archives trees in byte order of names (Go's string order).
enum TreeOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// Where the tar goes: the output descriptor, hashed on the way.
final class HashingSink {
    let fd: Int32
    var digester = SHA256Digester()
    var size: Int64 = 0
    var failure: SystemCallError?

    init(fd: Int32) { self.fd = fd }

    static let write: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> la_ssize_t = { _, context, buffer, length in
        let sink = Unmanaged<HashingSink>.fromOpaque(context!).takeUnretainedValue()
        guard let buffer else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
        do throws(SystemCallError) { try FD.writeAll(sink.fd, buffer: bytes) } catch {
            sink.failure = error
            return -1
        }
        sink.digester.update(bytes)
        sink.size += Int64(length)
        return length
    }
}

extension LayerStream {
    static func writeError(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "cannot write the tar"
    }
}
