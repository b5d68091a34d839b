import Glibc

/// What `docker cp` learns of a container path before copying: the JSON
/// of the `X-Docker-Container-Path-Stat` header (the daemon base64s it).
public struct PathStat: Sendable, Hashable, Codable {
    public var name: String
    public var size: Int64
    /// Go's `os.FileMode` bits, as Docker sends them (a directory 0o755 is 2147484141).
    public var mode: UInt32
    /// RFC 3339 with nanoseconds, in the daemon's time zone, as Go writes times.
    public var mtime: String
    /// For a symlink: where it leads, all symlinks followed inside the container.
    public var linkTarget: String

    public init(name: String, size: Int64, mode: UInt32, mtime: String, linkTarget: String) {
        self.name = name
        self.size = size
        self.mode = mode
        self.mtime = mtime
        self.linkTarget = linkTarget
    }
}

/// Go's `os.FileMode` from a Linux `st_mode`.
enum GoFileMode {
    static let directory: UInt32 = 1 << 31
    static let symlink: UInt32 = 1 << 27
    static let device: UInt32 = 1 << 26
    static let namedPipe: UInt32 = 1 << 25
    static let socket: UInt32 = 1 << 24
    static let setuid: UInt32 = 1 << 23
    static let setgid: UInt32 = 1 << 22
    static let characterDevice: UInt32 = 1 << 21
    static let sticky: UInt32 = 1 << 20

    static func from(_ mode: mode_t) -> UInt32 {
        var result = UInt32(mode & 0o777)
        switch mode & S_IFMT {
        case S_IFDIR: result |= directory
        case S_IFLNK: result |= symlink
        case S_IFCHR: result |= device | characterDevice
        case S_IFBLK: result |= device
        case S_IFIFO: result |= namedPipe
        case S_IFSOCK: result |= socket
        default: break
        }
        if mode & S_ISUID != 0 { result |= setuid }
        if mode & S_ISGID != 0 { result |= setgid }
        if mode & S_ISVTX != 0 { result |= sticky }
        return result
    }
}

/// Times as Go's `time.Time` marshals them (RFC 3339, nanoseconds with
/// trailing zeros dropped), in the local time zone as Go's `os.Lstat` gives them.
enum GoTime {
    static func rfc3339(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        if time.tv_nsec != 0 {
            var fraction = pad(time.tv_nsec, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        let offset = parts.tm_gmtoff
        if offset == 0 { return text + "Z" }
        let minutes = abs(offset) / 60
        return text + (offset < 0 ? "-" : "+") + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
    }
}
