/// The image config's list of uncompressed layer digests (diff IDs), bottom
/// first. These, not the compressed layer digests, define the image ID and
/// the chain IDs snapshots are keyed by.
public struct RootFS: Codable, Sendable, Equatable, Hashable {
    /// Always "layers" today; kept so an unexpected value can be refused.
    public var type: String
    public var diffIDs: [Digest]

    public init(type: String = "layers", diffIDs: [Digest] = []) {
        self.type = type
        self.diffIDs = diffIDs
    }

    enum CodingKeys: String, CodingKey {
        case type
        case diffIDs = "diff_ids"
    }
}
