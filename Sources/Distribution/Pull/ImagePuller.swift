import LinuxSupport
import OCI
import Storage

/// Pulls one image (Docker's `pull`): resolve the reference to a manifest
/// for this platform, fetch the config, download the layers the store
/// lacks (several at once), verify and unpack each as it arrives, then
/// record the image in one transaction. Nothing unverified is ever
/// visible; verified layers are leased, so an interrupted pull resumes.
public struct ImagePuller: Sendable {
    let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// Finds the manifest: the first endpoint that answers, the tag (or
    /// digest), and for an index, the entry for `platform`.
    public func resolve(_ reference: ImageReference, platform: String?, credentials: RegistryCredentials) async throws -> PullPlan {
        let matcher = try PlatformMatcher(requested: platform)
        let store = client.store
        return try await client.withSession(domain: reference.domain, repository: reference.path, actions: ["pull"],
                                            credentials: credentials) { session in
            let name = reference.digest?.description ?? reference.tag ?? ImageReference.defaultTag
            let display = reference.familiarRepository + (reference.digest != nil ? "@" : ":") + name
            let top = try await ManifestFetcher.fetch(session, reference: name, displayName: display)
            var manifestDocument = top
            var written = [top.digest]
            if top.kind.isIndex {
                let index: ImageIndex
                do { index = try JSON.decode(ImageIndex.self, from: top.bytes) } catch {
                    throw RegistryClientError(.invalidContent, "\(display): invalid index: \(error)")
                }
                let entry = try matcher.choose(index.manifests)
                manifestDocument = try await ManifestFetcher.fetch(session, reference: entry.digest.description, displayName: display)
                guard !manifestDocument.kind.isIndex else {
                    throw RegistryClientError(.invalidContent, "\(display): an index inside an index is not supported")
                }
                written.append(manifestDocument.digest)
            }
            let manifest: ImageManifest
            do { manifest = try JSON.decode(ImageManifest.self, from: manifestDocument.bytes) } catch {
                throw RegistryClientError(.invalidContent, "\(display): invalid manifest: \(error)")
            }
            let documents = top.kind.isIndex ? [top, manifestDocument] : [top]
            let leaseKeys = written.map(\.description)
            try await client.blocking {
                for document in documents { try store.content.write(document.bytes, expected: document.digest) }
                store.lease(leaseKeys)
            }
            return PullPlan(session: session, reference: reference, topDigest: top.digest, manifest: manifest,
                            manifestDescriptor: manifestDocument.descriptor, writtenBlobs: written)
        }
    }

    /// Fetches what the plan needs and records the image, reporting
    /// Docker's progress lines to `progress`.
    public func fetch(_ plan: PullPlan, progress: @escaping ProgressSink) async throws -> PullOutcome {
        let store = client.store
        let reference = plan.reference
        await progress(ProgressMessage(id: reference.digest?.description ?? reference.tag ?? ImageReference.defaultTag,
                                       status: "Pulling from " + reference.path))
        let configDescriptor = plan.manifest.config
        let configBytes: [UInt8]
        if store.content.contains(configDescriptor.digest) {
            configBytes = try await client.blocking { try store.content.read(configDescriptor.digest) }
        } else {
            let bytes = try await ManifestFetcher.blob(plan.session, configDescriptor)
            try await client.blocking {
                try store.content.write(bytes, expected: configDescriptor.digest)
                store.lease([configDescriptor.digest.description])
            }
            configBytes = bytes
        }
        let config: ImageConfig
        do { config = try JSON.decode(ImageConfig.self, from: configBytes) } catch {
            throw RegistryClientError(.invalidContent, "image config \(configDescriptor.digest): \(error)")
        }
        let layers = plan.manifest.layers
        guard layers.count == config.rootfs.diffIDs.count else {
            throw RegistryClientError(.invalidContent,
                                      "the image config lists \(config.rootfs.diffIDs.count) layers but the manifest has \(layers.count)")
        }
        guard layers.count <= SnapshotStore.maxDepth else {
            throw RegistryClientError(.invalidContent, "the image has \(layers.count) layers; at most \(SnapshotStore.maxDepth) can be stacked")
        }
        let existedBefore = (try? store.records.image(configDescriptor.digest)) != nil
        let chainIDs = ChainID.compute(config.rootfs.diffIDs.map(\.description))
        let pulled = try await LayerFetcher(client: client, session: plan.session, progress: progress)
            .fetchAll(layers: layers, diffIDs: config.rootfs.diffIDs, chainIDs: chainIDs)

        let tag = reference.digest == nil ? reference.withDefaultTag().description : nil
        let image = PulledImage(config: configDescriptor.digest, created: config.createdDate ?? 0, manifest: plan.manifestDescriptor,
                                layers: pulled.layers, tag: tag, repoDigest: reference.repository + "@" + plan.topDigest.description)
        let leased = plan.writtenBlobs.map(\.description) + [configDescriptor.digest.description] + pulled.leased
        let (record, tagMoved) = try await client.blocking { () throws -> (ImageRecord, Bool) in
            let result = try store.commitPulled(image)
            store.releaseLeases(leased)
            return result
        }
        let changed = !existedBefore || tagMoved || pulled.downloaded > 0
        await progress(ProgressMessage(status: "Digest: " + plan.topDigest.description))
        let familiar = reference.digest == nil ? reference.withDefaultTag().familiarString : reference.familiarString
        await progress(ProgressMessage(status: changed ? "Status: Downloaded newer image for \(familiar)"
                                                       : "Status: Image is up to date for \(familiar)"))
        return PullOutcome(imageID: record.id, changed: changed)
    }
}
