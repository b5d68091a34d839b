import CArchive
import CLinux
import Glibc
import LinuxSupport
import OCI

/// A container's changes as a layer: the overlay upper dir written as a tar,
/// with overlayfs' markers turned back into Docker's: a 0/0 character device
/// becomes a `.wh.<name>` entry, an opaque directory gets `.wh..wh..opq`.
/// Hard links inside the upper dir stay hard links.
public enum LayerDiff {
    public static func write(upperDirectory: String, to output: Int32) throws(LayerError) -> (diffID: String, size: Int64) {
        let sink = HashingSink(fd: output)
        guard let archive = archive_write_new() else { throw .corrupt("out of memory") }
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard archive_write_open(archive, context, nil, HashingSink.write, nil) == ARCHIVE_OK else {
            throw .corrupt(LayerStream.writeError(archive))
        }
        var walker = UpperWalker(archive: archive)
        try walker.walk(directory: upperDirectory, relative: "")
        guard archive_write_close(archive) == ARCHIVE_OK else { throw .corrupt(LayerStream.writeError(archive)) }
        if let failure = sink.failure { throw .system(failure) }
        return (sink.digester.finalize().description, sink.size)
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

private struct UpperWalker {
    let archive: OpaquePointer
    /// First path seen for each inode with several links.
    var linkTargets: [UInt64: String] = [:]

    init(archive: OpaquePointer) { self.archive = archive }

    mutating func walk(directory: String, relative: String) throws(LayerError) {
        let names = Directory.entries(directory).sorted()
        for name in names {
            let path = directory + "/" + name
            let entryName = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { throw .system(SystemCallError("lstat", path)) }
            let type = info.st_mode & S_IFMT
            if type == S_IFCHR && info.st_rdev == 0 {
                try writeHeader(name: whiteoutName(entryName), info: nil, symlink: nil, hardlink: nil)
                continue
            }
            if type == S_IFDIR {
                try writeHeader(name: entryName, info: info, symlink: nil, hardlink: nil, xattrsOf: path)
                if Self.isOpaque(path) { try writeHeader(name: entryName + "/.wh..wh..opq", info: nil, symlink: nil, hardlink: nil) }
                try walk(directory: path, relative: entryName)
                continue
            }
            if type != S_IFDIR && info.st_nlink > 1 {
                let key = UInt64(info.st_ino)
                if let first = linkTargets[key] {
                    try writeHeader(name: entryName, info: info, symlink: nil, hardlink: first)
                    continue
                }
                linkTargets[key] = entryName
            }
            if type == S_IFLNK {
                try writeHeader(name: entryName, info: info, symlink: try Self.readLink(path), hardlink: nil)
            } else {
                try writeHeader(name: entryName, info: info, symlink: nil, hardlink: nil, xattrsOf: path)
                if type == S_IFREG { try copyContent(path) }
            }
        }
    }

    private func whiteoutName(_ entryName: String) -> String {
        guard let slash = entryName.lastIndex(of: "/") else { return ".wh." + entryName }
        return String(entryName[...slash]) + ".wh." + entryName[entryName.index(after: slash)...]
    }

    private func writeHeader(name: String, info: stat?, symlink: String?, hardlink: String?, xattrsOf path: String? = nil) throws(LayerError) {
        guard let entry = archive_entry_new() else { throw .corrupt("out of memory") }
        defer { archive_entry_free(entry) }
        if var info {
            archive_entry_copy_stat(entry, &info)
        } else {
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_size(entry, 0)
        }
        archive_entry_set_pathname(entry, name)
        if let symlink { archive_entry_set_symlink(entry, symlink) }
        if let hardlink {
            archive_entry_set_hardlink(entry, hardlink)
            archive_entry_set_size(entry, 0)
        }
        if let path { Self.copyXattrs(path, into: entry) }
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw .corrupt(LayerStream.writeError(archive)) }
    }

    private func copyContent(_ path: String) throws(LayerError) {
        let fd = try layerSys { () throws(SystemCallError) in try FD.open(path, O_RDONLY | O_NOFOLLOW) }
        defer { FD.close(fd) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .system(SystemCallError("read", path)) }
            if n == 0 { return }
            guard archive_write_data(archive, buffer, n) == n else { throw .corrupt(LayerStream.writeError(archive)) }
        }
    }

    static func isOpaque(_ path: String) -> Bool {
        var value: [UInt8] = [0, 0]
        let n = cl_lgetxattr(path, "trusted.overlay.opaque", &value, value.count)
        return n == 1 && value[0] == UInt8(ascii: "y")
    }

    static func readLink(_ path: String) throws(LayerError) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count)
        guard n >= 0 else { throw .system(SystemCallError("readlink", path)) }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    /// Extended attributes travel with the layer, except overlay's own.
    static func copyXattrs(_ path: String, into entry: OpaquePointer) {
        var names = [CChar](repeating: 0, count: 65536)
        let length = cl_llistxattr(path, &names, names.count)
        guard length > 0 else { return }
        var start = 0
        while start < length {
            let end = names[start..<length].firstIndex(of: 0) ?? length
            let name = String(decoding: names[start..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            start = end + 1
            if name.isEmpty || name.hasPrefix("trusted.overlay.") { continue }
            var value = [UInt8](repeating: 0, count: 65536)
            let size = cl_lgetxattr(path, name, &value, value.count)
            if size >= 0 { archive_entry_xattr_add_entry(entry, name, value, size) }
        }
    }
}

extension LayerStream {
    static func writeError(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "cannot write the tar"
    }
}
