import Engine
import OCI

/// An item of GET /containers/json.
struct ContainerSummary: Encodable {
    struct Port: Encodable {
        let IP: String?
        let PrivatePort: Int
        let PublicPort: Int?
        let `Type`: String
    }

    struct HostConfigSummary: Encodable {
        let NetworkMode: String
    }

    struct NetworkSettingsSummary: Encodable {
        let Networks: [String: EndpointSettings]
    }

    let Id: String
    let Names: [String]
    let Image: String
    let ImageID: String
    let Command: String
    let Created: Int64
    let Ports: [Port]
    let SizeRw: Int64?
    let SizeRootFs: Int64?
    let Labels: [String: String]
    let State: String
    let Status: String
    let HostConfig: HostConfigSummary
    let NetworkSettings: NetworkSettingsSummary
    let Mounts: [MountPoint]

    init(_ record: ContainerRecord, size: (rw: Int64, rootfs: Int64)?) {
        Id = record.id
        Names = ["/" + record.name]
        Image = record.config.Image ?? record.imageID
        ImageID = record.imageID
        Command = ContainerSummary.command(record)
        Created = Int64(RFC3339.unixTime(record.created) ?? 0)
        Ports = []
        SizeRw = size?.rw
        SizeRootFs = size?.rootfs
        Labels = record.config.Labels ?? [:]
        State = ContainerSummary.stateName(record)
        Status = ContainerStatusText.of(record)
        HostConfig = .init(NetworkMode: record.hostConfig.NetworkMode ?? "bridge")
        NetworkSettings = .init(Networks: EndpointSettings.networks(record))
        Mounts = []
    }

    /// Path and args, an argument with a space in single quotes, as moby lists it.
    static func command(_ record: ContainerRecord) -> String {
        let args = record.args.map { $0.contains(" ") ? "'\($0)'" : $0 }
        return ([record.path] + args).joined(separator: " ")
    }

    /// created, running, paused, restarting, exited, dead.
    static func stateName(_ record: ContainerRecord) -> String {
        let state = record.state
        if state.Running { return state.Paused ? "paused" : "running" }
        if state.Restarting { return "restarting" }
        if state.Dead { return "dead" }
        if !record.hasBeenStarted { return "created" }
        return "exited"
    }
}

struct MountPoint: Encodable {
    let `Type`: String
    let Source: String
    let Destination: String
    let Mode: String
    let RW: Bool
    let Propagation: String
}

/// One network of a container. Until bridge networking exists, a "bridge"
/// container has its own network namespace with loopback only: no address.
struct EndpointSettings: Encodable {
    let IPAMConfig: String?
    let Links: [String]?
    let Aliases: [String]?
    let MacAddress: String
    let NetworkID: String
    let EndpointID: String
    let Gateway: String
    let IPAddress: String
    let IPPrefixLen: Int
    let IPv6Gateway: String
    let GlobalIPv6Address: String
    let GlobalIPv6PrefixLen: Int
    let DriverOpts: [String: String]?
    let DNSNames: [String]?

    static func networks(_ record: ContainerRecord) -> [String: EndpointSettings] {
        let mode = record.hostConfig.NetworkMode ?? "bridge"
        let empty = EndpointSettings(IPAMConfig: nil, Links: nil, Aliases: nil, MacAddress: "", NetworkID: "", EndpointID: "",
                                     Gateway: "", IPAddress: "", IPPrefixLen: 0, IPv6Gateway: "", GlobalIPv6Address: "",
                                     GlobalIPv6PrefixLen: 0, DriverOpts: nil, DNSNames: nil)
        return [mode: empty]
    }
}

/// GET /containers/{id}/json. Every object the CLI dereferences is present:
/// a null State, Config, HostConfig or NetworkSettings crashes it.
struct ContainerInspect: Encodable {
    struct GraphDriverInfo: Encodable {
        let Name: String
        let Data: [String: String]
    }

    struct NetworkSettingsInfo: Encodable {
        let Bridge: String
        let SandboxID: String
        let SandboxKey: String
        let HairpinMode: Bool
        let LinkLocalIPv6Address: String
        let LinkLocalIPv6PrefixLen: Int
        let Ports: [String: [HostConfig.PortBinding]?]
        let SecondaryIPAddresses: [String]?
        let SecondaryIPv6Addresses: [String]?
        let EndpointID: String
        let Gateway: String
        let GlobalIPv6Address: String
        let GlobalIPv6PrefixLen: Int
        let IPAddress: String
        let IPPrefixLen: Int
        let IPv6Gateway: String
        let MacAddress: String
        let Networks: [String: EndpointSettings]
    }

