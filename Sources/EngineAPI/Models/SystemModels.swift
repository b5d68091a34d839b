import Engine
import OCI

// Engine API shapes. Property names are the wire's keys (capitalised, as
// Docker's Go structs), so the types stay a plain mirror of the API.

struct VersionComponent: Encodable {
    let Name: String
    let Version: String
    let Details: [String: String]
}

struct VersionResponse: Encodable {
    let Platform: [String: String]
    let Components: [VersionComponent]
    let Version: String
    let ApiVersion: String
    let MinAPIVersion: String
    let GitCommit: String
    let GoVersion: String
    let Os: String
    let Arch: String
    let KernelVersion: String
    let BuildTime: String

    init(_ system: SystemInfo) {
        let arch = OCI.Platform.hostArchitecture
        Platform = ["Name": "Berth"]
        Components = [VersionComponent(Name: "Engine", Version: BerthVersion.version, Details: [
            "ApiVersion": APIVersion.current.description, "MinAPIVersion": APIVersion.minimum.description,
            "Arch": arch, "Os": "linux", "KernelVersion": system.kernelVersion, "GitCommit": BerthVersion.gitCommit,
            "GoVersion": "swift", "Experimental": "false", "BuildTime": "",
        ])]
        Version = BerthVersion.version
        ApiVersion = APIVersion.current.description
        MinAPIVersion = APIVersion.minimum.description
        GitCommit = BerthVersion.gitCommit
        GoVersion = "swift"
        Os = "linux"
        Arch = arch
        KernelVersion = system.kernelVersion
        BuildTime = ""
    }
}

struct InfoResponse: Encodable {
    let ID: String
    let Containers: Int
    let ContainersRunning: Int
    let ContainersPaused: Int
    let ContainersStopped: Int
    let Images: Int
    let Driver: String
    let DriverStatus: [[String]]
    let DockerRootDir: String
    let ExecRoot: String
    let MemoryLimit: Bool
    let SwapLimit: Bool
    let CpuCfsPeriod: Bool
    let CpuCfsQuota: Bool
    let PidsLimit: Bool
    let IPv4Forwarding: Bool
    let Debug: Bool
    let NFd: Int
    let NGoroutines: Int
    let SystemTime: String
    let LoggingDriver: String
    let CgroupDriver: String
    let CgroupVersion: String
    let NEventsListener: Int
    let KernelVersion: String
    let OperatingSystem: String
    let OSType: String
    let OSVersion: String
    let Architecture: String
    let NCPU: Int
    let MemTotal: Int64
    let IndexServerAddress: String
    let RegistryConfig: [String: [String]]
    let Name: String
    let Labels: [String]
    let ExperimentalBuild: Bool
    let ServerVersion: String
    let Runtimes: [String: [String: String]]
    let DefaultRuntime: String
    let LiveRestoreEnabled: Bool
    let Isolation: String
    let InitBinary: String
    let SecurityOptions: [String]
    let Warnings: [String]
    let Swarm: SwarmInfo
    let Plugins: [String: [String]]

    struct SwarmInfo: Encodable {
        let NodeID = ""
        let NodeAddr = ""
        let LocalNodeState = "inactive"
        let ControlAvailable = false
        let Error = ""
    }

    init(_ system: SystemInfo, images: Int) {
        ID = ""
        Containers = 0; ContainersRunning = 0; ContainersPaused = 0; ContainersStopped = 0
        Images = images
        Driver = "overlay2"
        DriverStatus = [["Backing Filesystem", "extfs"], ["Supports d_type", "true"]]
        DockerRootDir = system.dataRoot
        ExecRoot = system.execRoot
        MemoryLimit = true; SwapLimit = true; CpuCfsPeriod = true; CpuCfsQuota = true; PidsLimit = true
        IPv4Forwarding = true
        Debug = false
        NFd = 0; NGoroutines = 0
        SystemTime = LinuxClock.now()
        LoggingDriver = "json-file"
        CgroupDriver = "cgroupfs"
        CgroupVersion = system.cgroupVersion
        NEventsListener = 0
        KernelVersion = system.kernelVersion
        OperatingSystem = system.operatingSystem
        OSType = "linux"
        OSVersion = ""
        Architecture = SystemInfo.machine
        NCPU = system.cpus
        MemTotal = system.memoryBytes
        IndexServerAddress = "https://index.docker.io/v1/"
        RegistryConfig = ["InsecureRegistryCIDRs": ["127.0.0.0/8"], "Mirrors": []]
        Name = system.hostname
        Labels = []
        ExperimentalBuild = false
        ServerVersion = BerthVersion.version
        Runtimes = ["berth": ["path": "berth-runtime"]]
        DefaultRuntime = "berth"
        LiveRestoreEnabled = true
        Isolation = ""
        InitBinary = ""
        SecurityOptions = ["name=seccomp,profile=builtin"]
        Warnings = []
        Swarm = SwarmInfo()
        Plugins = ["Volume": ["local"], "Network": ["bridge", "host", "none"], "Log": ["json-file", "local"]]
    }
}

struct DiskUsageResponse: Encodable {
    let LayersSize: Int64
    let Images: [ImageSummary]
    let Containers: [String]
    let Volumes: [String]
    let BuildCache: [String]
}

extension SystemInfo {
    static var machine: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "aarch64"
        #else
        "unknown"
        #endif
    }
}
