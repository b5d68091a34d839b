/// How a container's root filesystem is put together. Recorded with the
/// container: its changes and its layer for commit are read differently.
/// The raw values are the names `docker inspect` shows as GraphDriver.Name.
public enum RootfsDriver: String, Sendable, Codable, Hashable {
    /// The image's snapshots as overlay lower dirs under the container's upper dir.
    case overlay = "overlay2"
    /// The snapshots copied once into the container's own directory, bind-mounted:
    /// slower and larger, but needs nothing of the kernel but bind mounts.
    case vfs
}

/// The driver asked for at mount time.
public enum RootfsDriverChoice: Sendable, Hashable {
    case overlay
    case vfs
    /// overlay, or vfs where the kernel has no overlayfs.
    case automatic
}
