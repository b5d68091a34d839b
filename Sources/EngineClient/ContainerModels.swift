/// What the CLI reads from the container endpoints. As with the image
/// models, every field is optional: daemons differ in what they send.
public struct ContainerSummary: Decodable, Sendable {
    public struct Port: Decodable, Sendable {
        public var IP: String?
        public var PrivatePort: UInt16?
        public var PublicPort: UInt16?
        public var `Type`: String?
    }
    public struct MountPoint: Decodable, Sendable {
        public var `Type`: String?
        public var Name: String?
        public var Source: String?
        public var Destination: String?
        public var Driver: String?
    }
    public struct NetworkSettings: Decodable, Sendable {
        public var Networks: [String: JSONIgnored]?
    }
    public var Id: String?
    public var Names: [String]?
    public var Image: String?
    public var ImageID: String?
    public var Command: String?
    public var Created: Int64?
    public var Ports: [Port]?
    public var SizeRw: Int64?
    public var SizeRootFs: Int64?
    public var Labels: [String: String]?
    public var State: String?
    public var Status: String?
    public var Mounts: [MountPoint]?
    public var NetworkSettings: NetworkSettings?
}

/// The parts of `GET /containers/{id}/json` the commands act on; the
/// document itself is kept as bytes for `inspect`.
public struct ContainerDetails: Decodable, Sendable {
    public struct State: Decodable, Sendable {
        public var Status: String?
        public var Running: Bool?
        public var Paused: Bool?
        public var Restarting: Bool?
        public var ExitCode: Int?
    }
    public struct Config: Decodable, Sendable {
        public var Tty: Bool?
        public var OpenStdin: Bool?
    }
    public struct HostConfig: Decodable, Sendable {
        public var AutoRemove: Bool?
    }
    public struct PortBinding: Decodable, Sendable {
        public var HostIp: String?
        public var HostPort: String?
    }
    public struct NetworkSettings: Decodable, Sendable {
        public var Ports: [String: [PortBinding]?]?
    }
    public var Id: String?
    public var Name: String?
    public var State: State?
    public var Config: Config?
    public var HostConfig: HostConfig?
    public var NetworkSettings: NetworkSettings?
}

public struct ContainerCreateResponse: Decodable, Sendable {
    public var Id: String?
    public var Warnings: [String]?
}

/// `POST /containers/{id}/wait`.
public struct ContainerWaitResult: Decodable, Sendable {
    public struct WaitError: Decodable, Sendable {
        public var Message: String?
    }
    public var StatusCode: Int64?
    public var Error: WaitError?
}

public struct ExecCreateResponse: Decodable, Sendable {
    public var Id: String?
}

/// `GET /exec/{id}/json`: what sets `exec`'s exit status.
public struct ExecDetails: Decodable, Sendable {
    public var ExitCode: Int?
    public var Running: Bool?
}

public struct ContainerTopResult: Decodable, Sendable {
    public var Titles: [String]?
    public var Processes: [[String]]?
}

public struct ContainersPruneReport: Decodable, Sendable {
    public var ContainersDeleted: [String]?
    public var SpaceReclaimed: UInt64?
}

/// One line of `GET /containers/{id}/changes`.
public struct FilesystemChange: Decodable, Sendable {
    public var Path: String?
    /// 0 modified, 1 added, 2 deleted.
    public var Kind: Int?
}

public struct ContainerUpdateResult: Decodable, Sendable {
    public var Warnings: [String]?
}

/// `X-Docker-Container-Path-Stat`: base64 of this JSON. `mode` holds Go's
/// os.FileMode bits (directory 1<<31, symlink 1<<27, …).
public struct ContainerPathStat: Decodable, Sendable {
    public var name: String?
    public var size: Int64?
    public var mode: UInt32?
    public var mtime: String?
    public var linkTarget: String?

    public static let directoryBit: UInt32 = 1 << 31
    public static let symlinkBit: UInt32 = 1 << 27
    public static let deviceBit: UInt32 = 1 << 26
    public static let namedPipeBit: UInt32 = 1 << 25
    public static let socketBit: UInt32 = 1 << 24
    public static let charDeviceBit: UInt32 = 1 << 21
    public static let irregularBit: UInt32 = 1 << 19

    public var isDirectory: Bool { (mode ?? 0) & Self.directoryBit != 0 }
    public var isSymlink: Bool { (mode ?? 0) & Self.symlinkBit != 0 }
}

/// One sample of `GET /containers/{id}/stats`.
public struct ContainerStatsSample: Decodable, Sendable {
    public struct CPUUsage: Decodable, Sendable {
        public var total_usage: UInt64?
        public var percpu_usage: [UInt64]?
    }
    public struct CPUStats: Decodable, Sendable {
        public var cpu_usage: CPUUsage?
        public var system_cpu_usage: UInt64?
        public var online_cpus: UInt32?
    }
    public struct MemoryStats: Decodable, Sendable {
        public var usage: UInt64?
        public var limit: UInt64?
        public var stats: [String: UInt64]?
    }
    public struct BlkioEntry: Decodable, Sendable {
        public var op: String?
        public var value: UInt64?
    }
    public struct BlkioStats: Decodable, Sendable {
        public var io_service_bytes_recursive: [BlkioEntry]?
    }
    public struct NetworkStats: Decodable, Sendable {
        public var rx_bytes: UInt64?
        public var tx_bytes: UInt64?
    }
    public struct PidsStats: Decodable, Sendable {
        public var current: UInt64?
    }
    public var name: String?
    public var id: String?
    public var read: String?
    public var preread: String?
    public var cpu_stats: CPUStats?
    public var precpu_stats: CPUStats?
    public var memory_stats: MemoryStats?
    public var blkio_stats: BlkioStats?
    public var networks: [String: NetworkStats]?
    public var pids_stats: PidsStats?
}

/// One message of `GET /events`.
public struct EngineEvent: Decodable, Sendable {
    public struct Actor: Decodable, Sendable {
        public var ID: String?
        public var Attributes: [String: String]?
    }
    public var status: String?
    public var id: String?
    public var from: String?
    public var `Type`: String?
    public var Action: String?
    public var Actor: Actor?
    public var scope: String?
    public var time: Int64?
    public var timeNano: Int64?

    public init() {}
}
