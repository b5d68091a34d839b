import Glibc
import LinuxSupport

/// Docker creates a container's working directory (`-w`, `WORKDIR`) when the
/// image lacks it: missing components are made owned by root with mode 0755,
/// looked up as the container would (symlinks stay inside its root).
public enum WorkingDirectory {
    public static func create(_ path: String, rootfs: String) throws(RootfsError) {
        let root = try ContainerRoot(rootfs)
        var parent = try root.open("/", followingLast: true, directory: true)
        defer { FD.close(parent) }
        var walked = ""
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            walked += "/" + part
            let next: Int32
            do {
                next = try root.open(walked, followingLast: true, directory: true)
            } catch .notFound {
                if mkdirat(parent, String(part), 0o755) != 0 && errno != EEXIST {
                    throw .system(SystemCallError("mkdir", walked))
                }
                next = try root.open(walked, followingLast: true, directory: true)
            } catch .system(let error) where error.errno == ENOTDIR {
                throw .cannotCreateDirectory(walked)
            }
            FD.close(parent)
            parent = next
        }
    }
}
