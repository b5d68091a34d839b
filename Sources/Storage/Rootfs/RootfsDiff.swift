/// A container's changes as a layer tar, for `commit`: for overlay the
/// upper dir as it is (`LayerDiff`), for vfs the entries its change list
/// names (`ChangesLayer`). Returns the tar's diff ID and size.
public enum RootfsDiff {
    public static func write(snapshots: SnapshotStore, lowers: [String], upper: String, driver: RootfsDriver,
                             to output: Int32) throws(RootfsError) -> (diffID: String, size: Int64) {
        switch driver {
        case .overlay:
            return try rootfsLayer { () throws(LayerError) in try LayerDiff.write(upperDirectory: upper, to: output) }
        case .vfs:
            let changes = try RootfsChanges.list(snapshots: snapshots, lowers: lowers, upper: upper, driver: .vfs)
            return try ChangesLayer.write(changes: changes, tree: upper, to: output)
        }
    }
}
