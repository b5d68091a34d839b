import CLinux
import Glibc

/// Unix-domain sockets: connecting to a path, socket pairs, and passing
/// descriptors with SCM_RIGHTS (how a pty master reaches a console socket).
public enum UnixSocket {
    public static func connect(path: String) throws(SystemCallError) -> Int32 {
        let fd = try check(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0), "socket")
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            FD.close(fd)
            throw SystemCallError("connect", path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let error = SystemCallError("connect", path)
            FD.close(fd)
            throw error
        }
        return fd
    }

    public static func pair() throws(SystemCallError) -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        try check(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds), "socketpair")
        return (fds[0], fds[1])
    }

    public static func send(fd: Int32, over socket: Int32) throws(SystemCallError) {
        try check(cl_send_fd(socket, fd), "sendmsg(SCM_RIGHTS)")
    }

    public static func receiveFD(over socket: Int32) throws(SystemCallError) -> Int32 {
        try check(cl_recv_fd(socket), "recvmsg(SCM_RIGHTS)")
    }
}

/// Signals delivered as readable events on a descriptor, for poll loops.
public enum SignalFD {
    /// Blocks `signals` for this thread and returns an fd that reports them.
    public static func open(_ signals: [Int32]) throws(SystemCallError) -> Int32 {
        try check(cl_signalfd_for(signals, Int32(signals.count)), "signalfd")
    }

    /// The next pending signal, or nil.
    public static func next(_ fd: Int32) -> Int32? {
        let signal = cl_signalfd_read(fd)
        return signal > 0 ? signal : nil
    }

    /// Default dispositions and an empty mask, as a freshly exec'd program expects.
    public static func resetAll() {
        cl_reset_signals()
    }
}
