import Glibc

/// What stat(2) says about a file that callers here need: its identity
/// (device and inode, to notice that a name now points at another file),
/// its size and when it was last written.
public struct FileStatus: Sendable, Equatable {
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    public let modificationSeconds: Int64
    public let modificationNanoseconds: Int32
    public let isRegularFile: Bool

    /// stat(2) of `path`, following symlinks. The error's `errno` is ENOENT when nothing is there.
    public init(path: String) throws(SystemCallError) {
        var st = stat()
        try check(stat(path, &st), "stat", path)
        self.init(st)
    }

    /// fstat(2) of an open descriptor.
    public init(descriptor fd: Int32, subject: String? = nil) throws(SystemCallError) {
        var st = stat()
        try check(fstat(fd, &st), "fstat", subject)
        self.init(st)
    }

    /// The status of `path`, or nil when nothing is there; other failures throw.
    public static func ifExists(_ path: String) throws(SystemCallError) -> FileStatus? {
        do { return try FileStatus(path: path) } catch where error.errno == ENOENT { return nil }
    }

    /// Whether both describe the same file (not merely the same name).
    public func isSameFile(as other: FileStatus) -> Bool {
        device == other.device && inode == other.inode
    }

    private init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        modificationSeconds = Int64(st.st_mtim.tv_sec)
        modificationNanoseconds = Int32(st.st_mtim.tv_nsec)
        isRegularFile = st.st_mode & S_IFMT == S_IFREG
    }
}
