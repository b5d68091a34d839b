/// The registry settings of daemon.json, and the limits Docker takes from it.
public struct RegistryConfiguration: Sendable {
    /// `registry-mirrors`: tried in order before Docker Hub, for Hub images only.
    public var mirrors: [String]
    /// `insecure-registries`: `host[:port]` names or CIDR ranges reached over
    /// plain HTTP or TLS without verification.
    public var insecureRegistries: [String]
    /// Docker Hub's registry. Tests point it at a local port so nothing
    /// leaves the machine.
    public var hubEndpoint: String
    public var maxConcurrentDownloads: Int
    public var maxConcurrentUploads: Int
    /// Attempts per layer download before the pull fails (Docker's default 5).
    public var maxDownloadAttempts: Int
    /// The wait before retry n is n × this many seconds (Docker: 5).
    public var retryDelaySeconds: Int

    public init(mirrors: [String] = [], insecureRegistries: [String] = [],
                hubEndpoint: String = "https://registry-1.docker.io",
                maxConcurrentDownloads: Int = 3, maxConcurrentUploads: Int = 5,
                maxDownloadAttempts: Int = 5, retryDelaySeconds: Int = 5) {
        self.mirrors = mirrors
        self.insecureRegistries = insecureRegistries
        self.hubEndpoint = hubEndpoint
        self.maxConcurrentDownloads = max(1, maxConcurrentDownloads)
        self.maxConcurrentUploads = max(1, maxConcurrentUploads)
        self.maxDownloadAttempts = max(1, maxDownloadAttempts)
        self.retryDelaySeconds = max(0, retryDelaySeconds)
    }
}
