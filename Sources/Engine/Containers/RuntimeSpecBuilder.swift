import LinuxSupport
import OCI
import Runtime

/// The OCI runtime spec (config.json) of a container, from its Config and
/// HostConfig, with Docker's defaults: the 14 capabilities, masked and
/// read-only paths, the device allow-list, /dev/shm of ShmSize, and
/// hostname, hosts and resolv.conf bind-mounted from the container's directory.
struct RuntimeSpecBuilder {
    let record: ContainerRecord
    let paths: ContainerPaths
    let cgroupParent: String
    /// The static init binary for `--init` (Debian's tini-static).
    let initBinary: String?

    static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    func build() throws(EngineError) -> RuntimeSpec {
        let config = record.config
        let host = record.hostConfig
        var spec = DefaultSpec.make()
        spec.root = .init(path: "rootfs", readonly: host.ReadonlyRootfs ?? false)
        spec.hostname = config.Hostname ?? record.shortID
        if let domain = config.Domainname, !domain.isEmpty { spec.domainname = domain }

        var process = spec.process!
        process.terminal = config.tty
        if config.tty, let size = host.ConsoleSize, size.count == 2, size[0] > 0, size[1] > 0 {
            process.consoleSize = .init(height: UInt16(clamping: size[0]), width: UInt16(clamping: size[1]))
        }
        var arguments = [record.path] + record.args
        if host.Init == true {
            guard initBinary != nil else { throw .invalid("--init needs tini-static (apt install tini)") }
            arguments = ["/sbin/docker-init", "--"] + arguments
        }
        process.args = arguments
        process.env = Self.environment(config)
        process.cwd = (config.WorkingDir ?? "").isEmpty ? "/" : config.WorkingDir!
        let user = try UserLookup(rootfs: paths.rootfs).resolve(config.User ?? "", groupAdd: host.GroupAdd ?? [])
        process.user = .init(uid: user.uid, gid: user.gid)
        if !user.additionalGids.isEmpty { process.user.additionalGids = user.additionalGids }
        let capabilities = try Self.capabilities(host)
        // A non-root process keeps none effective or permitted, as execve
        // would leave it (and as Docker sets it); the bounding set is the same.
        let held = user.uid == 0 ? capabilities : []
        process.capabilities = .init(bounding: capabilities, effective: held, inheritable: nil,
                                     permitted: held, ambient: nil)
        process.noNewPrivileges = (host.SecurityOpt ?? []).contains { $0 == "no-new-privileges" || $0 == "no-new-privileges:true" || $0 == "no-new-privileges=true" }
        let rlimits = try Self.rlimits(host)
        process.rlimits = rlimits.isEmpty ? nil : rlimits
        if let score = host.OomScoreAdj, score != 0 { process.oomScoreAdj = score }
        spec.process = process

        spec.mounts = try mounts()
        var linux = spec.linux ?? RuntimeSpec.Linux()
        linux.namespaces = namespaces()
        linux.cgroupsPath = cgroupParent + "/" + record.id
        linux.resources = resources()
        if host.privileged {
            linux.maskedPaths = nil
            linux.readonlyPaths = nil
            linux.devices = (linux.devices ?? []) + HostDevices.list().filter { device in
                !(linux.devices ?? []).contains { $0.path == device.path }
            }
        }
        if let sysctls = host.Sysctls, !sysctls.isEmpty { linux.sysctl = sysctls }
        spec.linux = linux
        return spec
    }

    /// PATH, HOSTNAME and TERM first; the container's own values replace them.
    static func environment(_ config: RunConfig) -> [String] {
        var env = [defaultPath, "HOSTNAME=\(config.Hostname ?? "")"]
        if config.tty { env.append("TERM=xterm") }
        return replacingOrAppending(env, config.Env ?? [])
    }

    /// `entries` over `env`: a variable already there is replaced where it
    /// stands, a new one is appended (moby's ReplaceOrAppendEnvValues).
    static func replacingOrAppending(_ env: [String], _ entries: [String]) -> [String] {
        func key(_ entry: String) -> Substring { entry.split(separator: "=", maxSplits: 1).first ?? Substring(entry) }
        var result = env
        for entry in entries {
            if let index = result.firstIndex(where: { key($0) == key(entry) }) {
                result[index] = entry
            } else {
                result.append(entry)
            }
        }
        return result
    }

    static func capabilities(_ host: HostConfig) throws(EngineError) -> [String] {
        if host.privileged { return Capability.names }
        func normalize(_ name: String) -> String {
            let upper = name.uppercased()
            return upper == "ALL" || upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
        }
        var result = DefaultSpec.capabilities
        let drops = (host.CapDrop ?? []).map(normalize)
        let adds = (host.CapAdd ?? []).map(normalize)
        for name in drops + adds where name != "ALL" && Capability.number(of: name) == nil {
            throw .invalid("unknown capability: \"\(name)\"")
        }
        if drops.contains("ALL") { result = [] } else { result.removeAll { drops.contains($0) } }
        if adds.contains("ALL") {
            result = Capability.names
        } else {
            for name in adds where !result.contains(name) { result.append(name) }
        }
        return result
    }

