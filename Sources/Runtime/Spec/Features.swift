import LinuxSupport
import OCI

/// What `berth-runtime features` reports, in the runtime-spec features format.
public struct Features: Codable, Sendable {
    public struct Linux: Codable, Sendable {
        public struct Cgroup: Codable, Sendable {
            public var v1: Bool
            public var v2: Bool
            public var systemd: Bool
            public var systemdUser: Bool
        }
        public var namespaces: [String]
        public var capabilities: [String]
        public var cgroup: Cgroup
    }
    public var ociVersionMin: String
    public var ociVersionMax: String
    public var hooks: [String]
    public var mountOptions: [String]
    public var linux: Linux

    public static func current() -> Features {
        Features(
            ociVersionMin: "1.0.0", ociVersionMax: RuntimeSpec.version,
            hooks: ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
            mountOptions: (Array(MountOptions.flagOptions.keys) + Array(MountOptions.propagationOptions.keys)).sorted(),
            linux: Linux(namespaces: ["cgroup", "ipc", "mount", "network", "pid", "user", "uts"],
                         capabilities: Array(Capability.names.prefix(Capability.lastSupported + 1)),
                         cgroup: .init(v1: true, v2: true, systemd: false, systemdUser: false)))
    }
}