    let Id: String
    let Created: String
    let Path: String
    let Args: [String]
    let State: ContainerStateInfo
    let Image: String
    let ResolvConfPath: String
    let HostnamePath: String
    let HostsPath: String
    let LogPath: String
    let Name: String
    let RestartCount: Int
    let Driver: String
    let Platform: String
    let MountLabel: String
    let ProcessLabel: String
    let AppArmorProfile: String
    let ExecIDs: [String]?
    let HostConfig: HostConfig
    let GraphDriver: GraphDriverInfo
    let SizeRw: Int64?
    let SizeRootFs: Int64?
    let Mounts: [MountPoint]
    let Config: RunConfig
    let NetworkSettings: NetworkSettingsInfo

    init(_ record: ContainerRecord, paths: ContainerPaths, lowerDirs: [String], execIDs: [String], size: (rw: Int64, rootfs: Int64)?) {
        Id = record.id
        Created = record.created
        Path = record.path
        Args = record.args
        State = record.state
        Image = record.imageID
        ResolvConfPath = paths.resolvConf
        HostnamePath = paths.hostname
        HostsPath = paths.hosts
        LogPath = paths.log(record.id)
        Name = "/" + record.name
        RestartCount = record.restartCount
        Driver = record.driver
        Platform = "linux"
        MountLabel = ""
        ProcessLabel = ""
        AppArmorProfile = ""
        ExecIDs = execIDs.isEmpty ? nil : execIDs
        HostConfig = record.hostConfig
        GraphDriver = GraphDriverInfo(Name: record.driver, Data: [
            "LowerDir": lowerDirs.joined(separator: ":"),
            "MergedDir": paths.rootfs,
            "UpperDir": paths.upper,
            "WorkDir": paths.work,
        ])
        SizeRw = size?.rw
        SizeRootFs = size?.rootfs
        Mounts = (record.hostConfig.Binds ?? []).compactMap { bind in
            let parts = bind.split(separator: ":").map(String.init)
            guard parts.count >= 2 else { return nil }
            let mode = parts.count > 2 ? parts[2] : ""
            return MountPoint(Type: "bind", Source: parts[0], Destination: parts[1], Mode: mode,
                              RW: !mode.split(separator: ",").contains("ro"), Propagation: "rprivate")
        }
        Config = record.config
        let networks = EndpointSettings.networks(record)
        var ports: [String: [HostConfig.PortBinding]?] = [:]
        for port in (record.config.ExposedPorts ?? [:]).keys { ports[port] = .some(nil) }
        NetworkSettings = NetworkSettingsInfo(
            Bridge: "", SandboxID: record.state.Running ? record.id : "",
            SandboxKey: record.state.Running && record.state.Pid > 0 ? "/proc/\(record.state.Pid)/ns/net" : "",
            HairpinMode: false, LinkLocalIPv6Address: "", LinkLocalIPv6PrefixLen: 0, Ports: ports,
            SecondaryIPAddresses: nil, SecondaryIPv6Addresses: nil, EndpointID: "", Gateway: "",
            GlobalIPv6Address: "", GlobalIPv6PrefixLen: 0, IPAddress: "", IPPrefixLen: 0, IPv6Gateway: "",
            MacAddress: "", Networks: networks)
    }
}

struct CreateResponse: Encodable {
    let Id: String
    let Warnings: [String]
}

struct WaitResponse: Encodable {
    struct WaitError: Encodable { let Message: String }
    let StatusCode: Int32
    let Error: WaitError?
}

struct ExecInspect: Encodable {
    struct ExecProcessConfig: Encodable {
        let tty: Bool
        let entrypoint: String
        let arguments: [String]
        let privileged: Bool
        let user: String
    }
    let ID: String
    let Running: Bool
    let ExitCode: Int32?
    let ProcessConfig: ExecProcessConfig
    let OpenStdin: Bool
    let OpenStderr: Bool
    let OpenStdout: Bool
    let CanRemove: Bool
    let ContainerID: String
    let DetachKeys: String
    let Pid: Int32

    init(_ exec: ExecRecord) {
        ID = exec.id
        Running = exec.running
        ExitCode = exec.exitCode
        let command = exec.config.Cmd ?? []
        ProcessConfig = .init(tty: exec.config.Tty ?? false, entrypoint: command.first ?? "", arguments: Array(command.dropFirst()),
                              privileged: exec.config.Privileged ?? false, user: exec.config.User ?? "")
        OpenStdin = exec.config.AttachStdin ?? false
        OpenStderr = exec.config.AttachStderr ?? false
        OpenStdout = exec.config.AttachStdout ?? false
        CanRemove = false
        ContainerID = exec.containerID
        DetachKeys = exec.config.DetachKeys ?? ""
        Pid = exec.pid
    }
}
