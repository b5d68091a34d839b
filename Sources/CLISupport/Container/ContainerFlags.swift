/// The flags `run` and `create` share (docker/cli's `addFlags`), with Docker's
/// names, shorthands, types and help, each checked as pflag would check it.
public enum ContainerFlags {
    typealias V = FlagValidators

    static func list(_ name: String, short: Character? = nil, _ usage: String, hidden: Bool = false,
                     validate: FlagDefinition.Validator? = nil) -> FlagDefinition {
        FlagDefinition(name, short: short, type: "list", usage, hidden: hidden, validate: validate)
    }
    static func string(_ name: String, short: Character? = nil, _ usage: String, default value: String? = nil) -> FlagDefinition {
        FlagDefinition(name, short: short, type: "string", usage, default: value)
    }
    static func int(_ name: String, short: Character? = nil, type: String = "int", _ usage: String, default value: String? = nil,
                    bits: Int = 64) -> FlagDefinition {
        FlagDefinition(name, short: short, type: type, usage, default: value) { (text) throws(FlagValueError) in
            String(try GoStrconv.parseInt(text, bits: bits))
        }
    }
    static func uint(_ name: String, type: String, _ usage: String, bits: Int) -> FlagDefinition {
        FlagDefinition(name, type: type, usage) { (text) throws(FlagValueError) in String(try GoStrconv.parseUint(text, bits: bits)) }
    }
    static func bytes(_ name: String, short: Character? = nil, _ usage: String, swap: Bool = false) -> FlagDefinition {
        FlagDefinition(name, short: short, type: "bytes", usage) { (text) throws(FlagValueError) in
            if swap && text == "-1" { return "-1" }
            return String(try ByteSize.ramInBytes(text))
        }
    }
    static func duration(_ name: String, _ usage: String) -> FlagDefinition {
        FlagDefinition(name, type: "duration", usage) { (text) throws(FlagValueError) in String(try GoDuration.parse(text)) }
    }

