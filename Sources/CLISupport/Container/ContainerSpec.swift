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
        // Before API 1.44 the main endpoint's MAC address also goes in Config.
        let configMac = isPre144 ? (endpoints.first { $0.0 == networkMode }?.1["MacAddress"]?.stringValue ?? "") : ""

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
}
