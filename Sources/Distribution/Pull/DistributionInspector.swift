import OCI

/// `GET /distribution/{name}/json`: what a reference resolves to on its
/// registry (the descriptor of its manifest or index) and the platforms it
/// offers, without pulling anything.
public struct DistributionInspector: Sendable {
    let client: RegistryClient

    public struct Inspection: Sendable {
        public let descriptor: Descriptor
        public let platforms: [Platform]
    }

    public init(client: RegistryClient) {
        self.client = client
    }

    public func inspect(_ reference: ImageReference, credentials: RegistryCredentials) async throws -> Inspection {
        try await client.withSession(domain: reference.domain, repository: reference.path, actions: ["pull"],
                                     credentials: credentials) { session in
            let name = reference.digest?.description ?? reference.tag ?? ImageReference.defaultTag
            let display = reference.familiarRepository + (reference.digest != nil ? "@" : ":") + name
            let document = try await ManifestFetcher.fetch(session, reference: name, displayName: display)
            var platforms: [Platform] = []
            if document.kind.isIndex {
                let index = try JSON.decode(ImageIndex.self, from: document.bytes)
                platforms = index.manifests.compactMap(\.platform)
            } else {
                let manifest = try JSON.decode(ImageManifest.self, from: document.bytes)
                let config = try JSON.decode(ImageConfig.self, from: try await ManifestFetcher.blob(session, manifest.config))
                platforms = [Platform(architecture: config.architecture, os: config.os, variant: config.variant)]
            }
            return Inspection(descriptor: document.descriptor, platforms: platforms)
        }
    }
}
