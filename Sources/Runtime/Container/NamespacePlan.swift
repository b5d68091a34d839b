import LinuxSupport
import OCI

/// linux.namespaces sorted into the ones to create and the ones to join.
struct NamespacePlan {
    var create: [NamespaceKind] = []
    var join: [(kind: NamespaceKind, path: String)] = []

    init(_ namespaces: [RuntimeSpec.Namespace]) throws(RuntimeError) {
        for namespace in namespaces {
            guard let kind = Self.kinds[namespace.type] else {
                throw .invalidSpec("unknown namespace type \(namespace.type)")
            }
            if let path = namespace.path, !path.isEmpty {
                join.append((kind, path))
            } else {
                create.append(kind)
            }
        }
        // The user namespace first (it owns the others), the mount namespace
        // last (joining it changes which /proc the other paths resolve in).
        join.sort { Self.joinOrder.firstIndex(of: $0.kind)! < Self.joinOrder.firstIndex(of: $1.kind)! }
    }

    static let kinds: [String: NamespaceKind] = [
        "pid": .pid, "network": .network, "mount": .mount, "ipc": .ipc, "uts": .uts,
        "user": .user, "cgroup": .cgroup, "time": .time,
    ]
    static let joinOrder: [NamespaceKind] = [.user, .ipc, .uts, .network, .pid, .cgroup, .time, .mount]

    var createsUserNamespace: Bool { create.contains(.user) }
    var inUserNamespace: Bool { create.contains(.user) || join.contains { $0.kind == .user } }
    func creates(_ kind: NamespaceKind) -> Bool { create.contains(kind) }

    /// Clone flags for the init: every new namespace except user, which the
    /// intermediate process unshares itself so its maps can be written first.
    var cloneFlags: UInt64 {
        create.filter { $0 != .user }.reduce(UInt64(0)) { $0 | UInt64($1.cloneFlag) }
    }
}

enum UserNamespaceMaps {
    static func write(pid: Int32, uid: [RuntimeSpec.IDMapping], gid: [RuntimeSpec.IDMapping]) throws(RuntimeError) {
        func lines(_ maps: [RuntimeSpec.IDMapping]) -> String {
            maps.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
        }
        guard !uid.isEmpty, !gid.isEmpty else { throw .invalidSpec("a user namespace needs uidMappings and gidMappings") }
        try sys { () throws(SystemCallError) in
            try SmallFile.write("/proc/\(pid)/uid_map", lines(uid))
            try SmallFile.write("/proc/\(pid)/gid_map", lines(gid))
        }
    }
}
