/// One build step in an image config's history, as `docker history` shows.
/// Steps that made no layer (`ENV`, `CMD`) have `emptyLayer` true, so history
/// entries and `rootfs.diff_ids` line up only after skipping those.
public struct History: Codable, Sendable, Equatable, Hashable {
    /// RFC 3339 text, kept verbatim; see `createdDate`.
    public var created: String?
    public var createdBy: String?
    public var author: String?
    public var comment: String?
    public var emptyLayer: Bool?

    public init(created: String? = nil, createdBy: String? = nil, author: String? = nil, comment: String? = nil, emptyLayer: Bool? = nil) {
        self.created = created
        self.createdBy = createdBy
        self.author = author
        self.comment = comment
        self.emptyLayer = emptyLayer
    }

    /// `created` as Unix seconds, nil when absent or not RFC 3339.
    public var createdDate: Int64? { created.flatMap { RFC3339.parse($0)?.seconds } }

    enum CodingKeys: String, CodingKey {
        case created, author, comment
        case createdBy = "created_by"
        case emptyLayer = "empty_layer"
    }
}
