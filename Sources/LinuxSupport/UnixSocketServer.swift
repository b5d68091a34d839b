import Glibc

extension UnixSocket {
    /// A listening socket bound at `path` (relative paths resolve against the
    /// working directory, which keeps long state directories under the
    /// 108-byte limit of socket addresses). A stale socket file is replaced.
    public static func listen(path: String, backlog: Int32 = 64) throws(SystemCallError) -> Int32 {
        let fd = try check(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0), "socket")
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            FD.close(fd)
            throw SystemCallError("bind", path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if bound != 0 || Glibc.listen(fd, backlog) != 0 {
            let error = SystemCallError(bound != 0 ? "bind" : "listen", path)
            FD.close(fd)
            throw error
        }
        return fd
    }

    /// The next connection, or nil when none is waiting (non-blocking listener).
    public static func accept(_ listener: Int32) throws(SystemCallError) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return fd
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED { return nil }
            throw SystemCallError("accept", nil)
        }
    }
}

extension FD {
    public static func setNonBlocking(_ fd: Int32, _ on: Bool = true) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return }
        _ = fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK)
    }

    /// A write that may take only part of `bytes` (non-blocking descriptors):
    /// the number written, 0 when the descriptor would block, nil when it is
    /// closed or broken.
    public static func writeSome(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int? {
        while true {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            if errno == ENOTSOCK {
                let m = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if m >= 0 { return m }
                if errno == EINTR { continue }
            }
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            return nil
        }
    }

    /// A read that does not block: bytes, [] at end of file, nil when nothing
    /// is available yet.
    public static func readAvailable(_ fd: Int32, max: Int = 65536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n >= 0 {
                buffer.removeLast(max - n)
                return buffer
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            // EIO on a pty master whose slave side closed means the same as end of file.
            return []
        }
    }
}