    /// Docker's `addFlags`.
    public static let shared: [FlagDefinition] = [
        list("attach", short: "a", "Attach to STDIN, STDOUT or STDERR", validate: V.attachStream),
        list("device-cgroup-rule", "Add a rule to the cgroup allowed devices list", validate: V.deviceCgroupRule),
        list("device", "Add a host device to the container"),
        FlagDefinition("gpus", type: "gpu-request", "GPU devices to add to the container ('all' to pass all GPUs)").requiring("1.40"),
        list("env", short: "e", "Set environment variables", validate: V.environment),
        list("env-file", "Read in a file of environment variables"),
        string("entrypoint", "Overwrite the default ENTRYPOINT of the image"),
        list("group-add", "Add additional groups to join"),
        string("hostname", short: "h", "Container host name"),
        string("domainname", "Container NIS domain name"),
        .bool("interactive", short: "i", "Keep STDIN open even if not attached"),
        list("label", short: "l", "Set meta data on a container", validate: V.label),
        list("label-file", "Read in a line delimited file of labels"),
        .bool("read-only", "Mount the container's root filesystem as read only"),
        string("restart", "Restart policy to apply when a container exits", default: "no"),
        string("stop-signal", "Signal to stop the container"),
        int("stop-timeout", "Timeout (in seconds) to stop a container").requiring("1.25"),
        FlagDefinition("sysctl", type: "map", "Sysctl options", validate: V.sysctl),
        .bool("tty", short: "t", "Allocate a pseudo-TTY"),
        FlagDefinition("ulimit", type: "ulimit", "Ulimit options") { (text) throws(FlagValueError) in
            _ = try Ulimit(parsing: text)
            return text
        },
        string("user", short: "u", "Username or UID (format: <name|uid>[:<group|gid>])"),
        string("workdir", short: "w", "Working directory inside the container"),
        .bool("rm", "Automatically remove the container and its associated anonymous volumes when it exits"),
        list("cap-add", "Add Linux capabilities"),
        list("cap-drop", "Drop Linux capabilities"),
        .bool("privileged", "Give extended privileges to this container"),
        list("security-opt", "Security Options"),
        string("userns", "User namespace to use"),
        string("cgroupns", "Cgroup namespace to use (host|private)").requiring("1.41"),
        list("add-host", "Add a custom host-to-IP mapping (host:ip)", validate: V.extraHost),
        list("dns", "Set custom DNS servers", validate: V.ipAddress),
        list("dns-opt", "Set DNS options", hidden: true),
        list("dns-option", "Set DNS options"),
        list("dns-search", "Set custom DNS search domains", validate: V.dnsSearch),
        list("expose", "Expose a port or a range of ports"),
        string("ip", "IPv4 address (e.g., 172.30.100.104)"),
        string("ip6", "IPv6 address (e.g., 2001:db8::33)"),
        list("link", "Add link to another container", validate: V.link),
        list("link-local-ip", "Container IPv4/IPv6 link-local addresses"),
        string("mac-address", "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
        list("publish", short: "p", "Publish a container's port(s) to the host"),
        .bool("publish-all", short: "P", "Publish all exposed ports to random ports"),
        FlagDefinition("net", type: "network", "Connect a container to a network", hidden: true, validate: NetworkOption.validate),
        FlagDefinition("network", type: "network", "Connect a container to a network", validate: NetworkOption.validate),
        list("net-alias", "Add network-scoped alias for the container", hidden: true),
        list("network-alias", "Add network-scoped alias for the container"),
        string("log-driver", "Logging driver for the container"),
        string("volume-driver", "Optional volume driver for the container"),
        list("log-opt", "Log driver options"),
        list("storage-opt", "Storage driver options for the container"),
        list("tmpfs", "Mount a tmpfs directory"),
        list("volumes-from", "Mount volumes from the specified container(s)"),
        list("volume", short: "v", "Bind mount a volume"),
        FlagDefinition("mount", type: "mount", "Attach a filesystem mount to the container") { (text) throws(FlagValueError) in
            _ = try MountOption.parse(text, absolutePath: { $0 })
            return text
        },
        string("health-cmd", "Command to run to check health"),
        duration("health-interval", "Time between running the check (ms|s|m|h) (default 0s)"),
        int("health-retries", "Consecutive failures needed to report unhealthy"),
        duration("health-timeout", "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
        duration("health-start-period", "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)").requiring("1.29"),
        duration("health-start-interval", "Time between running the check during the start period (ms|s|m|h) (default 0s)").requiring("1.44"),
        .bool("no-healthcheck", "Disable any container-specified HEALTHCHECK"),
        uint("blkio-weight", type: "uint16", "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)", bits: 16),
        FlagDefinition("blkio-weight-device", type: "list", "Block IO weight (relative device weight)", validate: DeviceLimits.weight),
        string("cidfile", "Write the container ID to the file"),
        string("cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)"),
        string("cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)"),
        int("cpu-count", type: "int", "CPU count (Windows only)"),
        int("cpu-percent", type: "int", "CPU percent (Windows only)"),
        int("cpu-period", type: "int", "Limit CPU CFS (Completely Fair Scheduler) period"),
        int("cpu-quota", type: "int", "Limit CPU CFS (Completely Fair Scheduler) quota"),
        int("cpu-rt-period", type: "int", "Limit CPU real-time period in microseconds").requiring("1.25"),
        int("cpu-rt-runtime", type: "int", "Limit CPU real-time runtime in microseconds").requiring("1.25"),
        int("cpu-shares", short: "c", type: "int", "CPU shares (relative weight)"),
        FlagDefinition("cpus", type: "decimal", "Number of CPUs") { (text) throws(FlagValueError) in String(try CPUCount.nanoCPUs(text)) }
            .requiring("1.25"),
        FlagDefinition("device-read-bps", type: "list", "Limit read rate (bytes per second) from a device", validate: DeviceLimits.bytesPerSecond),
        FlagDefinition("device-read-iops", type: "list", "Limit read rate (IO per second) from a device", validate: DeviceLimits.ioPerSecond),
        FlagDefinition("device-write-bps", type: "list", "Limit write rate (bytes per second) to a device", validate: DeviceLimits.bytesPerSecond),
        FlagDefinition("device-write-iops", type: "list", "Limit write rate (IO per second) to a device", validate: DeviceLimits.ioPerSecond),
        bytes("io-maxbandwidth", "Maximum IO bandwidth limit for the system drive (Windows only)"),
        uint("io-maxiops", type: "uint", "Maximum IOps limit for the system drive (Windows only)", bits: 64),
        bytes("kernel-memory", "Kernel memory limit"),
        bytes("memory", short: "m", "Memory limit"),
        bytes("memory-reservation", "Memory soft limit"),
        bytes("memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", swap: true),
        int("memory-swappiness", type: "int", "Tune container memory swappiness (0 to 100)", default: "-1"),
        .bool("oom-kill-disable", "Disable OOM Killer"),
        int("oom-score-adj", "Tune host's OOM preferences (-1000 to 1000)"),
        int("pids-limit", type: "int", "Tune container pids limit (set -1 for unlimited)"),
        string("cgroup-parent", "Optional parent cgroup for the container"),
        string("ipc", "IPC mode to use"),
        string("isolation", "Container isolation technology"),
        string("pid", "PID namespace to use"),
        bytes("shm-size", "Size of /dev/shm"),
        string("uts", "UTS namespace to use"),
        string("runtime", "Runtime to use for this container"),
        .bool("init", "Run an init inside the container that forwards signals and reaps processes").requiring("1.25"),
        FlagDefinition("annotation", type: "map", "Add an annotation to the container (passed through to the OCI runtime)").requiring("1.43"),
    ]

    /// Flags of `create` (and `run`) that are not container settings.
    public static let create: [FlagDefinition] = [
        string("name", "Assign a name to the container"),
        string("pull", "Pull image before creating (\"always\", \"|missing\", \"never\")", default: "missing"),
        .bool("quiet", short: "q", "Suppress the pull output"),
        .bool("use-api-socket", "Bind mount Docker API socket and required auth"),
        .bool("help", "Print usage"),
        string("platform", "Set platform if server is multi-platform capable"),
        .bool("disable-content-trust", "Skip image verification", default: "true"),
    ]

    /// Flags only `run` has.
    public static let run: [FlagDefinition] = [
        .bool("detach", short: "d", "Run container in background and print container ID"),
        .bool("sig-proxy", "Proxy received signals to the process", default: "true"),
        string("detach-keys", "Override the key sequence for detaching a container"),
    ]
}

/// `--network NAME` or the long form `name=NAME,alias=A,ip=…`.
public enum NetworkOption {
    public struct Attachment: Equatable, Sendable {
        public var target = ""
        public var aliases: [String]? = nil
        public var ipv4 = "", ipv6 = "", mac = ""
        public var linkLocalIPs: [String] = []
        public var driverOptions: [(String, String)] = []
        public var gatewayPriority = 0
        public var links: [String] = []

        public static func == (a: Attachment, b: Attachment) -> Bool {
            a.target == b.target && a.aliases == b.aliases && a.ipv4 == b.ipv4 && a.ipv6 == b.ipv6 && a.mac == b.mac
                && a.linkLocalIPs == b.linkLocalIPs && a.gatewayPriority == b.gatewayPriority && a.links == b.links
                && a.driverOptions.map { $0.0 + "=" + $0.1 } == b.driverOptions.map { $0.0 + "=" + $0.1 }
        }
    }

    public static let validate: FlagDefinition.Validator = { (text) throws(FlagValueError) in
        _ = try parse(text)
        return text
    }

    static func isLongSyntax(_ text: String) -> Bool {
        // Go's `\w+=\w+(,\w+=\w+)*` matched anywhere in the value.
        let characters = Array(text)
        func isWord(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        for (i, c) in characters.enumerated() where c == "=" {
            if i > 0 && isWord(characters[i - 1]) && i + 1 < characters.count && isWord(characters[i + 1]) { return true }
        }
        return false
    }

    public static func parse(_ text: String) throws(FlagValueError) -> Attachment {
        var attachment = Attachment()
        guard isLongSyntax(text) else {
            attachment.target = text
            return attachment
        }
        attachment.aliases = []
        for field in try MountOption.csvFields(text) {
            let parts = field.lowercased().split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).trimmedSpaces
            }
            guard parts.count == 2, !parts[0].isEmpty else { throw FlagValueError("invalid field \(field)") }
            let (key, value) = (parts[0], parts[1])
            switch key {
            case "name": attachment.target = value
            case "alias": attachment.aliases!.append(value)
            case "ip": attachment.ipv4 = value
            case "ip6": attachment.ipv6 = value
            case "mac-address": attachment.mac = value
            case "link-local-ip": attachment.linkLocalIPs.append(value)
            case "driver-opt":
                let kv = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard kv.count == 2, !kv[0].isEmpty else { throw FlagValueError("invalid key value pair format in driver options") }
                attachment.driverOptions.append((kv[0], kv[1]))
            case "gw-priority":
                guard let priority = Int(value) else { throw FlagValueError("invalid gw-priority (\(value)): invalid syntax") }
                attachment.gatewayPriority = priority
            default: throw FlagValueError("invalid field key \(key)")
            }
        }
        if attachment.target.isEmpty { throw FlagValueError("network name/id is not specified") }
        return attachment
    }
}

/// `--blkio-weight-device path:weight` and the `--device-*-bps/iops` limits.
public enum DeviceLimits {
    public static let weight: FlagDefinition.Validator = { (text) throws(FlagValueError) in
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("/dev/") else { throw FlagValueError("bad format: \(text)") }
        guard let weight = UInt16(parts[1]), weight == 0 || (10...1000).contains(weight) else {
            throw FlagValueError("invalid weight for device: \(text)")
        }
        return text
    }
    public static let bytesPerSecond: FlagDefinition.Validator = { (text) throws(FlagValueError) in
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("/dev/") else { throw FlagValueError("bad format: \(text)") }
        guard (try? ByteSize.ramInBytes(String(parts[1]))) != nil else {
            throw FlagValueError("invalid rate for device: \(text). The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb")
        }
        return text
    }
    public static let ioPerSecond: FlagDefinition.Validator = { (text) throws(FlagValueError) in
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("/dev/") else { throw FlagValueError("bad format: \(text)") }
        guard UInt64(parts[1]) != nil else {
            throw FlagValueError("invalid rate for device: \(text). The correct format is <device-path>:<number>. Number must be a positive integer")
        }
        return text
    }
}
