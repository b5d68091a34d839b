import Foundation
import GRDB

/// Container records in the metadata database. The engine owns the record's
/// format (JSON bytes); names are unique here, so two creates racing for one
/// name cannot both win.
public struct ContainerMetadataStore: Sendable {
    let database: MetadataDatabase

    public init(database: MetadataDatabase) { self.database = database }

    public struct Row: Sendable {
        public let id: String
        public let name: String
        public let imageID: String
        public let record: [UInt8]
    }

    public enum SaveError: Error, Sendable {
        case nameInUse(String)
        case storage(StorageError)
    }

    /// Inserts or replaces the record of `id`; fails when another container has `name`.
    public func save(id: String, name: String, imageID: String, record: [UInt8]) throws(SaveError) {
        let owner: String?
        do {
            owner = try database.write { db -> String? in
                if let owner = try String.fetchOne(db, sql: "SELECT id FROM containers WHERE name = ?", arguments: [name]),
                   owner != id {
                    return owner
                }
                try db.execute(sql: """
                    INSERT INTO containers (id, name, image_id, record) VALUES (?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, image_id = excluded.image_id, record = excluded.record
                    """, arguments: [id, name, imageID, Data(record)])
                return nil
            }
        } catch {
            throw .storage(error)
        }
        if let owner { throw .nameInUse(owner) }
    }

    public func remove(id: String) throws(StorageError) {
        try database.write { db in try db.execute(sql: "DELETE FROM containers WHERE id = ?", arguments: [id]) }
    }

    public func all() throws(StorageError) -> [Row] {
        try database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT id, name, image_id, record FROM containers").map { row in
                Row(id: row["id"], name: row["name"], imageID: row["image_id"], record: Array((row["record"] as Data?) ?? Data()))
            }
        }
    }
}
