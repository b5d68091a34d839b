import Glibc
import LinuxSupport

/// Resolves a path inside a root directory the way the container will see it:
/// symlinks are followed, but absolute targets and ".." never leave the root.
/// Used for mount destinations, so a symlink in an image cannot redirect a
/// mount onto the host (CVE-2021-30465 and relatives).
enum SecurePath {
    static func resolve(root: String, _ unsafePath: String) throws(RuntimeError) -> String {
        var pending = unsafePath.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !resolved.isEmpty { resolved.removeLast() }; continue }
            let candidate = root + "/" + (resolved + [part]).joined(separator: "/")
            var st = stat()
            guard lstat(candidate, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else {
                resolved.append(part)
                continue
            }
            links += 1
            if links > 255 { throw .invalidSpec("too many levels of symbolic links in \(unsafePath)") }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(candidate, &buffer, Int(PATH_MAX))
            guard length >= 0 else { throw .system(SystemCallError("readlink", candidate)) }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") { resolved = [] }
            pending = target.split(separator: "/").map(String.init) + pending
        }
        return root + "/" + resolved.joined(separator: "/")
    }
}
