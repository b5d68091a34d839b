/// Malformed or unsupported image metadata, worded for the user.
public enum ImageFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidDigest(String)
    case unsupportedDigestAlgorithm(String)
    case schema1
    case unknownManifest(String)

    public var description: String {
        switch self {
        case .invalidDigest(let text): "invalid digest \"\(text)\": expected sha256:<64 lowercase hex digits>"
        case .unsupportedDigestAlgorithm(let text): "unsupported digest algorithm in \"\(text)\""
        case .schema1:
            "Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed; push the image again with a current client (manifest v2 schema 2 or OCI)"
        case .unknownManifest(let reason): "unrecognised manifest: \(reason)"
        }
    }
}
