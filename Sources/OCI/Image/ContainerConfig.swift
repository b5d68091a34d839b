/// The run-time defaults an image carries (`config` in the image config, and
/// the legacy `container_config`). Keys are Docker's capitalised Go field
/// names; every field is optional because images omit, or write null for,
/// anything unset.
public struct ContainerConfig: Codable, Sendable, Equatable, Hashable {
    public var user: String?
    /// "80/tcp" -> {}
    public var exposedPorts: [String: EmptyObject]?
    public var env: [String]?
    public var entrypoint: [String]?
    public var cmd: [String]?
    /// "/data" -> {}
    public var volumes: [String: EmptyObject]?
    public var workingDir: String?
    public var labels: [String: String]?
    public var stopSignal: String?
    /// Seconds.
    public var stopTimeout: Int?
    public var onBuild: [String]?
    public var shell: [String]?
    /// Windows only in practice: Cmd/Entrypoint are already one escaped command line.
    public var argsEscaped: Bool?
    public var healthcheck: HealthConfig?

    public init(user: String? = nil, exposedPorts: [String: EmptyObject]? = nil, env: [String]? = nil, entrypoint: [String]? = nil,
                cmd: [String]? = nil, volumes: [String: EmptyObject]? = nil, workingDir: String? = nil, labels: [String: String]? = nil,
                stopSignal: String? = nil, stopTimeout: Int? = nil, onBuild: [String]? = nil, shell: [String]? = nil,
                argsEscaped: Bool? = nil, healthcheck: HealthConfig? = nil) {
        self.user = user
        self.exposedPorts = exposedPorts
        self.env = env
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.volumes = volumes
        self.workingDir = workingDir
        self.labels = labels
        self.stopSignal = stopSignal
        self.stopTimeout = stopTimeout
        self.onBuild = onBuild
        self.shell = shell
        self.argsEscaped = argsEscaped
        self.healthcheck = healthcheck
    }

    enum CodingKeys: String, CodingKey {
        case user = "User"
        case exposedPorts = "ExposedPorts"
        case env = "Env"
        case entrypoint = "Entrypoint"
        case cmd = "Cmd"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case stopTimeout = "StopTimeout"
        case onBuild = "OnBuild"
        case shell = "Shell"
        case argsEscaped = "ArgsEscaped"
        case healthcheck = "Healthcheck"
    }

    // Written by hand only for Cmd, Entrypoint and Shell: Docker's own decoder
    // (strslice) also takes a bare string there, which some old images contain.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        exposedPorts = try container.decodeIfPresent([String: EmptyObject].self, forKey: .exposedPorts)
        env = try container.decodeIfPresent([String].self, forKey: .env)
        entrypoint = try Self.stringOrList(container, .entrypoint)
        cmd = try Self.stringOrList(container, .cmd)
        volumes = try container.decodeIfPresent([String: EmptyObject].self, forKey: .volumes)
        workingDir = try container.decodeIfPresent(String.self, forKey: .workingDir)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
        stopSignal = try container.decodeIfPresent(String.self, forKey: .stopSignal)
        stopTimeout = try container.decodeIfPresent(Int.self, forKey: .stopTimeout)
        onBuild = try container.decodeIfPresent([String].self, forKey: .onBuild)
        shell = try Self.stringOrList(container, .shell)
        argsEscaped = try container.decodeIfPresent(Bool.self, forKey: .argsEscaped)
        healthcheck = try container.decodeIfPresent(HealthConfig.self, forKey: .healthcheck)
    }

    private static func stringOrList(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [String]? {
        if let single = try? container.decodeIfPresent(String.self, forKey: key) { return [single] }
        return try container.decodeIfPresent([String].self, forKey: key)
    }
}
