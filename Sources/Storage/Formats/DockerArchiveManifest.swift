/// One entry of a `docker save` archive's `manifest.json`. Paths are inside
/// the archive: `<id>/layer.tar` in older engines, `blobs/sha256/<hex>` since
/// the archive doubled as an OCI layout.
struct DockerArchiveManifestEntry: Codable, Sendable {
    // Wire names: Docker writes these keys capitalised.
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}
