import Engine
import Glibc
import LinuxSupport
import Storage

/// SizeRw (the container's upper dir) and SizeRootFs (that plus its image's layers).
enum ContainerSize {
    static func of(_ record: ContainerRecord, containers: ContainerService, snapshots: SnapshotStore) -> (rw: Int64, rootfs: Int64) {
        let paths = ContainerPaths(root: containers.settings.root, id: record.id)
        let rw = bytes(under: paths.upper)
        let image = record.layers.reduce(Int64(0)) { $0 + bytes(under: snapshots.path($1)) }
        return (rw, rw + image)
    }

    static func bytes(under path: String) -> Int64 {
        var total: Int64 = 0
        var seen = Set<UInt64>()
        func walk(_ directory: String) {
            for name in Directory.entries(directory) {
                let child = directory + "/" + name
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: walk(child)
                case S_IFREG:
                    if info.st_nlink > 1 && !seen.insert(UInt64(info.st_ino)).inserted { continue }
                    total += Int64(info.st_size)
                case S_IFLNK: total += Int64(info.st_size)
                default: continue
                }
            }
        }
        walk(path)
        return total
    }
}
