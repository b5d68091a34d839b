/// An image manifest (OCI, or Docker's v2 schema 2, which has the same shape).
public struct ImageManifest: Codable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?

    public init(schemaVersion: Int = 2, mediaType: String?, config: Descriptor, layers: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// An image index (OCI), or Docker's manifest list: one manifest per platform.
public struct ImageIndex: Codable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [Descriptor]
    public var annotations: [String: String]?

    public init(schemaVersion: Int = 2, mediaType: String?, manifests: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
    }
}

/// What kind of manifest a document is.
public enum ManifestKind: Sendable, Equatable {
    case dockerManifest, dockerManifestList, ociManifest, ociIndex

    private struct Probe: Decodable {
        let schemaVersion: Int?
        let mediaType: String?
        let manifests: [JSONValue]?
        let config: JSONValue?
        let layers: [JSONValue]?
    }

    /// From the declared media type when there is one, else the document's
    /// own `mediaType`, else its shape. Schema 1 is refused.
    public static func detect(_ bytes: [UInt8], declaredMediaType: String?) throws(ImageFormatError) -> ManifestKind {
        let probe: Probe
        do { probe = try JSON.decode(Probe.self, from: bytes) } catch { throw .unknownManifest("not JSON: \(error)") }
        if probe.schemaVersion == 1 { throw .schema1 }
        for type in [declaredMediaType, probe.mediaType].compactMap({ $0 }) {
            switch type {
            case MediaType.dockerManifest: return .dockerManifest
            case MediaType.dockerManifestList: return .dockerManifestList
            case MediaType.ociManifest: return .ociManifest
            case MediaType.ociIndex: return .ociIndex
            case MediaType.dockerSchema1Manifest, MediaType.dockerSchema1Signed: throw .schema1
            default: continue
            }
        }
        if probe.manifests != nil { return .ociIndex }
        if probe.config != nil && probe.layers != nil { return .ociManifest }
        throw .unknownManifest("neither a manifest nor an index")
    }
}
