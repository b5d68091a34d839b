/// What the CLI reads from the image endpoints. Every field is optional: the
/// daemon (ours, or Docker of some version) may leave any of them out.
public struct ImageSummary: Decodable, Sendable {
    public var Id: String?
    public var ParentId: String?
    public var RepoTags: [String]?
    public var RepoDigests: [String]?
    public var Created: Int64?
    public var Size: Int64?
    public var SharedSize: Int64?
    public var VirtualSize: Int64?
    public var Labels: [String: String]?
    public var Containers: Int64?
}

public struct ImageHistoryItem: Decodable, Sendable {
    public var Id: String?
    public var Created: Int64?
    public var CreatedBy: String?
    public var Tags: [String]?
    public var Size: Int64?
    public var Comment: String?
}

/// One line of `DELETE /images/{name}` and of an images prune report.
public struct ImageDeleteItem: Decodable, Sendable {
    public var Untagged: String?
    public var Deleted: String?
}

public struct ImagesPruneReport: Decodable, Sendable {
    public var ImagesDeleted: [ImageDeleteItem]?
    public var SpaceReclaimed: UInt64?
}

/// `GET /version`.
public struct VersionInfo: Decodable, Sendable {
    public struct Component: Decodable, Sendable {
        public var Name: String?
        public var Version: String?
        public var Details: [String: String]?
    }
    public struct Platform: Decodable, Sendable {
        public var Name: String?
    }
    public var Platform: Platform?
    public var Components: [Component]?
    public var Version: String?
    public var ApiVersion: String?
    public var MinAPIVersion: String?
    public var GitCommit: String?
    public var GoVersion: String?
    public var Os: String?
    public var Arch: String?
    public var KernelVersion: String?
    public var Experimental: Bool?
    public var BuildTime: String?
}

/// `GET /info`: the fields `berth info` prints.
public struct SystemInfo: Decodable, Sendable {
    public struct Plugins: Decodable, Sendable {
        public var Volume: [String]?
        public var Network: [String]?
        public var Authorization: [String]?
        public var Log: [String]?
    }
    public struct Swarm: Decodable, Sendable {
        public var LocalNodeState: String?
        public var NodeID: String?
    }
    public struct Commit: Decodable, Sendable {
        public var ID: String?
    }
    public struct IndexInfo: Decodable, Sendable {
        public var Name: String?
        public var Secure: Bool?
    }
    public struct RegistryConfig: Decodable, Sendable {
        public var InsecureRegistryCIDRs: [String]?
        public var IndexConfigs: [String: IndexInfo]?
        public var Mirrors: [String]?
    }
    public struct AddressPool: Decodable, Sendable {
        public var Base: String?
        public var Size: Int?
    }

    public var ID: String?
    public var Containers: Int?
    public var ContainersRunning: Int?
    public var ContainersPaused: Int?
    public var ContainersStopped: Int?
    public var Images: Int?
    public var Driver: String?
    public var DriverStatus: [[String]]?
    public var SystemStatus: [[String]]?
    public var Plugins: Plugins?
    public var Debug: Bool?
    public var LoggingDriver: String?
    public var CgroupDriver: String?
    public var CgroupVersion: String?
    public var KernelVersion: String?
    public var OperatingSystem: String?
    public var OSType: String?
    public var Architecture: String?
    public var NCPU: Int?
    public var MemTotal: Int64?
    public var DockerRootDir: String?
    public var HttpProxy: String?
    public var HttpsProxy: String?
    public var NoProxy: String?
    public var Name: String?
    public var Labels: [String]?
    public var ExperimentalBuild: Bool?
    public var ServerVersion: String?
    public var Runtimes: [String: JSONIgnored]?
    public var DefaultRuntime: String?
    public var Swarm: Swarm?
    public var LiveRestoreEnabled: Bool?
    public var InitBinary: String?
    public var ContainerdCommit: Commit?
    public var RuncCommit: Commit?
    public var InitCommit: Commit?
    public var SecurityOptions: [String]?
    public var ProductLicense: String?
    public var DefaultAddressPools: [AddressPool]?
    public var Warnings: [String]?
    public var RegistryConfig: RegistryConfig?
}

/// A value whose content does not matter, only its presence.
public struct JSONIgnored: Decodable, Sendable {
    public init(from decoder: any Decoder) throws {}
}

/// `GET /system/df`: what `system df` sums up.
public struct DiskUsage: Decodable, Sendable {
    public struct Container: Decodable, Sendable {
        public var Id: String?
        public var State: String?
        public var SizeRw: Int64?
        public var SizeRootFs: Int64?
    }
    public struct Volume: Decodable, Sendable {
        public struct Usage: Decodable, Sendable {
            public var Size: Int64?
            public var RefCount: Int64?
        }
        public var Name: String?
        public var UsageData: Usage?
    }
    public struct BuildCacheRecord: Decodable, Sendable {
        public var ID: String?
        public var Size: Int64?
        public var InUse: Bool?
        public var Shared: Bool?
    }
    public var LayersSize: Int64?
    public var Images: [ImageSummary]?
    public var Containers: [Container]?
    public var Volumes: [Volume]?
    public var BuildCache: [BuildCacheRecord]?
}
