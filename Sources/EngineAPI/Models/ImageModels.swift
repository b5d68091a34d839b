import Engine
import LinuxSupport
import OCI
import Storage

/// An item of GET /images/json.
struct ImageSummary: Encodable {
    let Id: String
    let ParentId: String
    let RepoTags: [String]
    let RepoDigests: [String]
    let Created: Int64
    let Size: Int64
    let SharedSize: Int64
    let VirtualSize: Int64?
    let Labels: [String: String]?
    var Containers: Int

    init(_ image: ImageRecord, config: ImageConfig?, version: APIVersion, containers: Int = -1, tags selected: [String]? = nil) {
        Id = image.id.description
        ParentId = ""
        let tags = (selected ?? image.tags).map(ImageService.familiar)
        // Before 1.43 an untagged image showed a placeholder name.
        RepoTags = tags.isEmpty && version < APIVersion(major: 1, minor: 43) ? ["<none>:<none>"] : tags
        RepoDigests = image.repoDigests.map(ImageService.familiar)
        Created = image.created
        Size = image.size
        SharedSize = -1
        VirtualSize = version < APIVersion(major: 1, minor: 44) ? image.size : nil
        Labels = config?.config?.labels
        Containers = containers
    }

    func withContainers(_ count: Int) -> ImageSummary {
        var copy = self
        copy.Containers = count
        return copy
    }

    static func list(_ images: ImageService, filters: ImageFilters, version: APIVersion) throws -> [ImageSummary] {
        try images.all().compactMap { image in
            let config = try? images.config(of: image)
            guard filters.matches(image, labels: config?.config?.labels ?? [:]) else { return nil }
            return ImageSummary(image, config: config, version: version, tags: filters.matchingTags(image))
        }.sorted { $0.Created > $1.Created }
    }
}

/// GET /images/{name}/json.
struct ImageInspect: Encodable {
    struct GraphDriverInfo: Encodable {
        let Name: String
        let Data: [String: String]
    }

    struct RootFSInfo: Encodable {
        let `Type`: String
        let Layers: [String]
    }

    struct MetadataInfo: Encodable {
        let LastTagTime: String
    }

    let Id: String
    let RepoTags: [String]
    let RepoDigests: [String]
    let Parent: String
    let Comment: String
    let Created: String
    let DockerVersion: String
    let Author: String
    let Config: ContainerConfigWire
    let Architecture: String
    let Variant: String?
    let Os: String
    let Size: Int64
    let VirtualSize: Int64?
    let GraphDriver: GraphDriverInfo
    let RootFS: RootFSInfo
    let Metadata: MetadataInfo

    init(_ image: ImageRecord, config: ImageConfig, snapshotPaths: [String], version: APIVersion) {
        Id = image.id.description
        RepoTags = image.tags.map(ImageService.familiar)
        RepoDigests = image.repoDigests.map(ImageService.familiar)
        Parent = ""
        Comment = config.comment ?? config.history?.last?.comment ?? ""
        Created = config.created ?? Clock.rfc3339(seconds: image.created)
        DockerVersion = config.dockerVersion ?? ""
        Author = config.author ?? ""
        Config = ContainerConfigWire(config.config ?? ContainerConfig())
        Architecture = config.architecture
        Variant = config.variant
        Os = config.os
        Size = image.size
        VirtualSize = version < APIVersion(major: 1, minor: 44) ? image.size : nil
        GraphDriver = GraphDriverInfo(Name: "overlay2", Data: [
            "LowerDir": snapshotPaths.dropLast().reversed().joined(separator: ":"),
            "UpperDir": snapshotPaths.last ?? "",
        ].filter { !$0.value.isEmpty })
        RootFS = RootFSInfo(Type: "layers", Layers: config.rootfs.diffIDs.map(\.description))
        Metadata = MetadataInfo(LastTagTime: "0001-01-01T00:00:00Z")
    }
}

/// A container config as the API shows it: every key present, as Docker
/// prints them (null where unset), which scripts reading `.Config.Cmd` expect.
struct ContainerConfigWire: Encodable {
    let config: ContainerConfig
    init(_ config: ContainerConfig) { self.config = config }

