import OCI

/// What resolving a pull found, before any layer is fetched: the session
/// that answered, the manifest for our platform, and the digest to record.
/// Everything that can fail with an HTTP status (unknown tag, denied
/// credentials, unreachable registry) fails while making this, so the API
/// can still answer with a status code instead of an in-band error.
public struct PullPlan: Sendable {
    let session: RegistrySession
    public let reference: ImageReference
    /// The digest the reference resolved to: the index's when it named one.
    public let topDigest: Digest
    let manifest: ImageManifest
    let manifestDescriptor: Descriptor
    /// Manifest and index blobs written to the store while resolving.
    let writtenBlobs: [Digest]
}

/// What a finished pull did.
public struct PullOutcome: Sendable {
    public let imageID: Digest
    /// false when the tag already named this image and nothing was fetched.
    public let changed: Bool
}
