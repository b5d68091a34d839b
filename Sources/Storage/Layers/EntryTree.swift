/// Where `EntryWriter` puts a tar's entries. A layer goes into a fresh
/// directory that no symlink may lead out of (`ConfinedTree`); files copied
/// into a container go where the container would see them (`RootedTree`).
protocol EntryTree: AnyObject {
    /// The components of an entry's name below the tree's top, or a refusal.
    func components(of name: String) throws(LayerError) -> [Substring]
    /// An open descriptor of the directory at `path` (components), made on
    /// the way if missing. It belongs to the tree: callers must not close it,
    /// and it is valid until the next call.
    func directory(_ path: [Substring], entry: String) throws(LayerError) -> Int32
    /// Clears the way for `name` in `parent`: removes what is there, unless
    /// `keepDirectory` and it is a directory. `entry` names the tar entry in errors.
    func removeExisting(_ name: String, in parent: Int32, keepDirectory: Bool, entry: String) throws(LayerError)
    /// Closes the cached directory, before anything is removed or renamed.
    func dropCache()
}