    enum Keys: String, CodingKey {
        case Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin, StdinOnce
        case Env, Cmd, Image, Volumes, WorkingDir, Entrypoint, OnBuild, Labels, StopSignal, ArgsEscaped, Healthcheck
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("", forKey: .Hostname)
        try c.encode("", forKey: .Domainname)
        try c.encode(config.user ?? "", forKey: .User)
        try c.encode(false, forKey: .AttachStdin)
        try c.encode(false, forKey: .AttachStdout)
        try c.encode(false, forKey: .AttachStderr)
        try c.encodeIfPresent(config.exposedPorts, forKey: .ExposedPorts)
        try c.encode(false, forKey: .Tty)
        try c.encode(false, forKey: .OpenStdin)
        try c.encode(false, forKey: .StdinOnce)
        try encodeOrNull(&c, config.env, .Env)
        try encodeOrNull(&c, config.cmd, .Cmd)
        try c.encode("", forKey: .Image)
        try encodeOrNull(&c, config.volumes, .Volumes)
        try c.encode(config.workingDir ?? "", forKey: .WorkingDir)
        try encodeOrNull(&c, config.entrypoint, .Entrypoint)
        try encodeOrNull(&c, config.onBuild, .OnBuild)
        try encodeOrNull(&c, config.labels, .Labels)
        try c.encodeIfPresent(config.stopSignal, forKey: .StopSignal)
        try c.encodeIfPresent(config.argsEscaped, forKey: .ArgsEscaped)
        try c.encodeIfPresent(config.healthcheck, forKey: .Healthcheck)
    }

    private func encodeOrNull<T: Encodable>(_ c: inout KeyedEncodingContainer<Keys>, _ value: T?, _ key: Keys) throws {
        if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
    }
}

/// An item of GET /images/{name}/history, newest first.
struct HistoryItem: Encodable {
    let Id: String
    let Created: Int64
    let CreatedBy: String
    let Tags: [String]?
    let Size: Int64
    let Comment: String

    static func list(_ image: ImageRecord, config: ImageConfig) -> [HistoryItem] {
        var items: [HistoryItem] = []
        var layerIndex = 0
        let history = config.history ?? config.rootfs.diffIDs.map { _ in History(created: nil, createdBy: nil, author: nil, comment: nil, emptyLayer: nil) }
        for entry in history {
            var size: Int64 = 0
            if entry.emptyLayer != true, layerIndex < image.layers.count {
                size = image.layers[layerIndex].size
                layerIndex += 1
            }
            items.append(HistoryItem(Id: "<missing>", Created: entry.created.flatMap { RFC3339.parse($0)?.seconds } ?? 0,
                                     CreatedBy: entry.createdBy ?? "", Tags: nil, Size: size, Comment: entry.comment ?? ""))
        }
        items.reverse()
        if !items.isEmpty {
            let top = items[0]
            items[0] = HistoryItem(Id: image.id.description, Created: top.Created, CreatedBy: top.CreatedBy,
                                   Tags: image.tags.isEmpty ? nil : image.tags.map(ImageService.familiar), Size: top.Size, Comment: top.Comment)
        }
        return items
    }
}

/// A line of DELETE /images/{name}.
struct DeleteResponseItem: Encodable {
    let Untagged: String?
    let Deleted: String?

    init(_ item: ImageDeleteItem) {
        switch item {
        case .untagged(let name): Untagged = name; Deleted = nil
        case .deleted(let id): Untagged = nil; Deleted = id
        }
    }
}

struct PruneResponse: Encodable {
    let ImagesDeleted: [DeleteResponseItem]?
    let SpaceReclaimed: Int64
}

/// One object of a JSON message stream (load, import, pull, push).
struct StreamMessage: Encodable {
    var status: String?
    var stream: String?
    var id: String?
    var error: String?
    var errorDetail: ErrorDetail?
    /// Byte progress (pull, push): what CLI 28 draws its bars from; present
    /// but empty on per-layer status lines.
    var progressDetail: ProgressDetail?
    /// The bar pre-rendered, for older clients.
    var progress: String?
    /// A push's result.
    var aux: PushAux?

    struct ErrorDetail: Encodable { let message: String }

    struct ProgressDetail: Encodable {
        var current: Int64?
        var total: Int64?
    }

    struct PushAux: Encodable {
        let Tag: String
        let Digest: String
        let Size: Int
    }

    static func failure(_ message: String) -> StreamMessage {
        StreamMessage(error: message, errorDetail: ErrorDetail(message: message))
    }
}
