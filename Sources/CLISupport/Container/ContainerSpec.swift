/// The body of `POST /containers/create`, built from `run`/`create` flags
/// exactly as Docker's CLI builds it (docker/cli `parse`): the same fields in
/// the same order, the same nulls and empty collections, Go's map order, so
/// that a daemon sees no difference between the two clients.
public struct ContainerSpec: Sendable {
    /// What the command needs besides the body.
    public var image: String
    public var name: String?
    public var tty: Bool
    public var openStdin: Bool
    public var attachStdin: Bool
    public var attachStdout: Bool
    public var attachStderr: Bool
    public var autoRemove: Bool
    public var containerIDFile: String
    /// The request body, without the trailing newline Go's encoder adds.
    public var body: JSONDocument

    /// What building the body needs from the world outside the flags.
    public struct Environment {
        /// Reads a file named by `--env-file`/`--label-file`.
        public var readFile: (String) throws(FlagValueError) -> [UInt8]
        /// A variable of this process's environment (bare `KEY` lines of env files).
        public var lookupVariable: (String) -> String?
        /// An absolute path for a relative one (`-v ./dir:/dir`).
        public var absolutePath: (String) -> String
        /// The terminal's rows and columns, or (0, 0) when stdout is no terminal.
        public var consoleSize: (UInt, UInt)
        /// The negotiated API version, for the fields the client drops or clears by version.
        public var apiVersion: String

        public init(readFile: @escaping (String) throws(FlagValueError) -> [UInt8], lookupVariable: @escaping (String) -> String?,
                    absolutePath: @escaping (String) -> String, consoleSize: (UInt, UInt), apiVersion: String) {
            self.readFile = readFile
            self.lookupVariable = lookupVariable
            self.absolutePath = absolutePath
            self.consoleSize = consoleSize
            self.apiVersion = apiVersion
        }
    }

    /// Builds the spec; `detach` clears the attach fields as `run -d` does.
    /// Errors carry Docker's message (the caller prefixes "berth: ").
    public static func build(_ flags: ParsedFlags, image: String, command: [String], detach: Bool = false,
                             environment: Environment) throws(FlagValueError) -> ContainerSpec {
        let attach = flags.strings("attach")
        var attachStdin = attach.contains("stdin")
        var attachStdout = attach.contains("stdout")
        var attachStderr = attach.contains("stderr")
        let macAddress = flags.string("mac-address") ?? ""
        if !macAddress.isEmpty && !isMACAddress(macAddress) { throw FlagValueError("\(macAddress) is not a valid mac address") }
        let openStdin = flags.bool("interactive")
        if openStdin { attachStdin = true }
        if attach.isEmpty {
            attachStdout = true
            attachStderr = true
        }
        let swappiness = flags.int("memory-swappiness", default: -1)
        if swappiness != -1 && !(0...100).contains(swappiness) {
            throw FlagValueError("invalid value: \(swappiness). Valid memory swappiness range is 0-100")
        }

        // -v: host paths become Binds; the rest are anonymous volumes.
        var binds: [String] = []
        var volumes: [String] = []
        for spec in unique(flags.strings("volume")) {
            let parsed = try VolumeSpec.parse(spec)
            if parsed.source.isEmpty {
                volumes.append(spec)
                continue
            }
            var bind = spec
            if parsed.isBind, let colon = spec.firstIndex(of: ":") {
                var host = String(spec[..<colon])
                if !host.hasPrefix("/") && host.hasPrefix(".") { host = environment.absolutePath(host) }
                bind = host + spec[colon...]
            }
            binds.append(bind)
        }

        var tmpfs: [(String, String)] = []
        for entry in flags.strings("tmpfs") {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            tmpfs.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }

        var entrypoint: [String]? = nil
        if let value = flags.string("entrypoint") { entrypoint = value.isEmpty ? [""] : [value] }

        var ports = try PortSpecs.parse(publish: flags.strings("publish"))
        try ports.addExposed(flags.strings("expose"))

        var devices: [JSONDocument] = []
        for device in flags.strings("device") { devices.append(try deviceMapping(device)) }

        var env: [String] = []
        for file in flags.strings("env-file") {
            env += try readKeyValueFile(file, environment: environment, lookup: environment.lookupVariable)
        }
        env += dedupeEnvironment(flags.strings("env"))
        var labels: [String] = []
        for file in flags.strings("label-file") { labels += try readKeyValueFile(file, environment: environment, lookup: nil) }
        labels += flags.strings("label")

        for (flag, name) in [("pid", "PID"), ("uts", "UTS"), ("userns", "USER"), ("cgroupns", "CGROUP")] {
            if !isValidMode(flag, flags.string(flag) ?? "") { throw FlagValueError("--\(flag): invalid \(name) mode") }
        }
        let restart = try RestartPolicy(parsing: flags.string("restart", default: "no"))
        let logDriver = flags.string("log-driver") ?? ""
        let logOptions = flags.strings("log-opt")
        if logDriver == "none" && !logOptions.isEmpty { throw FlagValueError("invalid logging opts for driver none") }
        var securityOptions = try parseSecurityOptions(flags.strings("security-opt"), environment: environment)
        var maskedPaths: [String]? = nil, readonlyPaths: [String]? = nil
        if securityOptions.contains("systempaths=unconfined") {
            securityOptions.removeAll { $0 == "systempaths=unconfined" }
            maskedPaths = []
            readonlyPaths = []
        }
        var storageOptions: [(String, String)] = []
        for option in flags.strings("storage-opt") {
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw FlagValueError("invalid storage option") }
            storageOptions.append((parts[0], parts[1]))
        }
        let healthcheck = try healthConfig(flags)

