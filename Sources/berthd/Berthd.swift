import ArgumentParser
import Distribution
import Engine
import EngineAPI
import Glibc
import LinuxSupport
import NIOPosix
import Storage

/// berthd: the Berth daemon. Serves the Docker Engine API on a unix socket.
@main
struct Berthd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berthd", abstract: "The Berth daemon: serves the Docker Engine API on a unix socket.")

    @Option(name: [.customShort("H"), .long], help: "Daemon socket to listen on (unix:///path)")
    var host: [String] = []

    @Option(name: .customLong("data-root"), help: "Root directory of persistent Berth state (default: /var/lib/berth)")
    var dataRoot: String?

    @Option(name: .customLong("exec-root"), help: "Root directory for execution state files (default: /run/berth)")
    var execRoot: String?

    @Option(name: .customLong("config-file"), help: "Daemon configuration file")
    var configFile: String = "/etc/berth/daemon.json"

    @Flag(name: [.customShort("D"), .long], help: "Enable debug mode")
    var debug = false

    func run() async throws {
        let file = try DaemonConfiguration.load(configFile, required: configFile != "/etc/berth/daemon.json")
        let dataRoot = self.dataRoot ?? file.dataRoot ?? "/var/lib/berth"
        let execRoot = self.execRoot ?? file.execRoot ?? "/run/berth"
        let hosts = host.isEmpty ? (file.hosts ?? ["unix:///run/berth/berth.sock"]) : host
        guard hosts.count == 1, let socketPath = hosts.first.flatMap(Self.unixPath) else {
            throw ValidationError("berthd listens on exactly one unix socket: -H unix:///path")
        }

        try Directory.create(dataRoot, mode: 0o710)
        try Directory.create(execRoot, mode: 0o700)
        try Directory.create(Path.parent(socketPath), mode: 0o755)
        let database = try MetadataDatabase(path: dataRoot + "/berth.db")
        let store = try ImageStore(dataRoot: dataRoot, database: database)

        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let system = SystemFacts.read(dataRoot: dataRoot, execRoot: execRoot)
        let images = ImageService(store: store)
        let binaries = Self.ownDirectory()
        var cgroupParent = file.cgroupParent ?? "/berth"
        if !cgroupParent.hasPrefix("/") { cgroupParent = "/" + cgroupParent }
        let settings = ContainerSettings(
            root: dataRoot + "/containers", runtimeRoot: execRoot + "/runtime",
            runtimeBinary: Self.sealedRuntime(binaries + "/berth-runtime", execRoot: execRoot), monitorBinary: binaries + "/berth-monitor",
            cgroupParent: cgroupParent, cgroupVersion: system.cgroupVersion, dns: file.dns ?? [],
            initBinary: ["/usr/bin/tini-static", "/usr/bin/docker-init"].first(where: SmallFile.exists),
            storageDriver: file.storageDriver ?? "overlay2")
        let containers = try ContainerService(images: images, database: database, events: EventBus(), settings: settings,
                                              group: group, pool: pool)
        await containers.restore()
        let registry = RegistryClient(configuration: Self.registryConfiguration(file), store: store, pool: pool,
                                      http: RegistryHTTP(eventLoopGroup: group))
        let context = APIContext(images: images, containers: containers, system: system, registry: registry, pool: pool)
        let server = HTTPServer(socketPath: socketPath, router: EngineRoutes.router(context), group: group)
        ShutdownSignals.install(removing: socketPath)
        try await server.run {
            chmod(socketPath, 0o660)
            if let group = getgrnam("berth") { chown(socketPath, 0, group.pointee.gr_gid) }
            FD.writeStderr("berthd \(BerthInfo.version): API listen on \(socketPath)\n")
        }
    }

    /// daemon.json's registry settings. `BERTH_HUB_ENDPOINT` replaces Docker
    /// Hub's address and `BERTH_REGISTRY_RETRY_SECONDS` the retry step, so
    /// that tests never reach the internet nor wait 5 s per retry.
    static func registryConfiguration(_ file: DaemonConfiguration) -> RegistryConfiguration {
        func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        return RegistryConfiguration(
            mirrors: file.registryMirrors ?? [], insecureRegistries: file.insecureRegistries ?? [],
            hubEndpoint: environment("BERTH_HUB_ENDPOINT") ?? "https://registry-1.docker.io",
            maxConcurrentDownloads: file.maxConcurrentDownloads ?? 3, maxConcurrentUploads: file.maxConcurrentUploads ?? 5,
            maxDownloadAttempts: file.maxDownloadAttempts ?? 5,
            retryDelaySeconds: environment("BERTH_REGISTRY_RETRY_SECONDS").flatMap { Int($0) } ?? 5)
    }

    /// berth-runtime seen through a read-only bind mount in the exec root,
    /// so that it starts sealed (CVE-2019-5736) instead of re-executing
    /// itself from a sealed view on every create and exec; the file itself
    /// where that mount cannot be made.
    static func sealedRuntime(_ binary: String, execRoot: String) -> String {
        let view = execRoot + "/bin/berth-runtime"
        do {
            try SealedExecutable.publishReadOnly(binary, at: view)
            return view
        } catch {
            FD.writeStderr("berthd: berth-runtime will seal itself at each start (\(error))\n")
            return binary
        }
    }

    /// The directory of this executable: berth-runtime and berth-monitor are installed beside it.
    static func ownDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "/usr/local/bin" }
        let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Path.parent(path)
    }

    static func unixPath(_ host: String) -> String? {
        guard host.hasPrefix("unix://") else { return nil }
        let path = String(host.dropFirst("unix://".count))
        return path.hasPrefix("/") ? path : nil
    }
}

enum BerthInfo {
    static let version = "0.1.0"
}
