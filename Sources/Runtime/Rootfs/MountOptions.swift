import LinuxSupport

/// An OCI mount's option strings split into what mount(2) takes: flags to set,
/// a propagation change to apply afterwards, and filesystem data.
struct MountOptions: Equatable {
    var flags: MountFlags = []
    var propagation: MountFlags = []
    var data: [String] = []

    var isBind: Bool { flags.contains(.bind) }

    /// Flags beyond bind/rec that a bind mount only honours on a remount.
    var remountFlags: MountFlags { flags.subtracting([.bind, .recursive, .remount]) }

    init(_ options: [String]) {
        for option in options {
            if let (flag, set) = Self.flagOptions[option] {
                if set { flags.insert(flag) } else { flags.remove(flag) }
            } else if let propagationFlags = Self.propagationOptions[option] {
                propagation = propagationFlags
            } else if Self.ignored.contains(option) {
                continue
            } else {
                data.append(option)
            }
        }
    }

    static let flagOptions: [String: (MountFlags, Bool)] = [
        "async": (.synchronous, false), "atime": (.noAccessTime, false), "bind": (.bind, true),
        "defaults": ([], true), "dev": (.noDev, false), "diratime": (.noDirAccessTime, false),
        "dirsync": (.dirSync, true), "exec": (.noExec, false), "mand": (.mandatoryLock, true),
        "noatime": (.noAccessTime, true), "nodev": (.noDev, true), "nodiratime": (.noDirAccessTime, true),
        "noexec": (.noExec, true), "nomand": (.mandatoryLock, false), "norelatime": (.relativeAccessTime, false),
        "nostrictatime": (.strictAccessTime, false), "nosuid": (.noSuid, true), "rbind": ([.bind, .recursive], true),
        "relatime": (.relativeAccessTime, true), "remount": (.remount, true), "ro": (.readOnly, true),
        "rw": (.readOnly, false), "strictatime": (.strictAccessTime, true), "suid": (.noSuid, false),
        "sync": (.synchronous, true), "nosymfollow": (.noSymlinkFollow, true),
    ]

    static let propagationOptions: [String: MountFlags] = [
        "private": .private, "rprivate": [.private, .recursive], "shared": .shared, "rshared": [.shared, .recursive],
        "slave": .slave, "rslave": [.slave, .recursive], "unbindable": .unbindable, "runbindable": [.unbindable, .recursive],
    ]

    /// Options that runc understands but that need no action here.
    static let ignored: Set<String> = ["tmpcopyup", "idmap", "ridmap", "rro", "rrw"]

    /// rootfsPropagation values.
    static func propagation(named name: String?) -> MountFlags? {
        guard let name, !name.isEmpty else { return [.slave, .recursive] }
        return propagationOptions[name]
    }
}