        let autoRemove = flags.bool("rm")
        if autoRemove && !(restart.name == "no" || restart.name.isEmpty) {
            throw FlagValueError("conflicting options: cannot specify both --restart and --rm")
        }
        let tty = flags.bool("tty")
        if detach {
            attachStdin = false
            attachStdout = false
            attachStderr = false
        }
        let stdinOnce = openStdin && attachStdin

        let networkMode = flags.strings("network").first.map { (try? NetworkOption.parse($0).target) ?? $0 }
            ?? flags.strings("net").first.map { (try? NetworkOption.parse($0).target) ?? $0 } ?? "default"
        let endpoints = try endpointsConfig(flags)
        let isPre144 = compareVersions(environment.apiVersion, "1.44") < 0
        let configMac = isPre144 ? (endpoints.first { $0.0 == networkName(networkMode) }.flatMap { endpointMac($0.1) } ?? "") : ""

        // Config, in the field order of Docker's container.Config.
        var config: [(String, JSONDocument)] = [
            ("Hostname", .string(flags.string("hostname") ?? "")),
            ("Domainname", .string(flags.string("domainname") ?? "")),
            ("User", .string(flags.string("user") ?? "")),
            ("AttachStdin", .bool(attachStdin)),
            ("AttachStdout", .bool(attachStdout)),
            ("AttachStderr", .bool(attachStderr)),
        ]
        if !ports.exposed.isEmpty {
            config.append(("ExposedPorts", .object(sortedKeys(ports.exposed).map { ($0, .object([])) })))
        }
        config += [
            ("Tty", .bool(tty)),
            ("OpenStdin", .bool(openStdin)),
            ("StdinOnce", .bool(stdinOnce)),
            ("Env", .strings(env.isEmpty ? nil : env)),
            ("Cmd", .strings(command.isEmpty ? nil : command)),
        ]
        if let healthcheck { config.append(("Healthcheck", healthcheck)) }
        config += [
            ("Image", .string(image)),
            ("Volumes", .object(sortedKeys(volumes).map { ($0, .object([])) })),
            ("WorkingDir", .string(flags.string("workdir") ?? "")),
            ("Entrypoint", .strings(entrypoint)),
        ]
        if !configMac.isEmpty { config.append(("MacAddress", .string(configMac))) }
        config += [
            ("OnBuild", .null),
            ("Labels", .stringMap(labels.map { splitPair($0) })),
        ]
        if let signal = flags.string("stop-signal"), !signal.isEmpty { config.append(("StopSignal", .string(signal))) }
        if flags.isSet("stop-timeout") { config.append(("StopTimeout", .integer(flags.int("stop-timeout")))) }

