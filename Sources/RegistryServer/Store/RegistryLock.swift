import Glibc

/// `<root>/.lock`, held (flock, exclusive) by a serving registry and by the
/// garbage collector: the collector must never sweep a blob an upload or
/// manifest push is about to name, so the two never run on one root at once.
/// The kernel drops the lock when its holder dies, even by SIGKILL.
public final class RegistryLock: Sendable {
    private let fd: Int32

    public init(root: String, purpose: String) throws(RegistryStoreError) {
        let path = root + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RegistryStoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw RegistryStoreError("\(root) is in use by another berth-registry (serving or collecting garbage); cannot \(purpose)")
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
