/// The media types Berth reads and writes, as they appear in Content-Type
/// headers, descriptors and the documents' own `mediaType` fields.
public enum MediaType {
    // Docker image manifest v2, schema 2.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    /// A layer the registry does not hold (Windows base layers); fetched from its `urls`.
    public static let dockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"

    // Schema 1: recognised only so it can be refused with a clear message.
    public static let dockerSchema1Manifest = "application/vnd.docker.distribution.manifest.v1+json"
    public static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    // OCI image spec.
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    /// The content of the OCI layout's `oci-layout` file, not a media type on the wire.
    public static let ociLayoutHeader = "application/vnd.oci.layout.header.v1+json"
    /// The descriptor of an empty `{}` blob, used as config by artifacts.
    public static let ociEmpty = "application/vnd.oci.empty.v1+json"

    /// The media type without parameters (`; charset=utf-8`) or surrounding
    /// blanks, lowercased: Content-Type headers arrive in that shape.
    public static func essence(of contentType: String) -> String {
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(type.filter { $0 != " " && $0 != "\t" }).lowercased()
    }
}