        let consoleSize = environment.consoleSize
        var host: [(String, JSONDocument)] = [
            ("Binds", .strings(binds.isEmpty ? nil : binds)),
            ("ContainerIDFile", .string(flags.string("cidfile") ?? "")),
            ("LogConfig", .object([("Type", .string(logDriver)), ("Config", .stringMap(logOptions.map { splitPair($0) }))])),
            ("NetworkMode", .string(networkMode)),
            ("PortBindings", .object(ports.bindings.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map { port, list in
                (port, .array(list.map { .object([("HostIp", .string($0.hostIP)), ("HostPort", .string($0.hostPort))]) }))
            })),
            ("RestartPolicy", .object([("Name", .string(restart.name)), ("MaximumRetryCount", .integer(restart.maximumRetryCount))])),
            ("AutoRemove", .bool(compareVersions(environment.apiVersion, "1.25") < 0 ? false : autoRemove)),
            ("VolumeDriver", .string(flags.string("volume-driver") ?? "")),
            ("VolumesFrom", .strings(nilIfEmpty(flags.strings("volumes-from")))),
            ("ConsoleSize", .array([.integer(consoleSize.0), .integer(consoleSize.1)])),
        ]
        let annotations = flags.strings("annotation")
        if !annotations.isEmpty { host.append(("Annotations", .stringMap(annotations.map { splitPair($0) }))) }
        host += [
            ("CapAdd", .strings(normalizeCapabilities(flags.strings("cap-add")))),
            ("CapDrop", .strings(normalizeCapabilities(flags.strings("cap-drop")))),
            ("CgroupnsMode", .string(flags.string("cgroupns") ?? "")),
            ("Dns", .strings(flags.strings("dns"))),
            ("DnsOptions", .strings(flags.strings("dns-option") + flags.strings("dns-opt"))),
            ("DnsSearch", .strings(flags.strings("dns-search"))),
            ("ExtraHosts", .strings(nilIfEmpty(flags.strings("add-host")))),
            ("GroupAdd", .strings(nilIfEmpty(flags.strings("group-add")))),
            ("IpcMode", .string(flags.string("ipc") ?? "")),
            ("Cgroup", .string("")),
            ("Links", .strings(nilIfEmpty(flags.strings("link")))),
            ("OomScoreAdj", .integer(flags.int("oom-score-adj"))),
            ("PidMode", .string(flags.string("pid") ?? "")),
            ("Privileged", .bool(flags.bool("privileged"))),
            ("PublishAllPorts", .bool(flags.bool("publish-all"))),
            ("ReadonlyRootfs", .bool(flags.bool("read-only"))),
            ("SecurityOpt", .strings(nilIfEmpty(securityOptions))),
        ]
        if !storageOptions.isEmpty { host.append(("StorageOpt", .stringMap(storageOptions))) }
        if !tmpfs.isEmpty { host.append(("Tmpfs", .stringMap(tmpfs))) }
        host += [
            ("UTSMode", .string(flags.string("uts") ?? "")),
            ("UsernsMode", .string(flags.string("userns") ?? "")),
            ("ShmSize", .integer(flags.int("shm-size"))),
        ]
        let sysctls = flags.strings("sysctl")
        if !sysctls.isEmpty { host.append(("Sysctls", .stringMap(sysctls.map { splitPair($0) }))) }
        if let runtime = flags.string("runtime"), !runtime.isEmpty { host.append(("Runtime", .string(runtime))) }
        host.append(("Isolation", .string(flags.string("isolation") ?? "")))
        host += resources(flags, devices: devices, apiVersion: environment.apiVersion)
        let mounts = flags.strings("mount")
        if !mounts.isEmpty {
            var documents: [JSONDocument] = []
            for mount in mounts { documents.append(try MountOption.parse(mount, absolutePath: environment.absolutePath)) }
            host.append(("Mounts", .array(documents)))
        }
        host += [
            ("MaskedPaths", .strings(maskedPaths)),
            ("ReadonlyPaths", .strings(readonlyPaths)),
        ]
        if flags.isSet("init") { host.append(("Init", .bool(flags.bool("init")))) }

