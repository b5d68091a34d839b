import Distribution
import Engine
import NIOPosix

/// What every route needs: the engine's services, and a pool of threads for
/// blocking work (disk, unpacking) so it never runs on an event loop or
/// starves Swift's small cooperative pool.
public struct APIContext: Sendable {
    public let images: ImageService
    public let containers: ContainerService
    public let system: SystemInfo
    public let registry: RegistryClient
    let pool: NIOThreadPool

    public init(images: ImageService, containers: ContainerService, system: SystemInfo, registry: RegistryClient, pool: NIOThreadPool) {
        self.images = images
        self.registry = registry
        self.containers = containers
        self.system = system
        self.pool = pool
    }

    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}

/// Facts about the daemon that /version and /info report.
public struct SystemInfo: Sendable {
    public let dataRoot: String
    public let execRoot: String
    public let kernelVersion: String
    public let operatingSystem: String
    public let hostname: String
    public let cpus: Int
    public let memoryBytes: Int64
    public let cgroupVersion: String
    public let startedAt: String

    public init(dataRoot: String, execRoot: String, kernelVersion: String, operatingSystem: String, hostname: String,
                cpus: Int, memoryBytes: Int64, cgroupVersion: String, startedAt: String) {
        self.dataRoot = dataRoot
        self.execRoot = execRoot
        self.kernelVersion = kernelVersion
        self.operatingSystem = operatingSystem
        self.hostname = hostname
        self.cpus = cpus
        self.memoryBytes = memoryBytes
        self.cgroupVersion = cgroupVersion
        self.startedAt = startedAt
    }
}