    static func rlimits(_ host: HostConfig) throws(EngineError) -> [RuntimeSpec.Rlimit] {
        // Without --ulimit the container keeps the daemon's limits, as with Docker.
        var limits: [String: RuntimeSpec.Rlimit] = [:]
        for ulimit in host.Ulimits ?? [] {
            let type = "RLIMIT_" + ulimit.Name.uppercased()
            guard ResourceLimit.numbers[type] != nil else { throw .invalid("invalid ulimit type: \(ulimit.Name)") }
            guard ulimit.Soft <= ulimit.Hard || ulimit.Hard < 0 else {
                throw .invalid("ulimit soft limit must be less than or equal to hard limit: \(ulimit.Soft) > \(ulimit.Hard)")
            }
            limits[type] = .init(type: type, soft: UInt64(bitPattern: ulimit.Soft), hard: UInt64(bitPattern: ulimit.Hard))
        }
        return limits.values.sorted { $0.type < $1.type }
    }

    private func namespaces() -> [RuntimeSpec.Namespace] {
        let host = record.hostConfig
        var kinds = ["mount"]
        if host.PidMode != "host" { kinds.append("pid") }
        if host.IpcMode != "host" { kinds.append("ipc") }
        if host.UTSMode != "host" { kinds.append("uts") }
        if host.NetworkMode != "host" { kinds.append("network") }
        if host.CgroupnsMode == "private" { kinds.append("cgroup") }
        return kinds.map { RuntimeSpec.Namespace(type: $0) }
    }

    private func mounts() throws(EngineError) -> [RuntimeSpec.Mount] {
        let host = record.hostConfig
        let shmSize = host.ShmSize ?? (64 << 20)
        var mounts = DefaultSpec.make().mounts ?? []
        for index in mounts.indices {
            if mounts[index].destination == "/dev/shm" {
                mounts[index].options = ["nosuid", "noexec", "nodev", "mode=1777", "size=\(shmSize)"]
            }
            if host.privileged && mounts[index].destination == "/sys" {
                mounts[index].options = ["nosuid", "noexec", "nodev"]
            }
        }
        if host.NetworkMode == "host" {
            // The host's network namespace shows the host's sysfs network view.
            mounts.removeAll { $0.destination == "/sys" }
            mounts.append(.init(destination: "/sys", type: "bind", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"]))
        }
        let etc: [(String, String)] = [("/etc/resolv.conf", paths.resolvConf), ("/etc/hostname", paths.hostname), ("/etc/hosts", paths.hosts)]
        for (destination, source) in etc {
            mounts.append(.init(destination: destination, type: "bind", source: source, options: ["rbind", "rprivate"]))
        }
        for (destination, options) in (host.Tmpfs ?? [:]).sorted(by: { $0.key < $1.key }) {
            var list = ["nosuid", "nodev", "noexec"]
            if !options.isEmpty { list += options.split(separator: ",").map(String.init) }
            mounts.append(.init(destination: destination, type: "tmpfs", source: "tmpfs", options: list))
        }
        for bind in host.Binds ?? [] {
            mounts.append(try Self.bindMount(bind))
        }
        if host.Init == true, let initBinary {
            mounts.append(.init(destination: "/sbin/docker-init", type: "bind", source: initBinary, options: ["bind", "ro"]))
        }
        return mounts
    }

    /// `-v /host:/container[:ro]` (named volumes come with the volumes work).
    static func bindMount(_ bind: String) throws(EngineError) -> RuntimeSpec.Mount {
        let parts = bind.split(separator: ":").map(String.init)
        guard parts.count >= 2, parts[0].hasPrefix("/"), parts[1].hasPrefix("/") else {
            throw .invalid("invalid volume specification: '\(bind)'")
        }
        let modes = parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : []
        var options = ["rbind", "rprivate"]
        options.append(modes.contains("ro") ? "ro" : "rw")
        return .init(destination: parts[1], type: "bind", source: parts[0], options: options)
    }

    private func resources() -> RuntimeSpec.Resources {
        resourcesFor(record.hostConfig)
    }

    func resourcesFor(_ host: HostConfig) -> RuntimeSpec.Resources {
        var resources = RuntimeSpec.Resources()
        resources.devices = host.privileged ? [.init(allow: true, access: "rwm")] : [.init(allow: false, access: "rwm")]
        let memory = host.Memory ?? 0
        if memory > 0 || (host.MemoryReservation ?? 0) > 0 || host.OomKillDisable == true {
            var limits = RuntimeSpec.Memory()
            if memory > 0 {
                limits.limit = memory
                let swap = host.MemorySwap ?? 0
                // Docker: no --memory-swap means twice the memory; -1 means unlimited.
                limits.swap = swap == 0 ? memory * 2 : swap
            }
            if let reservation = host.MemoryReservation, reservation > 0 { limits.reservation = reservation }
            if host.OomKillDisable == true { limits.disableOOMKiller = true }
            resources.memory = limits
        }
        var cpu = RuntimeSpec.CPU()
        var cpuSet = false
        if let shares = host.CpuShares, shares > 0 { cpu.shares = UInt64(shares); cpuSet = true }
        if let nano = host.NanoCpus, nano > 0 {
            cpu.period = 100_000
            cpu.quota = nano * 100_000 / 1_000_000_000
            cpuSet = true
        } else {
            if let period = host.CpuPeriod, period > 0 { cpu.period = UInt64(period); cpuSet = true }
            if let quota = host.CpuQuota, quota != 0 { cpu.quota = quota; cpuSet = true }
        }
        if let cpus = host.CpusetCpus, !cpus.isEmpty { cpu.cpus = cpus; cpuSet = true }
        if let mems = host.CpusetMems, !mems.isEmpty { cpu.mems = mems; cpuSet = true }
        if cpuSet { resources.cpu = cpu }
        if let pids = host.PidsLimit, pids > 0 { resources.pids = .init(limit: pids) }
        return resources
    }
}
