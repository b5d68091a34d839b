import GRDB
import OCI

/// Image records and their tags in the metadata database.
public struct ImageMetadataStore: Sendable {
    let database: MetadataDatabase

    public init(database: MetadataDatabase) { self.database = database }

    public func all() throws(StorageError) -> [ImageRecord] {
        try database.read { db in try Self.fetchImages(db, whereClause: nil, arguments: []) }
    }

    public func image(_ id: Digest) throws(StorageError) -> ImageRecord? {
        try database.read { db in try Self.fetchImages(db, whereClause: "id = ?", arguments: [id.description]).first }
    }

    /// The image a fully qualified tag points at.
    public func imageID(forTag reference: String) throws(StorageError) -> Digest? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT image_id FROM tags WHERE reference = ?", arguments: [reference])
        }.flatMap { try? Digest(parsing: $0) }
    }

    public func imageID(forRepoDigest reference: String) throws(StorageError) -> Digest? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT image_id FROM repo_digests WHERE reference = ?", arguments: [reference])
        }.flatMap { try? Digest(parsing: $0) }
    }

    /// Image IDs starting with `prefix` (hex, without "sha256:").
    public func imageIDs(withPrefix prefix: String) throws(StorageError) -> [Digest] {
        guard !prefix.isEmpty, prefix.allSatisfy(\.isHexDigit) else { return [] }
        return try database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM images WHERE substr(id, 8, ?) = ?",
                                arguments: [prefix.count, prefix.lowercased()])
        }.compactMap { try? Digest(parsing: $0) }
    }

    /// Records an image (if new) and points `tags` at it, in one transaction.
    /// Returns, for each tag that moved, the image it used to name.
    @discardableResult
    public func insert(_ image: ImageRecord, tags: [String], repoDigests: [String] = [], now: Int64) throws(StorageError) -> [String: Digest] {
        try database.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM images WHERE id = ?", arguments: [image.id.description]) ?? false
            if !exists {
                try db.execute(sql: """
                    INSERT INTO images (id, manifest_digest, manifest_media_type, created, size, added_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [image.id.description, image.manifestDigest.description, image.manifestMediaType,
                                     image.created, image.size, image.addedAt])
                for (position, layer) in image.layers.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO image_layers (image_id, position, diff_id, chain_id, blob_digest, media_type, blob_size, size)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [image.id.description, position, layer.diffID.description, layer.chainID.description,
                                         layer.blobDigest.description, layer.mediaType, layer.blobSize, layer.size])
                }
            }
            var moved: [String: Digest] = [:]
            for tag in tags {
                if let previous = try String.fetchOne(db, sql: "SELECT image_id FROM tags WHERE reference = ?", arguments: [tag]),
                   previous != image.id.description, let digest = try? Digest(parsing: previous) {
                    moved[tag] = digest
                }
                try db.execute(sql: "INSERT OR REPLACE INTO tags (reference, image_id, tagged_at) VALUES (?, ?, ?)",
                               arguments: [tag, image.id.description, now])
            }
            for reference in repoDigests {
                try db.execute(sql: "INSERT OR REPLACE INTO repo_digests (reference, image_id) VALUES (?, ?)",
                               arguments: [reference, image.id.description])
            }
            return moved
        }
    }

    public func tag(_ id: Digest, as reference: String, now: Int64) throws(StorageError) {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO tags (reference, image_id, tagged_at) VALUES (?, ?, ?)",
                           arguments: [reference, id.description, now])
        }
    }

    public func untag(_ reference: String) throws(StorageError) {
        try database.write { db in try db.execute(sql: "DELETE FROM tags WHERE reference = ?", arguments: [reference]) }
    }

    /// Removes the image and everything naming it, in one transaction.
    public func delete(_ id: Digest) throws(StorageError) {
        try database.write { db in try db.execute(sql: "DELETE FROM images WHERE id = ?", arguments: [id.description]) }
    }

    /// Every blob and snapshot some image still needs: what a sweep keeps.
    public func referencedContent() throws(StorageError) -> (blobs: Set<String>, chainIDs: Set<String>) {
        try database.read { db in
            var blobs = Set(try String.fetchAll(db, sql: "SELECT id FROM images"))
            blobs.formUnion(try String.fetchAll(db, sql: "SELECT manifest_digest FROM images"))
            blobs.formUnion(try String.fetchAll(db, sql: "SELECT blob_digest FROM image_layers"))
            var chains = Set(try String.fetchAll(db, sql: "SELECT chain_id FROM image_layers"))
            let leased = try String.fetchAll(db, sql: "SELECT key FROM content_leases WHERE expires > strftime('%s','now')")
            blobs.formUnion(leased)
            chains.formUnion(leased)
            return (blobs, chains)
        }
    }

    private static func fetchImages(_ db: Database, whereClause: String?, arguments: [String]) throws -> [ImageRecord] {
        let sql = "SELECT * FROM images" + (whereClause.map { " WHERE " + $0 } ?? "") + " ORDER BY added_at, id"
        let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        var layersByImage: [String: [LayerRecord]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM image_layers ORDER BY image_id, position") {
            let layer = LayerRecord(
                diffID: try Digest(parsing: row["diff_id"]), chainID: try Digest(parsing: row["chain_id"]),
                blobDigest: try Digest(parsing: row["blob_digest"]), mediaType: row["media_type"],
                blobSize: row["blob_size"], size: row["size"])
            layersByImage[row["image_id"], default: []].append(layer)
        }
        var tagsByImage: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT reference, image_id FROM tags ORDER BY tagged_at, reference") {
            tagsByImage[row["image_id"], default: []].append(row["reference"])
        }
        var digestsByImage: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT reference, image_id FROM repo_digests ORDER BY reference") {
            digestsByImage[row["image_id"], default: []].append(row["reference"])
        }
        return try rows.map { row in
            let id: String = row["id"]
            return ImageRecord(
                id: try Digest(parsing: id), manifestDigest: try Digest(parsing: row["manifest_digest"]),
                manifestMediaType: row["manifest_media_type"], created: row["created"], size: row["size"],
                addedAt: row["added_at"], layers: layersByImage[id] ?? [], tags: tagsByImage[id] ?? [],
                repoDigests: digestsByImage[id] ?? [])
        }
    }
}
