/// Why an image document (digest, manifest, index) was refused. Each message
/// names the offending value and what was expected, so the user can tell a
/// typo from a registry serving something Berth does not read.
public enum ImageFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No "algorithm:" prefix, or nothing after it.
    case malformedDigest(String)
    /// A well-formed digest whose algorithm Berth cannot verify.
    case unsupportedDigestAlgorithm(String)
    /// The hex part has the wrong length for its algorithm.
    case invalidDigestLength(digest: String, expected: Int)
    /// The hex part has characters other than 0-9 and a-f (uppercase included:
    /// digests are compared as strings, so only one spelling may exist).
    case invalidDigestHex(String)
    /// Docker's v2 schema 1 (signed or not): removed from Docker in 2024.
    case schema1Manifest
    /// A media type that is neither a Docker schema 2 nor an OCI manifest or index.
    case unsupportedManifestType(String)
    /// No media type anywhere, and the JSON has neither an index's nor a manifest's fields.
    case unrecognisedManifest
    /// The bytes are not the JSON document they should be.
    case invalidJSON(reason: String)

    public var description: String {
        switch self {
        case .malformedDigest(let text):
            "invalid digest \"\(text)\": expected an algorithm and hex digits, such as \"sha256:\" followed by 64 hex digits"
        case .unsupportedDigestAlgorithm(let algorithm):
            "unsupported digest algorithm \"\(algorithm)\": use sha256 (or sha384, sha512)"
        case .invalidDigestLength(let digest, let expected):
            "invalid digest \"\(digest)\": \(expected) hex digits expected after \"\(digest.prefix { $0 != ":" }):\", found \(digest.drop { $0 != ":" }.dropFirst().count)"
        case .invalidDigestHex(let digest):
            "invalid digest \"\(digest)\": the part after the colon must be lowercase hexadecimal (0-9, a-f)"
        case .schema1Manifest:
            "Docker image manifest v2, schema 1 is no longer supported; ask the image's author to push it again with a current client (as an OCI or Docker schema 2 image)"
        case .unsupportedManifestType(let mediaType):
            "unsupported manifest media type \"\(mediaType)\": expected a Docker schema 2 or OCI image manifest, manifest list or index"
        case .unrecognisedManifest:
            "document is neither an image manifest nor an image index: it has no mediaType, and no \"manifests\" or \"config\" and \"layers\" fields"
        case .invalidJSON(let reason):
            "image document is not valid JSON: \(reason)"
        }
    }
}
