import Glibc

/// Where config.json lives, and reading and replacing it. A rewrite never
/// leaves a half-written file: the new contents go to a temporary file in the
/// same directory (mode 0600), are synced, and are renamed over the old one.
public enum DockerConfigStorage {
    public static let fileName = "config.json"

    /// The configuration directory: the global `--config` flag, else
    /// `$BERTH_CONFIG`, else `$DOCKER_CONFIG` (so docker and berth share
    /// logins), else `~/.docker`.
    public static func directory(flag: String?, environment: (String) -> String? = environmentVariable) -> String {
        if let flag, !flag.isEmpty { return flag }
        for name in ["BERTH_CONFIG", "DOCKER_CONFIG"] {
            if let value = environment(name), !value.isEmpty { return value }
        }
        return homeDirectory(environment) + "/.docker"
    }

    public static func environmentVariable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `$HOME`, else the user database's entry for this user (Go's homedir.Get).
    static func homeDirectory(_ environment: (String) -> String?) -> String {
        if let home = environment("HOME"), !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }

    /// The configuration in `directory`; an absent file is an empty one.
    public static func load(directory: String) throws(DockerConfigError) -> DockerConfigFile {
        let path = directory + "/" + fileName
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let error = errno
            if error == ENOENT { return DockerConfigFile(path: path) }
            throw .unreadable("open \(path): \(errorText(error))")
        }
        defer { close(fd) }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable("read \(path): \(errorText(errno))")
            }
            if count == 0 { break }
            contents += buffer[..<count]
        }
        return try DockerConfigFile(path: path, contents: contents)
    }

    /// Replaces the file with `config`'s contents. The directory is made 0700
    /// when missing; an existing file keeps its mode and owner (as docker
    /// does), a new one is 0600. A symlinked config.json is replaced at its target.
    public static func save(_ config: DockerConfigFile) throws(DockerConfigError) {
        let path = config.path
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try makeDirectories(directory.isEmpty ? "/" : directory)

        var template = Array((directory + "/" + fileName + "XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else {
            throw .unwritable("open \(directory)/\(fileName): \(errorText(errno))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        func fail(_ message: String) -> DockerConfigError {
            if !closed { close(fd) }
            unlink(temporary)
            return .unwritable(message)
        }
        let bytes = config.contents
        var written = 0
        while written < bytes.count {
            let remaining = Array(bytes[written...])
            let count = write(fd, remaining, remaining.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw fail("write \(temporary): \(errorText(errno))")
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw fail("sync \(temporary): \(errorText(errno))") }
        closed = true
        guard close(fd) == 0 else { throw fail("error closing temp file: close \(temporary): \(errorText(errno))") }

        let target = resolvedTarget(path)
        var existing = stat()
        if stat(target, &existing) == 0 {
            _ = chmod(temporary, existing.st_mode & 0o7777)
            _ = chown(temporary, existing.st_uid, existing.st_gid)
        }
        guard rename(temporary, target) == 0 else {
            throw fail("rename \(temporary) \(target): \(errorText(errno))")
        }
    }

    /// Go's os.MkdirAll(path, 0700): each missing component, parents first.
    static func makeDirectories(_ path: String) throws(DockerConfigError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .unwritable("mkdir \(path): not a directory") }
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .unwritable("mkdir \(path): \(errorText(errno))")
        }
    }

    /// Where a rename must land: the file a symlink points to (even a
    /// dangling one), else the path itself.
    static func resolvedTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if realpath(path, &buffer) != nil {
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return path }
        let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if link.hasPrefix("/") { return link }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        return directory + "/" + link
    }

    /// strerror's text as Go prints it ("permission denied").
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
