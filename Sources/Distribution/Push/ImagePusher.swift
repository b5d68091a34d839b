import LinuxSupport
import OCI
import Storage

/// Pushes one tag of a local image (Docker's `push`): the layers the
/// registry lacks, several at once, then the config, then the manifest as
/// it is stored, so the digest matches what was pulled or built.
public struct ImagePusher: Sendable {
    let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// `reference` carries the tag to push to; `image` is the local image it names.
    public func push(_ reference: ImageReference, image: ImageRecord, credentials: RegistryCredentials,
                     progress: @escaping ProgressSink) async throws -> PushResult {
        let store = client.store
        let tag = reference.tag ?? ImageReference.defaultTag
        await progress(ProgressMessage(status: "The push refers to repository [\(reference.repository)]"))
        let manifestBytes = try await client.blocking { try store.content.read(image.manifestDigest) }
        let manifest: ImageManifest
        do { manifest = try JSON.decode(ImageManifest.self, from: manifestBytes) } catch {
            throw RegistryClientError(.invalidContent, "the stored manifest \(image.manifestDigest) is unreadable: \(error)")
        }
        for layer in manifest.layers where !store.content.contains(layer.digest) {
            throw RegistryClientError(.storage, "layer \(layer.digest) of the image is not in the content store")
        }
        let layerIDs = manifest.layers.indices.map { index in
            index < image.layers.count ? image.layers[index].diffID.shortID : manifest.layers[index].digest.shortID
        }
        // Repositories of the same registry that already hold a layer: the
        // registry can link it instead of receiving it again.
        var sources: [Digest: [String]] = [:]
        for layer in manifest.layers {
            let paths = store.repositories(holding: layer.digest).compactMap { name -> String? in
                guard let known = try? ImageReference.parse(name), known.domain == reference.domain, known.path != reference.path else { return nil }
                return known.path
            }
            if !paths.isEmpty { sources[layer.digest] = Array(paths.prefix(3)) }
        }
        let mountScopes = Set(sources.values.joined()).sorted().map { "repository:\($0):pull" }
        let mountSources = sources
        return try await client.withSession(domain: reference.domain, repository: reference.path, actions: ["pull", "push"],
                                            extraScopes: mountScopes, credentials: credentials, forPush: true) { session in
            let uploader = BlobUploader(session: session)
            for id in layerIDs { await progress(.layer(id, "Preparing")) }
            let limit = client.configuration.maxConcurrentUploads
            for id in layerIDs.dropFirst(limit) { await progress(.layer(id, "Waiting")) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                var queue = Array(zip(manifest.layers, layerIDs))[...]
                func startNext() {
                    guard let (layer, id) = queue.popFirst() else { return }
                    group.addTask {
                        try await pushLayer(layer, id: id, sources: mountSources[layer.digest] ?? [], uploader: uploader, progress: progress)
                    }
                }
                for _ in 0..<limit { startNext() }
                while try await group.next() != nil { startNext() }
            }
            if try await !uploader.exists(manifest.config.digest) {
                try await uploader.upload(manifest.config, path: store.content.path(manifest.config.digest)) { _ in }
            }
            let digest = try await putManifest(manifestBytes, mediaType: image.manifestMediaType, tag: tag, session: session)
            try await client.blocking { try store.addRepoDigest(image.id, reference.repository + "@" + digest.description) }
            await progress(ProgressMessage(status: "\(tag): digest: \(digest) size: \(manifestBytes.count)"))
            let result = PushResult(tag: tag, digest: digest.description, size: manifestBytes.count)
            await progress(ProgressMessage(status: "", pushResult: result))
            return result
        }
    }

    private func pushLayer(_ layer: Descriptor, id: String, sources: [String], uploader: BlobUploader,
                           progress: @escaping ProgressSink) async throws {
        if try await uploader.exists(layer.digest) {
            await progress(.layer(id, "Layer already exists"))
            return
        }
        for source in sources where try await uploader.mount(layer.digest, from: source) {
            await progress(.layer(id, "Mounted from " + source))
            return
        }
        let (updates, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let total = layer.size
        let reporter = Task {
            var throttle = ProgressThrottle()
            for await sent in updates where throttle.shouldReport(current: sent, total: total, now: Clock.monotonicSeconds()) {
                await progress(ProgressMessage(id: id, status: "Pushing", current: sent, total: total))
            }
        }
        defer { continuation.finish() }
        do {
            try await uploader.upload(layer, path: client.store.content.path(layer.digest)) { sent in continuation.yield(sent) }
        } catch {
            continuation.finish()
            await reporter.value
            throw error
        }
        continuation.finish()
        await reporter.value
        await progress(.layer(id, "Pushed"))
    }

    private func putManifest(_ bytes: [UInt8], mediaType: String, tag: String,
                             session: RegistrySession) async throws(RegistryClientError) -> Digest {
        let url = session.endpoint.url(repository: session.repository, "manifests/" + tag)
        let response = try await session.send(.PUT, url, headers: [("Content-Type", mediaType)], body: .bytes(bytes))
        guard response.status.code == 201 || response.status.code == 200 else {
            throw await RegistryClientError.unexpected(response, url: url)
        }
        await RegistryBody.discard(response, url: url)
        let digest = SHA256Digester.digest(bytes)
        if let announced = response.headers.first(name: "Docker-Content-Digest"), announced != digest.description {
            throw RegistryClientError(.invalidContent, "the registry stored the manifest as \(announced), expected \(digest)")
        }
        return digest
    }
}
