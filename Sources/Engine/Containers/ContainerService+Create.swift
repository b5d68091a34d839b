import ContainerLogs
import Glibc
import LinuxSupport
import OCI
import Storage

extension ContainerService {
    /// `POST /containers/create`: validates, merges the image's defaults into
    /// the config, and records the container (nothing runs yet).
    public func create(name requestedName: String?, config requested: RunConfig, hostConfig: HostConfig?) throws(EngineError) -> ContainerRecord {
        cgroupWarmer.warm()
        guard let imageName = requested.Image, !imageName.isEmpty else { throw .invalid("No image was specified") }
        var host = (hostConfig ?? HostConfig()).normalized()
        try Self.validate(&host)
        let image: ImageRecord
        do {
            image = try images.resolve(imageName)
        } catch {
            throw .notFound("No such image: \(Self.withDefaultTag(imageName))")
        }
        let imageConfig = try images.config(of: image)
        var config = Self.merge(requested, image: imageConfig.config)
        let command = (config.Entrypoint?.values ?? []) + (config.Cmd?.values ?? [])
        guard let path = command.first else { throw .invalid("No command specified") }
        _ = try RuntimeSpecBuilder.capabilities(host)
        _ = try RuntimeSpecBuilder.rlimits(host)
        for bind in host.Binds ?? [] { _ = try RuntimeSpecBuilder.bindMount(bind) }
        let logDriver = host.LogConfig?.Type ?? "json-file"
        guard logDriver == "json-file" || logDriver == "none" else { throw .invalid("logger: no log driver named '\(logDriver)' is registered") }
        do { _ = try JSONFileLogOptions(logOptions: host.LogConfig?.Config ?? [:]) } catch { throw .invalid("\(error)") }
        guard image.layers.count <= SnapshotStore.maxDepth else {
            throw .invalid("max depth exceeded: the image has \(image.layers.count) layers, at most \(SnapshotStore.maxDepth) can be stacked")
        }

        let id = Self.newID()
        if (config.Hostname ?? "").isEmpty {
            // On the host's network a container takes the host's name, as with Docker.
            config.Hostname = host.NetworkMode == "host" ? Self.hostName() : String(id.prefix(12))
        }
        var name = try requestedName.map { (n: String) throws(EngineError) in try ContainerNames.validate(n) }
        if name == nil {
            let taken = state.withLock { Set($0.records.values.map(\.name)) }
            var retry = 0
            var candidate = ContainerNames.generate(retry: 0)
            while taken.contains(candidate) {
                retry += 1
                candidate = ContainerNames.generate(retry: retry)
            }
            name = candidate
        }
        let record = ContainerRecord(
            id: id, name: name!, created: Clock.rfc3339Now(), path: path, args: Array(command.dropFirst()),
            config: config, hostConfig: host, imageID: image.id.description,
            layers: image.layers.reversed().map { $0.chainID.description },
            driver: settings.storageDriver == "vfs" ? "vfs" : "overlay2")
        let paths = self.paths(id)
        try engineCall { () throws(SystemCallError) in try Directory.create(paths.directory, mode: 0o710) }
        do {
            try save(record)
        } catch {
            Directory.removeTree(paths.directory)
            throw error
        }
        state.withLock { $0.records[id] = record }
        publish(record, "create")
        return record
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        var hex = ""
        for _ in 0..<4 {
            let word = String(generator.next() as UInt64, radix: 16)
            hex += String(repeating: "0", count: 16 - word.count) + word
        }
        return hex
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether a name has the shape of a container ID: 64 lowercase hex
    /// digits, the shape of a sha256 digest's hex.
    static func isID(_ name: String) -> Bool {
        (try? Digest(sha256Hex: name)) != nil
    }

    static func withDefaultTag(_ name: String) -> String {
        if name.contains("@") { return name }
        let last = name.split(separator: "/").last ?? ""
        return last.contains(":") ? name : name + ":latest"
    }

    /// The image's defaults under the container's own settings, as Docker merges them.
    static func merge(_ config: RunConfig, image: ContainerConfig?) -> RunConfig {
        var merged = config
        guard let image else { return merged }
        if (merged.User ?? "").isEmpty { merged.User = image.user ?? "" }
        var env = image.env ?? []
        for entry in config.Env ?? [] {
            let key = entry.split(separator: "=", maxSplits: 1).first.map(String.init) ?? entry
            env.removeAll { ($0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0) == key }
            env.append(entry)
        }
        merged.Env = env
        if config.Entrypoint == nil {
            merged.Entrypoint = image.entrypoint.map(StringList.init)
            if config.Cmd == nil || config.Cmd?.values.isEmpty == true { merged.Cmd = image.cmd.map(StringList.init) }
        }
        // An entrypoint given to the container drops the image's command.
        if (merged.WorkingDir ?? "").isEmpty { merged.WorkingDir = image.workingDir ?? "" }
        var labels = image.labels ?? [:]
        for (key, value) in config.Labels ?? [:] { labels[key] = value }
        merged.Labels = labels
        if merged.StopSignal == nil { merged.StopSignal = image.stopSignal }
        var ports = image.exposedPorts ?? [:]
        for (key, value) in config.ExposedPorts ?? [:] { ports[key] = value }
        if !ports.isEmpty { merged.ExposedPorts = ports }
        if merged.Volumes == nil || merged.Volumes?.isEmpty == true { merged.Volumes = image.volumes }
        if merged.OnBuild == nil { merged.OnBuild = image.onBuild }
        if merged.Healthcheck == nil { merged.Healthcheck = image.healthcheck }
        merged.AttachStdin = merged.AttachStdin ?? false
        merged.AttachStdout = merged.AttachStdout ?? false
        merged.AttachStderr = merged.AttachStderr ?? false
        merged.Tty = merged.Tty ?? false
        merged.OpenStdin = merged.OpenStdin ?? false
        merged.StdinOnce = merged.StdinOnce ?? false
        merged.Domainname = merged.Domainname ?? ""
        return merged
    }

    /// Docker's checks of HostConfig, with its messages.
    static func validate(_ host: inout HostConfig) throws(EngineError) {
        let policy = host.RestartPolicy?.Name ?? "no"
        switch policy {
        case "no", "always", "unless-stopped":
            if (host.RestartPolicy?.MaximumRetryCount ?? 0) != 0 {
                throw .invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'")
            }
        case "on-failure":
            if (host.RestartPolicy?.MaximumRetryCount ?? 0) < 0 { throw .invalid("invalid restart policy: maximum retry count cannot be negative") }
        default:
            throw .invalid("invalid restart policy: unknown policy '\(policy)'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")
        }
        if host.AutoRemove == true && policy != "no" {
            throw .invalid("can't create 'AutoRemove' container with restart policy")
        }
        let memory = host.Memory ?? 0
        if memory < 0 { throw .invalid("invalid memory limit: \(memory)") }
        if memory > 0 && memory < 6 * 1024 * 1024 { throw .invalid("Minimum memory limit allowed is 6MB") }
        let swap = host.MemorySwap ?? 0
        if memory > 0 && swap > 0 && swap < memory {
            throw .invalid("Minimum memoryswap limit should be larger than memory limit, see usage")
        }
        if memory == 0 && swap > 0 {
            throw .invalid("You should always set the Memory limit when using Memoryswap limit, see usage")
        }
        if let reservation = host.MemoryReservation, memory > 0, reservation > memory {
            throw .invalid("Minimum memory limit can not be less than memory reservation limit, see usage")
        }
        let nano = host.NanoCpus ?? 0
        if nano != 0 && ((host.CpuQuota ?? 0) != 0 || (host.CpuPeriod ?? 0) != 0) {
            throw .invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set")
        }
        let cpus = Int64(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if nano < 0 || nano > cpus * 1_000_000_000 {
            throw .invalid("Range of CPUs is from 0.01 to \(cpus).00, as there are only \(cpus) CPUs available")
        }
        if let shares = host.CpuShares, shares < 0 { throw .invalid("invalid CPU shares: \(shares)") }
        if let pids = host.PidsLimit, pids < 0 { host.PidsLimit = 0 }
        if let shm = host.ShmSize, shm < 0 { throw .invalid("SHM size can not be less than 0") }
        if let cpuset = host.CpusetCpus, !cpuset.isEmpty, !Self.validCPUSet(cpuset, max: Int(cpus) - 1) {
            throw .invalid("Requested CPUs are not available - requested \(cpuset), available: 0-\(cpus - 1)")
        }
        switch host.NetworkMode ?? "bridge" {
        case "bridge", "none", "host": break
        case let mode where mode.hasPrefix("container:"):
            throw .invalid("network mode \(mode) is not supported yet")
        case let mode:
            throw .notFound("network \(mode) not found")
        }
        for option in host.SecurityOpt ?? [] {
            let known = ["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true", "no-new-privileges:false",
                         "no-new-privileges=false"]
            if known.contains(option) || option.hasPrefix("seccomp") || option.hasPrefix("apparmor") || option.hasPrefix("label") { continue }
            throw .invalid("invalid --security-opt 2: \"\(option)\"")
        }
    }

    static func validCPUSet(_ text: String, max: Int) -> Bool {
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").map { Int($0) }
            guard !bounds.isEmpty, bounds.count <= 2, bounds.allSatisfy({ $0 != nil && $0! >= 0 && $0! <= max }) else { return false }
        }
        return true
    }
}
