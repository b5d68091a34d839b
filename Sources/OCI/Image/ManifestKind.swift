/// Which of the four manifest documents Berth reads a blob is, decided before
/// decoding it: an index must be decoded as `ImageIndex`, a manifest as
/// `ImageManifest`, and the Docker/OCI flavour decides what Berth writes back.
public enum ManifestKind: Sendable, Equatable, Hashable {
    case dockerManifest, dockerManifestList, ociManifest, ociIndex

    /// The kind a media type names; nil for anything else (schema 1 included).
    public init?(mediaType: String) {
        switch MediaType.essence(of: mediaType) {
        case MediaType.dockerManifest: self = .dockerManifest
        case MediaType.dockerManifestList: self = .dockerManifestList
        case MediaType.ociManifest: self = .ociManifest
        case MediaType.ociIndex: self = .ociIndex
        default: return nil
        }
    }

    public var mediaType: String {
        switch self {
        case .dockerManifest: MediaType.dockerManifest
        case .dockerManifestList: MediaType.dockerManifestList
        case .ociManifest: MediaType.ociManifest
        case .ociIndex: MediaType.ociIndex
        }
    }

    /// True for the documents that list other manifests (decode as `ImageIndex`).
    public var isIndex: Bool { self == .dockerManifestList || self == .ociIndex }

    /// Decides the kind from, in order: the declared media type (Content-Type
    /// header or the descriptor that pointed here), the document's own
    /// `mediaType`, then its shape (`manifests` -> index, `config` and `layers`
    /// -> manifest; OCI lets both omit `mediaType`, and then OCI is the answer).
    /// Generic declared types (`application/json`, `application/octet-stream`)
    /// say nothing, as some registries and static file servers send them for
    /// everything. Schema 1 is refused however it is recognised.
    public static func detect(_ bytes: [UInt8], declaredMediaType: String?) throws(ImageFormatError) -> ManifestKind {
        let document: [String: JSONValue]
        do {
            guard case .object(let object) = try JSON.decode(JSONValue.self, from: bytes) else {
                throw ImageFormatError.invalidJSON(reason: "expected a JSON object")
            }
            document = object
        } catch let error as ImageFormatError {
            throw error
        } catch {
            throw .invalidJSON(reason: "\(bytes.count) bytes that do not parse as JSON")
        }

        // Checked first: a registry may label a schema 1 document with a v2 type.
        if document["schemaVersion"] == .number(1) { throw .schema1Manifest }

        let declared = declaredMediaType.map(MediaType.essence(of:)) ?? ""
        if let kind = ManifestKind(mediaType: declared) { return kind }
        if isSchema1(declared) { throw .schema1Manifest }

        if case .string(let own)? = document["mediaType"] {
            if let kind = ManifestKind(mediaType: own) { return kind }
            if isSchema1(MediaType.essence(of: own)) { throw .schema1Manifest }
            throw .unsupportedManifestType(own)
        }
        if document["manifests"] != nil { return .ociIndex }
        if document["config"] != nil && document["layers"] != nil { return .ociManifest }
        if !declared.isEmpty && !genericTypes.contains(declared) { throw .unsupportedManifestType(declared) }
        throw .unrecognisedManifest
    }

    static func isSchema1(_ mediaType: String) -> Bool {
        mediaType == MediaType.dockerSchema1Manifest || mediaType == MediaType.dockerSchema1Signed
    }

    /// Content types that carry no information about which manifest this is.
    static let genericTypes: Set<String> = ["application/json", "application/octet-stream", "text/plain"]
}
