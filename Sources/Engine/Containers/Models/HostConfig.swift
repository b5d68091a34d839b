/// A container's `HostConfig` (Docker's field names). Every field is
/// optional on the way in; `normalized()` fills Docker's defaults so that
/// inspect shows them as Docker does.
public struct HostConfig: Codable, Sendable {
    public struct LogConfig: Codable, Sendable {
        public var `Type`: String?
        public var Config: [String: String]?
        public init(type: String, config: [String: String]) {
            self.Type = type
            self.Config = config
        }
    }

    public struct RestartPolicy: Codable, Sendable {
        public var Name: String?
        public var MaximumRetryCount: Int?
        public init(name: String, maximumRetryCount: Int) {
            Name = name
            MaximumRetryCount = maximumRetryCount
        }
    }

    public struct Ulimit: Codable, Sendable {
        public var Name: String
        public var Soft: Int64
        public var Hard: Int64
    }

    public struct PortBinding: Codable, Sendable {
        public var HostIp: String?
        public var HostPort: String?
    }

    public struct DeviceMapping: Codable, Sendable {
        public var PathOnHost: String?
        public var PathInContainer: String?
        public var CgroupPermissions: String?
    }

    public struct Mount: Codable, Sendable {
        public var `Type`: String?
        public var Source: String?
        public var Target: String?
        public var ReadOnly: Bool?
    }

    public var Binds: [String]?
    public var ContainerIDFile: String?
    public var LogConfig: LogConfig?
    public var NetworkMode: String?
    public var PortBindings: [String: [PortBinding]]?
    public var RestartPolicy: RestartPolicy?
    public var AutoRemove: Bool?
    public var VolumeDriver: String?
    public var VolumesFrom: [String]?
    public var ConsoleSize: [Int]?
    public var Annotations: [String: String]?
    public var CapAdd: [String]?
    public var CapDrop: [String]?
    public var CgroupnsMode: String?
    public var Dns: [String]?
    public var DnsOptions: [String]?
    public var DnsSearch: [String]?
    public var ExtraHosts: [String]?
    public var GroupAdd: [String]?
    public var IpcMode: String?
    public var Cgroup: String?
    public var Links: [String]?
    public var OomScoreAdj: Int?
    public var PidMode: String?
    public var Privileged: Bool?
    public var PublishAllPorts: Bool?
    public var ReadonlyRootfs: Bool?
    public var SecurityOpt: [String]?
    public var StorageOpt: [String: String]?
    public var Tmpfs: [String: String]?
    public var UTSMode: String?
    public var UsernsMode: String?
    public var ShmSize: Int64?
    public var Sysctls: [String: String]?
    public var Runtime: String?
    public var Isolation: String?
    public var CpuShares: Int64?
    public var Memory: Int64?
    public var NanoCpus: Int64?
    public var CgroupParent: String?
    public var BlkioWeight: Int?
    public var CpuPeriod: Int64?
    public var CpuQuota: Int64?
    public var CpuRealtimePeriod: Int64?
    public var CpuRealtimeRuntime: Int64?
    public var CpusetCpus: String?
    public var CpusetMems: String?
    public var Devices: [DeviceMapping]?
    public var DeviceCgroupRules: [String]?
    public var MemoryReservation: Int64?
    public var MemorySwap: Int64?
    public var MemorySwappiness: Int64?
    public var OomKillDisable: Bool?
    public var PidsLimit: Int64?
    public var Ulimits: [Ulimit]?
    public var CpuCount: Int64?
    public var CpuPercent: Int64?
    public var IOMaximumIOps: Int64?
    public var IOMaximumBandwidth: Int64?
    public var Mounts: [Mount]?
    public var MaskedPaths: [String]?
    public var ReadonlyPaths: [String]?
    public var Init: Bool?

    public init() {}

    /// Docker's defaults for what the client left out.
    public func normalized() -> HostConfig {
        var c = self
        if c.NetworkMode == nil || c.NetworkMode == "" || c.NetworkMode == "default" { c.NetworkMode = "bridge" }
        if c.LogConfig?.Type == nil || c.LogConfig?.Type == "" {
            c.LogConfig = .init(type: "json-file", config: c.LogConfig?.Config ?? [:])
        }
        if c.LogConfig?.Config == nil { c.LogConfig?.Config = [:] }
        if c.RestartPolicy?.Name == nil { c.RestartPolicy = .init(name: "no", maximumRetryCount: c.RestartPolicy?.MaximumRetryCount ?? 0) }
        if c.RestartPolicy?.Name == "" { c.RestartPolicy?.Name = "no" }
        if c.RestartPolicy?.MaximumRetryCount == nil { c.RestartPolicy?.MaximumRetryCount = 0 }
        c.AutoRemove = c.AutoRemove ?? false
        c.Privileged = c.Privileged ?? false
        c.PublishAllPorts = c.PublishAllPorts ?? false
        c.ReadonlyRootfs = c.ReadonlyRootfs ?? false
        c.IpcMode = (c.IpcMode ?? "").isEmpty ? "private" : c.IpcMode
        c.CgroupnsMode = (c.CgroupnsMode ?? "").isEmpty ? "host" : c.CgroupnsMode
        c.PidMode = c.PidMode ?? ""
        c.UTSMode = c.UTSMode ?? ""
        c.UsernsMode = c.UsernsMode ?? ""
        c.Cgroup = c.Cgroup ?? ""
        c.ShmSize = (c.ShmSize ?? 0) == 0 ? 64 << 20 : c.ShmSize
        c.Runtime = (c.Runtime ?? "").isEmpty ? "runc" : c.Runtime
        c.Isolation = c.Isolation ?? ""
        c.ConsoleSize = c.ConsoleSize ?? [0, 0]
        c.ContainerIDFile = c.ContainerIDFile ?? ""
        c.VolumeDriver = c.VolumeDriver ?? ""
        c.OomScoreAdj = c.OomScoreAdj ?? 0
        c.CpuShares = c.CpuShares ?? 0
        c.Memory = c.Memory ?? 0
        c.NanoCpus = c.NanoCpus ?? 0
        c.CgroupParent = c.CgroupParent ?? ""
        c.BlkioWeight = c.BlkioWeight ?? 0
        c.CpuPeriod = c.CpuPeriod ?? 0
        c.CpuQuota = c.CpuQuota ?? 0
        c.CpuRealtimePeriod = c.CpuRealtimePeriod ?? 0
        c.CpuRealtimeRuntime = c.CpuRealtimeRuntime ?? 0
        c.CpusetCpus = c.CpusetCpus ?? ""
        c.CpusetMems = c.CpusetMems ?? ""
        c.MemoryReservation = c.MemoryReservation ?? 0
        c.MemorySwap = c.MemorySwap ?? 0
        c.OomKillDisable = c.OomKillDisable ?? false
        c.PidsLimit = c.PidsLimit ?? 0
        c.CpuCount = c.CpuCount ?? 0
        c.CpuPercent = c.CpuPercent ?? 0
        c.IOMaximumIOps = c.IOMaximumIOps ?? 0
        c.IOMaximumBandwidth = c.IOMaximumBandwidth ?? 0
        return c
    }

    public var privileged: Bool { Privileged ?? false }
    public var restartPolicyName: String { self.RestartPolicy?.Name ?? "no" }
}
