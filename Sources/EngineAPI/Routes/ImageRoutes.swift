import Engine
import Glibc
import LinuxSupport
import NIOCore
import NIOHTTP1
import OCI
import Storage

extension Router {
    mutating func addImageRoutes(_ context: APIContext) {
        let images = context.images

        add(.GET, "/images/json") { request, response in
            let filters = try ImageFilters(request.query.filters(), images: images)
            let version = request.version
            let list = try await context.blocking { try ImageSummary.list(images, filters: filters, version: version) }
            try await response.json(list)
        }
        add(.GET, "/images/{name}/json") { request, response in
            let name = request.parameter
            let version = request.version
            let inspect = try await context.blocking { () throws -> ImageInspect in
                let image = try images.resolve(name)
                let paths = image.layers.map { images.store.snapshots.path($0.chainID.description) }
                return ImageInspect(image, config: try images.config(of: image), snapshotPaths: paths, version: version)
            }
            try await response.json(inspect)
        }
        add(.GET, "/images/{name}/history") { request, response in
            let name = request.parameter
            let items = try await context.blocking { () throws -> [HistoryItem] in
                let image = try images.resolve(name)
                return HistoryItem.list(image, config: try images.config(of: image))
            }
            try await response.json(items)
        }
        add(.POST, "/images/{name}/tag") { request, response in
            let name = request.parameter
            guard let repository = request.query["repo"], !repository.isEmpty else { throw APIError.badRequest("repository name is required") }
            let tag = request.query["tag"]
            try await context.blocking { try images.tag(name, repository: repository, tag: tag) }
            try await response.send(status: .created)
        }
        add(.DELETE, "/images/{name}") { request, response in
            let name = request.parameter
            let force = request.query.bool("force")
            let prune = !request.query.bool("noprune")
            let items = try await context.blocking { try images.remove(name, force: force, prune: prune) }
            try await response.json(items.map(DeleteResponseItem.init))
        }
        add(.POST, "/images/prune") { request, response in
            let filters = try request.query.filters()
            try filters.validate(allowed: ["dangling", "label", "until"])
            let all = try filters.bool("dangling") == false
            let labels = filters["label"]
            let until = try filters["until"].last.map { (text) throws(APIError) -> Int64 in
                guard let seconds = TimeFilter.unixSeconds(text) else { throw APIError.badRequest("invalid until filter: \(text)") }
                return seconds
            }
            let (items, reclaimed) = try await context.blocking { try images.prune(all: all, labels: labels, until: until) }
            try await response.json(PruneResponse(ImagesDeleted: items.isEmpty ? nil : items.map(DeleteResponseItem.init),
                                                  SpaceReclaimed: reclaimed))
        }
        add(.GET, "/images/get") { request, response in
            try await Self.save(request.query.all("names"), context, response)
        }
        add(.GET, "/images/{name}/get") { request, response in
            try await Self.save([request.parameter], context, response)
        }
        add(.POST, "/images/load") { request, response in
            let upload = try await Upload.receive(request.body, into: images.store, prefix: "load")
            defer { upload.remove() }
            let quiet = request.query.bool("quiet")
            try await response.startStream(contentType: "application/json")
            do {
                let lines = try await context.blocking { try images.load(archive: upload.path) }
                for line in lines { try await response.write(JSON.encode(StreamMessage(stream: line + "\n")) + [0x0a]) }
                _ = quiet
            } catch {
                try await response.write(JSON.encode(StreamMessage.failure(APIError(error).message)) + [0x0a])
            }
        }
        add(.POST, "/images/create") { request, response in
            if request.query["fromImage"] != nil {
                try await Self.pull(request, response, context)
                return
            }
            guard let source = request.query["fromSrc"] else { throw APIError.badRequest("fromImage or fromSrc is required") }
            guard source == "-" else { throw APIError.notImplemented("importing from a URL is not supported; pipe the tar instead") }
            let blob = try await Upload.receiveBlob(request.body, into: images.store)
            let repository = request.query["repo"]
            let tag = request.query["tag"]
            let message = request.query["message"]
            let changes = request.query.all("changes")
            try await response.startStream(contentType: "application/json")
            do {
                let id = try await context.blocking {
                    try images.importImage(layerBlob: blob, repository: repository, tag: tag, message: message,
                                           changes: changes, source: "-")
                }
                try await response.write(JSON.encode(StreamMessage(status: id.description)) + [0x0a])
            } catch {
                try await response.write(JSON.encode(StreamMessage.failure(APIError(error).message)) + [0x0a])
            }
        }
    }

    /// Streams `docker save` output: the archive is written to a scratch file
    /// on the blocking pool, then sent, so a failure still gets a status code.
    private static func save(_ names: [String], _ context: APIContext, _ response: ResponseWriter) async throws {
        guard !names.isEmpty else { throw APIError.badRequest("no image names given") }
        let images = context.images
        let (path, fd) = try images.store.temporaryFile(prefix: "save")
        defer {
            FD.close(fd)
            unlink(path)
        }
        try await context.blocking { try images.save(names, to: fd) }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw APIError.internalError("cannot rewind \(path)") }
        try await response.startStream(contentType: "application/x-tar")
        while true {
            let chunk = try await context.blocking { try FD.read(fd, max: 1 << 20) }
            if chunk.isEmpty { break }
            try await response.write(chunk)
        }
    }
}

extension ImageFilters {
    init(_ filters: Filters, images: ImageService) throws {
        try filters.validate(allowed: ["reference", "dangling", "label", "before", "since"])
        self.init()
        references = filters["reference"]
        dangling = try filters.bool("dangling")
        labels = filters["label"]
        if let name = filters["before"].last { before = try images.resolve(name).created }
        if let name = filters["since"].last { since = try images.resolve(name).created }
    }
}

enum TimeFilter {
    /// `until` values: Unix seconds (fractions allowed) or an RFC 3339 time.
    static func unixSeconds(_ text: String) -> Int64? {
        if let seconds = Double(text) { return Int64(seconds) }
        return RFC3339.parse(text)?.seconds
    }
}
