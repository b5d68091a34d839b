import OCI

/// The config.json that `berth-runtime spec` writes: runc's template shape,
/// with Docker's default capabilities, masked and read-only paths, so a
/// bundle made from it behaves like a `docker run` container.
public enum DefaultSpec {
    /// Docker's 14 default capabilities (mask 0x00000000a80425fb).
    public static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]

    public static let maskedPaths = [
        "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats",
        "/sys/devices/virtual/powercap", "/sys/firmware",
    ]

    public static let readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    public static func make() -> RuntimeSpec {
        let caps = RuntimeSpec.Capabilities(bounding: capabilities, effective: capabilities, inheritable: nil,
                                            permitted: capabilities, ambient: nil)
        var process = RuntimeSpec.Process(
            terminal: true, user: .init(uid: 0, gid: 0), args: ["sh"],
            env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            cwd: "/", capabilities: caps,
            rlimits: [.init(type: "RLIMIT_NOFILE", soft: 1024, hard: 1024)], noNewPrivileges: true)
        process.consoleSize = nil
        var linux = RuntimeSpec.Linux()
        linux.namespaces = ["pid", "network", "ipc", "uts", "mount", "cgroup"].map { RuntimeSpec.Namespace(type: $0) }
        linux.resources = .init(devices: [.init(allow: false, access: "rwm")])
        linux.maskedPaths = maskedPaths
        linux.readonlyPaths = readonlyPaths
        return RuntimeSpec(process: process, root: .init(path: "rootfs", readonly: true), hostname: "berth",
                           mounts: mounts, linux: linux)
    }

    static let mounts: [RuntimeSpec.Mount] = [
        .init(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
        .init(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        .init(destination: "/dev/pts", type: "devpts", source: "devpts",
              options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        .init(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        .init(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
        .init(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        .init(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
    ]
}
