import Distribution
import Engine
import OCI
import Storage

extension Router {
    /// Registry routes besides the pull (which shares `/images/create` with
    /// import): push, login, search and distribution inspect.
    mutating func addDistributionRoutes(_ context: APIContext) {
        add(.POST, "/images/{name}/push") { request, response in
            try await Self.push(request, response, context)
        }
        add(.POST, "/auth") { request, response in
            let body = try await request.body.collect(limit: 1 << 20)
            let credentials: RegistryCredentials
            do { credentials = try RegistryCredentials.fromJSON(body) } catch {
                throw APIError.badRequest("invalid auth configuration: \(error)")
            }
            do { try await LoginProbe(client: context.registry).login(credentials) } catch let error as RegistryClientError where error.kind == .unauthorized {
                throw APIError(status: .unauthorized, message: error.description)
            }
            try await response.json(AuthResponse(IdentityToken: "", Status: "Login Succeeded"))
        }
        add(.GET, "/images/search") { request, response in
            guard let term = request.query["term"], !term.isEmpty else { throw APIError.badRequest("term is required") }
            var limit = 25
            if let text = request.query["limit"], !text.isEmpty {
                guard let value = Int(text), (1...100).contains(value) else { throw APIError.badRequest("limit \(text) is outside the range of [1, 100]") }
                limit = value
            }
            let filters = try request.query.filters()
            try filters.validate(allowed: ["is-automated", "is-official", "stars"])
            let credentials = RegistryCredentials.fromHeader(request.header("X-Registry-Auth")) ?? .anonymous
            var results = try await CatalogSearch(client: context.registry).search(term, limit: limit, credentials: credentials)
            // Catalog entries have no stars and are neither official nor automated.
            if try filters.bool("is-official") == true || filters.bool("is-automated") == true { results = [] }
            if let stars = filters["stars"].last, let minimum = Int(stars), minimum > 0 { results = [] }
            try await response.json(results.map {
                SearchResult(name: $0.name, description: "", star_count: 0, is_official: false, is_automated: false)
            })
        }
        add(.GET, "/distribution/{name}/json") { request, response in
            let reference: ImageReference
            do { reference = try ImageReference.parse(request.parameter).withDefaultTagUnlessDigested() } catch {
                throw APIError.badRequest("invalid reference format: \(error)")
            }
            let credentials = RegistryCredentials.fromHeader(request.header("X-Registry-Auth")) ?? .anonymous
            let found = try await DistributionInspector(client: context.registry).inspect(reference, credentials: credentials)
            try await response.json(DistributionInspect(
                Descriptor: DistributionInspect.Target(mediaType: found.descriptor.mediaType, digest: found.descriptor.digest.description,
                                                       size: found.descriptor.size),
                Platforms: found.platforms.map { DistributionInspect.PlatformItem(architecture: $0.architecture, os: $0.os, variant: $0.variant) }))
        }
    }

    /// `POST /images/{name}/push?tag=`: one tag, or with no tag every tag of
    /// the repository. A name that no local image has is a 404 before the
    /// stream; everything after goes in-band, as in Docker.
    static func push(_ request: Request, _ response: ResponseWriter, _ context: APIContext) async throws {
        let tag = request.query["tag"] ?? ""
        var reference: ImageReference
        do {
            reference = try ImageReference.parse(request.parameter)
            if !tag.isEmpty { reference = try reference.with(tag: tag) }
        } catch {
            throw APIError.badRequest("invalid reference format: \(error)")
        }
        let images = context.images
        let repository = reference.withoutTagOrDigest
        let targets: [(ImageReference, ImageRecord)]
        if reference.tag != nil {
            guard let image = try? images.resolve(reference.description) else {
                throw APIError.notFound("An image does not exist locally with the tag: \(reference.familiarRepository)")
            }
            targets = [(reference, image)]
        } else {
            let all = try await context.blocking { try images.all() }
            targets = all.flatMap { image in
                image.tags.compactMap { tag -> (ImageReference, ImageRecord)? in
                    guard let named = try? ImageReference.parse(tag), named.repository == repository.repository else { return nil }
                    return (named, image)
                }
            }.sorted { $0.0.description < $1.0.description }
            guard !targets.isEmpty else {
                throw APIError.notFound("An image does not exist locally with the tag: \(reference.familiarRepository)")
            }
        }
        var credentials = RegistryCredentials.fromHeader(request.header("X-Registry-Auth"))
        if credentials == nil {
            // Old clients send the auth configuration as the body instead.
            let body = try await request.body.collect(limit: 1 << 20)
            credentials = body.isEmpty ? nil : try? RegistryCredentials.fromJSON(body)
        }
        let auth = credentials ?? .anonymous
        try await response.startStream(contentType: "application/json")
        let pusher = ImagePusher(client: context.registry)
        let events = context.containers.events
        await ProgressRelay.run(ProgressWriter(response: response)) { progress in
            for (target, image) in targets {
                _ = try await pusher.push(target, image: image, credentials: auth, progress: progress)
                events.publish(type: "image", action: "push", id: target.description, attributes: ["name": target.description])
            }
        }
    }
}

struct AuthResponse: Encodable {
    let IdentityToken: String
    let Status: String
}

struct SearchResult: Encodable {
    let name: String
    let description: String
    let star_count: Int
    let is_official: Bool
    let is_automated: Bool
}

struct DistributionInspect: Encodable {
    struct Target: Encodable {
        let mediaType: String
        let digest: String
        let size: Int64
    }

    struct PlatformItem: Encodable {
        let architecture: String
        let os: String
        let variant: String?
    }

    let Descriptor: Target
    let Platforms: [PlatformItem]
}

extension ImageReference {
    func withDefaultTagUnlessDigested() -> ImageReference {
        digest == nil ? withDefaultTag() : self
    }
}