        let body = JSONDocument.object(config + [
            ("HostConfig", .object(host)),
            ("NetworkingConfig", .object([("EndpointsConfig", .object(endpoints))])),
        ])
        return ContainerSpec(image: image, name: flags.string("name"), tty: tty, openStdin: openStdin,
                             attachStdin: attachStdin, attachStdout: attachStdout, attachStderr: attachStderr,
                             autoRemove: autoRemove, containerIDFile: flags.string("cidfile") ?? "", body: body)
    }

    /// The bytes to send: Go's json.Encoder output, HTML-escaped, one line.
    public var requestBody: [UInt8] {
        Array((JSONWriter.compact(body, .init(escapeHTML: true)) + "\n").utf8)
    }

    // MARK: - Pieces

    static func resources(_ flags: ParsedFlags, devices: [JSONDocument], apiVersion: String) -> [(String, JSONDocument)] {
        func throttle(_ name: String, bytes: Bool) -> JSONDocument {
            .array(flags.strings(name).map { entry in
                let parts = entry.split(separator: ":").map(String.init)
                let rate = bytes ? ((try? ByteSize.ramInBytes(parts[1])).map { String($0) } ?? "0") : parts[1]
                return .object([("Path", .string(parts[0])), ("Rate", .number(rate))])
            })
        }
        var members: [(String, JSONDocument)] = [
            ("CpuShares", .integer(flags.int("cpu-shares"))),
            ("Memory", .integer(flags.int("memory"))),
            ("NanoCpus", .integer(flags.int("cpus"))),
            ("CgroupParent", .string(flags.string("cgroup-parent") ?? "")),
            ("BlkioWeight", .integer(flags.int("blkio-weight"))),
            ("BlkioWeightDevice", .array(flags.strings("blkio-weight-device").map { entry in
                let parts = entry.split(separator: ":").map(String.init)
                return .object([("Path", .string(parts[0])), ("Weight", .number(parts[1]))])
            })),
            ("BlkioDeviceReadBps", throttle("device-read-bps", bytes: true)),
            ("BlkioDeviceWriteBps", throttle("device-write-bps", bytes: true)),
            ("BlkioDeviceReadIOps", throttle("device-read-iops", bytes: false)),
            ("BlkioDeviceWriteIOps", throttle("device-write-iops", bytes: false)),
            ("CpuPeriod", .integer(flags.int("cpu-period"))),
            ("CpuQuota", .integer(flags.int("cpu-quota"))),
            ("CpuRealtimePeriod", .integer(flags.int("cpu-rt-period"))),
            ("CpuRealtimeRuntime", .integer(flags.int("cpu-rt-runtime"))),
            ("CpusetCpus", .string(flags.string("cpuset-cpus") ?? "")),
            ("CpusetMems", .string(flags.string("cpuset-mems") ?? "")),
            ("Devices", .array(devices)),
            ("DeviceCgroupRules", .strings(nilIfEmpty(flags.strings("device-cgroup-rule")))),
            ("DeviceRequests", gpuRequests(flags.string("gpus"))),
        ]
        // Kernel memory only travels between API 1.40 and 1.41.
        let kernelMemory = flags.int("kernel-memory")
        if kernelMemory != 0 && compareVersions(apiVersion, "1.40") >= 0 && compareVersions(apiVersion, "1.42") < 0 {
            members.append(("KernelMemory", .integer(kernelMemory)))
        }
        var ulimits: [Ulimit] = []
        for text in flags.strings("ulimit") {
            guard let limit = try? Ulimit(parsing: text) else { continue }
            ulimits.removeAll { $0.name == limit.name }
            ulimits.append(limit)
        }
        ulimits.sort { $0.name < $1.name }
        members += [
            ("MemoryReservation", .integer(flags.int("memory-reservation"))),
            ("MemorySwap", .integer(flags.int("memory-swap"))),
            ("MemorySwappiness", .integer(flags.int("memory-swappiness", default: -1))),
            ("OomKillDisable", .bool(flags.bool("oom-kill-disable"))),
            ("PidsLimit", .integer(flags.int("pids-limit"))),
            ("Ulimits", .array(ulimits.map {
                .object([("Name", .string($0.name)), ("Hard", .integer($0.hard)), ("Soft", .integer($0.soft))])
            })),
            ("CpuCount", .integer(flags.int("cpu-count"))),
            ("CpuPercent", .integer(flags.int("cpu-percent"))),
            ("IOMaximumIOps", .number(flags.string("io-maxiops") ?? "0")),
            ("IOMaximumBandwidth", .integer(flags.int("io-maxbandwidth"))),
        ]
        return members
    }

    /// `--gpus all` or `--gpus 2`: one request for the default GPU driver.
    static func gpuRequests(_ value: String?) -> JSONDocument {
        guard let value, !value.isEmpty else { return .null }
        let count: Int64 = value == "all" ? -1 : (Int64(value) ?? 0)
        return .array([.object([
            ("Driver", .string("")), ("Count", .integer(count)), ("DeviceIDs", .null),
            ("Capabilities", .array([.array([.string("gpu")])])), ("Options", .null),
        ])])
    }

    static func healthConfig(_ flags: ParsedFlags) throws(FlagValueError) -> JSONDocument? {
        let command = flags.string("health-cmd") ?? ""
        let interval = flags.int("health-interval"), timeout = flags.int("health-timeout")
        let startPeriod = flags.int("health-start-period"), startInterval = flags.int("health-start-interval")
        let retries = flags.int("health-retries")
        let haveSettings = !command.isEmpty || interval != 0 || timeout != 0 || startPeriod != 0 || retries != 0 || startInterval != 0
        if flags.bool("no-healthcheck") {
            if haveSettings { throw FlagValueError("--no-healthcheck conflicts with --health-* options") }
            return .object([("Test", .array([.string("NONE")]))])
        }
        guard haveSettings else { return nil }
        if interval < 0 { throw FlagValueError("--health-interval cannot be negative") }
        if timeout < 0 { throw FlagValueError("--health-timeout cannot be negative") }
        if retries < 0 { throw FlagValueError("--health-retries cannot be negative") }
        if startPeriod < 0 { throw FlagValueError("--health-start-period cannot be negative") }
        if startInterval < 0 { throw FlagValueError("--health-start-interval cannot be negative") }
        var members: [(String, JSONDocument)] = []
        if !command.isEmpty { members.append(("Test", .array([.string("CMD-SHELL"), .string(command)]))) }
        if interval != 0 { members.append(("Interval", .integer(interval))) }
        if timeout != 0 { members.append(("Timeout", .integer(timeout))) }
        if startPeriod != 0 { members.append(("StartPeriod", .integer(startPeriod))) }
        if startInterval != 0 { members.append(("StartInterval", .integer(startInterval))) }
        if retries != 0 { members.append(("Retries", .integer(retries))) }
        return .object(members)
    }

    /// `NetworkingConfig.EndpointsConfig`, as docker/cli's parseNetworkOpts.
    static func endpointsConfig(_ flags: ParsedFlags) throws(FlagValueError) -> [(String, JSONDocument)] {
        var networks: [NetworkOption.Attachment] = []
        for value in flags.strings("net") + flags.strings("network") { networks.append(try NetworkOption.parse(value)) }
        var endpoints: [(String, JSONDocument)] = []
        if networks.isEmpty {
            var attachment = NetworkOption.Attachment()
            attachment.target = "default"
            try applyContainerOptions(&attachment, flags)
            endpoints.append(("default", try endpoint(attachment)))
            return endpoints
        }
        var userDefined = false, builtIn = false
        for (index, var attachment) in networks.enumerated() {
            if isUserDefined(attachment.target) { userDefined = true } else { builtIn = true }
            if index == 0 { try applyContainerOptions(&attachment, flags) }
            let settings = try endpoint(attachment)
            if endpoints.contains(where: { $0.0 == attachment.target }) {
                throw FlagValueError("network \"\(attachment.target)\" is specified multiple times")
            }
            if index == 0 && networks.count == 1 && isEmptyEndpoint(attachment) { continue }
            endpoints.append((attachment.target, settings))
        }
        if userDefined && builtIn {
            throw FlagValueError("conflicting options: cannot attach both user-defined and non-user-defined network-modes")
        }
        return endpoints.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    static func applyContainerOptions(_ attachment: inout NetworkOption.Attachment, _ flags: ParsedFlags) throws(FlagValueError) {
        let aliases = flags.strings("net-alias") + flags.strings("network-alias")
        let links = flags.strings("link")
        let ip = flags.string("ip") ?? "", ip6 = flags.string("ip6") ?? "", mac = flags.string("mac-address") ?? ""
        let linkLocal = flags.strings("link-local-ip")
        if !(attachment.aliases ?? []).isEmpty && !aliases.isEmpty {
            throw FlagValueError("conflicting options: cannot specify both --network-alias and per-network alias")
        }
        if !attachment.ipv4.isEmpty && !ip.isEmpty { throw FlagValueError("conflicting options: cannot specify both --ip and per-network IPv4 address") }
        if !attachment.ipv6.isEmpty && !ip6.isEmpty { throw FlagValueError("conflicting options: cannot specify both --ip6 and per-network IPv6 address") }
        if !attachment.mac.isEmpty && !mac.isEmpty { throw FlagValueError("conflicting options: cannot specify both --mac-address and per-network MAC address") }
        if !attachment.linkLocalIPs.isEmpty && !linkLocal.isEmpty {
            throw FlagValueError("conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses")
        }
        if !aliases.isEmpty { attachment.aliases = aliases }
        if isUserDefined(attachment.target) && !links.isEmpty { attachment.links = links }
        if !ip.isEmpty { attachment.ipv4 = ip }
        if !ip6.isEmpty { attachment.ipv6 = ip6 }
        if !mac.isEmpty { attachment.mac = mac }
        if !linkLocal.isEmpty { attachment.linkLocalIPs = linkLocal }
    }

    static func isEmptyEndpoint(_ a: NetworkOption.Attachment) -> Bool {
        (a.aliases ?? []).isEmpty && a.links.isEmpty && a.ipv4.isEmpty && a.ipv6.isEmpty && a.mac.isEmpty
            && a.linkLocalIPs.isEmpty && a.driverOptions.isEmpty && a.gatewayPriority == 0
    }

    static func endpoint(_ attachment: NetworkOption.Attachment) throws(FlagValueError) -> JSONDocument {
        if attachment.target.trimmedSpaces.isEmpty { throw FlagValueError("no name set for network") }
        if !isUserDefined(attachment.target) {
            if !(attachment.aliases ?? []).isEmpty { throw FlagValueError("network-scoped aliases are only supported for user-defined networks") }
            if !attachment.links.isEmpty { throw FlagValueError("links are only supported for user-defined networks") }
        }
        if !attachment.mac.isEmpty && !isMACAddress(attachment.mac) { throw FlagValueError("\(attachment.mac) is not a valid mac address") }
        var ipam: JSONDocument = .null
        if !attachment.ipv4.isEmpty || !attachment.ipv6.isEmpty || !attachment.linkLocalIPs.isEmpty {
            var members: [(String, JSONDocument)] = []
            if !attachment.ipv4.isEmpty { members.append(("IPv4Address", .string(attachment.ipv4))) }
            if !attachment.ipv6.isEmpty { members.append(("IPv6Address", .string(attachment.ipv6))) }
            if !attachment.linkLocalIPs.isEmpty { members.append(("LinkLocalIPs", .strings(attachment.linkLocalIPs))) }
            ipam = .object(members)
        }
        let aliases = attachment.aliases ?? []
        return .object([
            ("IPAMConfig", ipam),
            ("Links", .strings(attachment.links.isEmpty ? nil : attachment.links)),
            ("Aliases", .strings(aliases.isEmpty ? nil : aliases)),
            ("MacAddress", .string(attachment.mac)),
            ("DriverOpts", attachment.driverOptions.isEmpty ? .null : .stringMap(attachment.driverOptions)),
            ("GwPriority", .integer(attachment.gatewayPriority)),
            ("NetworkID", .string("")), ("EndpointID", .string("")), ("Gateway", .string("")), ("IPAddress", .string("")),
            ("IPPrefixLen", .integer(0)), ("IPv6Gateway", .string("")), ("GlobalIPv6Address", .string("")),
            ("GlobalIPv6PrefixLen", .integer(0)), ("DNSNames", .null),
        ])
    }

    static func endpointMac(_ endpoint: JSONDocument) -> String? { endpoint["MacAddress"]?.stringValue }

    static func networkName(_ mode: String) -> String { mode }

    static func isUserDefined(_ mode: String) -> Bool {
        !["default", "bridge", "host", "none"].contains(mode) && !mode.hasPrefix("container:")
    }

    static func isValidMode(_ flag: String, _ value: String) -> Bool {
        switch flag {
        case "cgroupns": return value.isEmpty || value == "host" || value == "private"
        case "userns": return value.isEmpty || value == "host"
        default:
            // pid and uts: "", "host", or "container:NAME" (pid only).
            if value.isEmpty || value == "host" { return true }
            if flag == "pid", value.hasPrefix("container:") { return value.count > "container:".count }
            return false
        }
    }

    static func deviceMapping(_ device: String) throws(FlagValueError) -> JSONDocument {
        let parts = device.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 3 || parts[0].isEmpty { throw FlagValueError("bad format for path: \(device)") }
        func validMode(_ mode: String) -> Bool {
            !mode.isEmpty && mode.allSatisfy { "rwm".contains($0) } && Set(mode).count == mode.count
        }
        var source = parts[0], destination = "", permissions = "rwm"
        if parts.count == 3 {
            if !validMode(parts[2]) { throw FlagValueError("bad mode specified: \(parts[2])") }
            destination = parts[1]
            permissions = parts[2]
        } else if parts.count == 2 {
            if validMode(parts[1]) { permissions = parts[1] } else { destination = parts[1] }
        }
        let containerPath = destination.isEmpty ? source : destination
        if !containerPath.hasPrefix("/") { throw FlagValueError("\(containerPath) is not an absolute path") }
        source = cleanPath(source)
        if destination.isEmpty { destination = source } else { destination = cleanPath(destination) }
        return .object([("PathOnHost", .string(source)), ("PathInContainer", .string(destination)),
                        ("CgroupPermissions", .string(permissions))])
    }

    static func parseSecurityOptions(_ options: [String], environment: Environment) throws(FlagValueError) -> [String] {
        var result = options
        for (index, option) in options.enumerated() {
            var parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 && parts[0] != "no-new-privileges" {
                parts = option.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            }
            if (parts.count < 2 || parts[1].isEmpty) && parts[0] != "no-new-privileges" {
                throw FlagValueError("Invalid --security-opt: \(GoStrconv.quote(option))")
            }
            if parts[0] == "seccomp" && parts[1] != "builtin" && parts[1] != "unconfined" {
                let content: [UInt8]
                do { content = try environment.readFile(parts[1]) } catch {
                    throw FlagValueError("opening seccomp profile (\(parts[1])) failed: \(error.message)")
                }
                guard let document = try? JSONDocument.parse(content) else {
                    throw FlagValueError("compacting json for seccomp profile (\(parts[1])) failed: invalid JSON")
                }
                result[index] = "seccomp=" + JSONWriter.compact(document)
            }
        }
        return result
    }

    static func readKeyValueFile(_ path: String, environment: Environment, lookup: ((String) -> String?)?) throws(FlagValueError) -> [String] {
        let content = try environment.readFile(path)
        do { return try KeyValueFile.parse(content, lookup: lookup) } catch {
            throw FlagValueError("invalid env file (\(path)): \(error.message)")
        }
    }

    /// The client sorts and upper-cases capabilities, adding `CAP_`.
    static func normalizeCapabilities(_ capabilities: [String]) -> [String]? {
        var seen: [String] = []
        for capability in capabilities {
            var name = capability.uppercased()
            if name != "ALL" && !name.hasPrefix("CAP_") { name = "CAP_" + name }
            if !seen.contains(name) { seen.append(name) }
        }
        return seen.isEmpty ? nil : seen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Later `-e KEY=…` replace earlier ones (the client keeps them in a map).
    static func dedupeEnvironment(_ env: [String]) -> [String] {
        var result: [String] = []
        for entry in env {
            let key = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if let index = result.firstIndex(where: { $0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0] == key }) {
                result[index] = entry
            } else {
                result.append(entry)
            }
        }
        return result
    }

    static func isMACAddress(_ text: String) -> Bool {
        let groups = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        return (groups.count == 6 || groups.count == 8 || groups.count == 20)
            && groups.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }

    static func splitPair(_ text: String) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    static func sortedKeys(_ keys: [String]) -> [String] {
        Array(Set(keys)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: [String] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        return seen
    }

    static func nilIfEmpty(_ values: [String]) -> [String]? { values.isEmpty ? nil : values }

    /// Go's path.Clean for absolute or relative slash paths.
    public static func cleanPath(_ path: String) -> String {
        if path.isEmpty { return "." }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Compares dotted versions numerically.
    static func compareVersions(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0, r = i < y.count ? y[i] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }
}

/// `--restart no|always|unless-stopped|on-failure[:N]`; the name is checked
/// by the daemon, the count here.
public struct RestartPolicy: Equatable, Sendable {
    public var name: String
    public var maximumRetryCount: Int

    public init(parsing policy: String) throws(FlagValueError) {
        if policy.isEmpty {
            name = ""
            maximumRetryCount = 0
            return
        }
        let parts = policy.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 && parts[0].isEmpty {
            throw FlagValueError("invalid restart policy format: no policy provided before colon")
        }
        var count = 0
        if parts.count == 2 && !parts[1].isEmpty {
            guard let value = Int(parts[1]) else {
                throw FlagValueError("invalid restart policy format: maximum retry count must be an integer")
            }
            count = value
        }
        name = parts[0]
        maximumRetryCount = count
    }
}
