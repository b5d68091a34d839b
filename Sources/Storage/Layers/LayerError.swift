import LinuxSupport

/// Why a layer was refused or could not be unpacked, naming the entry.
public enum LayerError: Error, Sendable, CustomStringConvertible {
    case unsafeEntry(name: String, reason: String)
    case unsupportedEntry(name: String)
    case corrupt(String)
    case digestMismatch(expected: String, actual: String)
    case system(SystemCallError)
    case maxDepthExceeded(Int)
    /// An entry would replace a directory with a non-directory or the
    /// reverse where the writer was told not to (`docker cp`'s default).
    case overwriteRefused(entry: String, destination: String, existingIsDirectory: Bool)

    public var description: String {
        switch self {
        case .unsafeEntry(let name, let reason): "layer entry \(name) refused: \(reason)"
        case .unsupportedEntry(let name): "layer entry \(name) has an unsupported type"
        case .corrupt(let reason): "layer is not a valid tar stream: \(reason)"
        case .digestMismatch(let expected, let actual): "layer digest mismatch: the config says \(expected), the layer is \(actual)"
        case .system(let error): "\(error)"
        case .maxDepthExceeded(let count): "max depth exceeded: \(count) layers, at most \(SnapshotStore.maxDepth) can be stacked"
        case .overwriteRefused(let entry, let destination, let existingIsDirectory):
            existingIsDirectory
                ? "cannot overwrite directory \"\(entry)\" with non-directory \"\(destination)\""
                : "cannot overwrite non-directory \"\(entry)\" with directory \"\(destination)\""
        }
    }
}

@inline(__always)
@discardableResult
func layerSys<T>(_ body: () throws(SystemCallError) -> T) throws(LayerError) -> T {
    do { return try body() } catch { throw .system(error) }
}
