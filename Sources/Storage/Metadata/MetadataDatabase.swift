import GRDB

/// The daemon's SQLite database (`<data-root>/berth.db`). Every multi-step
/// change happens in one transaction, so a crash never leaves half a change.
/// Schema changes are migrations, applied in order at open.
public final class MetadataDatabase: Sendable {
    let queue: DatabaseQueue

    public init(path: String) throws(StorageError) {
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            // Write-ahead log with NORMAL sync: each transaction is still
            // atomic and survives a daemon crash; only an OS crash may lose
            // the last ones, and container state is rebuilt from the
            // monitors then. It saves several fsyncs per container change.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw .database("\(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("images-v1") { db in
            try db.execute(sql: """
                CREATE TABLE images (
                    id TEXT PRIMARY KEY,
                    manifest_digest TEXT NOT NULL,
                    manifest_media_type TEXT NOT NULL,
                    created INTEGER NOT NULL,
                    size INTEGER NOT NULL,
                    added_at INTEGER NOT NULL
                );
                CREATE TABLE image_layers (
                    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    diff_id TEXT NOT NULL,
                    chain_id TEXT NOT NULL,
                    blob_digest TEXT NOT NULL,
                    media_type TEXT NOT NULL,
                    blob_size INTEGER NOT NULL,
                    size INTEGER NOT NULL,
                    PRIMARY KEY (image_id, position)
                );
                CREATE INDEX image_layers_chain ON image_layers(chain_id);
                CREATE TABLE tags (
                    reference TEXT PRIMARY KEY,
                    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                    tagged_at INTEGER NOT NULL
                );
                CREATE TABLE repo_digests (
                    reference TEXT PRIMARY KEY,
                    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
                );
                """)
        }
        migrator.registerMigration("containers-v1") { db in
            // The record is the engine's own JSON; the columns are what must be
            // unique or looked up without decoding it.
            try db.execute(sql: """
                CREATE TABLE containers (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    image_id TEXT NOT NULL,
                    record BLOB NOT NULL
                );
                CREATE INDEX containers_image ON containers(image_id);
                """)
        }
        migrator.registerMigration("content-leases-v1") { db in
            // Blobs and snapshots a pull verified before it could record the
            // image: the sweep at start keeps them until they expire.
            try db.execute(sql: "CREATE TABLE content_leases (key TEXT PRIMARY KEY, expires INTEGER NOT NULL)")
        }
        return migrator
    }

    func read<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do { return try queue.read(body) } catch { throw .database("\(error)") }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do { return try queue.write(body) } catch let error as StorageError { throw error } catch { throw .database("\(error)") }
    }
}
