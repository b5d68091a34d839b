import CLinux
import Glibc

/// Extended attributes by path. A final symlink is not followed unless
/// asked: a symlink's own attributes are what archives carry. For a file
/// open as a descriptor, pass `FD.procPath(fd)` and follow.
public enum ExtendedAttributes {
    /// The attribute names of a file; empty when it has none or the file
    /// system keeps none.
    public static func names(_ path: String, followingSymlink: Bool = false) -> [String] {
        var size = 256
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let length = followingSymlink ? cl_listxattr(path, &buffer, size) : cl_llistxattr(path, &buffer, size)
            if length < 0 && errno == ERANGE && size < 1 << 20 { size *= 4; continue }
            guard length > 0 else { return [] }
            return buffer[..<length].split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        }
    }

    /// One attribute's value, or nil when the file does not have it.
    public static func value(_ name: String, of path: String, followingSymlink: Bool = false) -> [UInt8]? {
        var size = 256
        while true {
            var buffer = [UInt8](repeating: 0, count: size)
            let length = followingSymlink ? cl_getxattr(path, name, &buffer, size) : cl_lgetxattr(path, name, &buffer, size)
            if length < 0 && errno == ERANGE && size < 1 << 20 { size *= 4; continue }
            guard length >= 0 else { return nil }
            return Array(buffer[..<length])
        }
    }

    /// Sets an attribute on the file at `path` itself, not following a final symlink.
    public static func set(_ name: String, _ value: [UInt8], on path: String) throws(SystemCallError) {
        let result = value.withUnsafeBytes { bytes in cl_lsetxattr(path, name, bytes.baseAddress, bytes.count, 0) }
        try check(result, "setxattr \(name)", path)
    }

    public static func set(_ name: String, _ value: [UInt8], fd: Int32, subject: String? = nil) throws(SystemCallError) {
        let result = value.withUnsafeBytes { bytes in cl_fsetxattr(fd, name, bytes.baseAddress, bytes.count, 0) }
        try check(result, "setxattr \(name)", subject)
    }
}
