import CLinux
import Glibc

/// Linux capabilities by their OCI names ("CAP_CHOWN"), as bit numbers.
public enum Capability {
    public static let names: [String] = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ]

    public static func number(of name: String) -> Int? {
        let upper = name.uppercased()
        return names.firstIndex(of: upper.hasPrefix("CAP_") ? upper : "CAP_" + upper)
    }

    /// The highest capability this kernel knows.
    /// Read once: it cannot change while the system runs, and every name
    /// checked against it used to read the file again.
    public static let lastSupported: Int = {
        let text = (try? SmallFile.read("/proc/sys/kernel/cap_last_cap")) ?? ""
        return Int(text.filter(\.isNumber)) ?? 40
    }()

    /// A bit mask from names; unknown names are returned separately so callers
    /// can report them (runc warns and skips them).
    public static func mask(_ list: [String]) -> (mask: UInt64, unknown: [String]) {
        var mask: UInt64 = 0
        var unknown: [String] = []
        for name in list {
            if let bit = number(of: name), bit <= lastSupported { mask |= 1 << UInt64(bit) } else { unknown.append(name) }
        }
        return (mask, unknown)
    }

    /// Drops every capability not in `keep` from the bounding set. Needs CAP_SETPCAP.
    public static func limitBoundingSet(to keep: UInt64) throws(SystemCallError) {
        for bit in 0...lastSupported where keep & (1 << UInt64(bit)) == 0 {
            if cl_prctl(24 /* PR_CAPBSET_DROP */, UInt(bit), 0, 0, 0) != 0 && errno != EINVAL {
                throw SystemCallError("prctl(PR_CAPBSET_DROP)", names[bit])
            }
        }
    }

    public static func set(effective: UInt64, permitted: UInt64, inheritable: UInt64) throws(SystemCallError) {
        try check(cl_capset(effective, permitted, inheritable), "capset")
    }

    public static func current() throws(SystemCallError) -> (effective: UInt64, permitted: UInt64, inheritable: UInt64) {
        var e: UInt64 = 0, p: UInt64 = 0, i: UInt64 = 0
        try check(cl_capget(&e, &p, &i), "capget")
        return (e, p, i)
    }

    /// Replaces the ambient set: clears it, then raises each capability in `mask`.
    public static func setAmbient(_ mask: UInt64) throws(SystemCallError) {
        try check(cl_prctl(47 /* PR_CAP_AMBIENT */, 4 /* CLEAR_ALL */, 0, 0, 0), "prctl(PR_CAP_AMBIENT_CLEAR_ALL)")
        for bit in 0...lastSupported where mask & (1 << UInt64(bit)) != 0 {
            try check(cl_prctl(47, 2 /* RAISE */, UInt(bit), 0, 0), "prctl(PR_CAP_AMBIENT_RAISE)", names[bit])
        }
    }
}

/// prctl(2) settings a runtime needs, one function each.
public enum ProcessControl {
    public static func setNoNewPrivileges() throws(SystemCallError) {
        try check(cl_prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    }

    public static func setKeepCapabilities(_ on: Bool) throws(SystemCallError) {
        try check(cl_prctl(8 /* PR_SET_KEEPCAPS */, on ? 1 : 0, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)")
    }

    /// A non-dumpable process's /proc/PID entries are owned by root and cannot be
    /// ptraced or opened by the container's processes.
    public static func setDumpable(_ on: Bool) throws(SystemCallError) {
        try check(cl_prctl(4 /* PR_SET_DUMPABLE */, on ? 1 : 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")
    }

    /// Orphaned descendants are re-parented to this process instead of init.
    public static func setChildSubreaper() throws(SystemCallError) {
        try check(cl_prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)")
    }

    public static func setParentDeathSignal(_ signal: Int32) throws(SystemCallError) {
        try check(cl_prctl(1 /* PR_SET_PDEATHSIG */, UInt(signal), 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")
    }
}

/// Identity changes, done in the order the kernel requires (groups, gid, uid).
public enum Identity {
    public static func become(uid: UInt32, gid: UInt32, additionalGroups: [UInt32], setGroups: Bool) throws(SystemCallError) {
        if setGroups {
            try check(cl_setgroups(additionalGroups.count, additionalGroups), "setgroups")
        }
        try check(cl_setresgid(gid, gid, gid), "setresgid", "\(gid)")
        try check(cl_setresuid(uid, uid, uid), "setresuid", "\(uid)")
    }
}

/// Resource limits by their OCI names ("RLIMIT_NOFILE").
public enum ResourceLimit {
    public static let numbers: [String: Int32] = [
        "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4,
        "RLIMIT_RSS": 5, "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9,
        "RLIMIT_LOCKS": 10, "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13,
        "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
    ]

    public static func set(_ name: String, soft: UInt64, hard: UInt64) throws(SystemCallError) {
        guard let resource = numbers[name] else { throw SystemCallError("setrlimit", name, errno: EINVAL) }
        try check(cl_setrlimit(resource, soft, hard), "setrlimit", name)
    }
}
