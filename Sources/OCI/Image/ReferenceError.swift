/// Why an image reference was refused. The texts are Docker's (the docker
/// CLI prints them, scripts grep them), extended only where Docker's alone
/// would leave the user guessing which part is wrong.
public enum ReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Does not match the reference grammar at all.
    case invalidFormat
    /// The repository part has capitals; carries it as normalised ("library/Busybox").
    case uppercase(String)
    /// The repository path is over 255 characters.
    case nameTooLong
    /// 64 lowercase hex digits alone: that is an image ID, not a name.
    case hexID(String)
    /// A tag given on its own (`with(tag:)`) that is not a valid tag.
    case invalidTag(String)
    /// The text after "@" looks like a digest but is not a usable one.
    case invalidDigest(ImageFormatError)

    public var description: String {
        switch self {
        case .invalidFormat:
            "invalid reference format"
        case .uppercase(let repository):
            "invalid reference format: repository name (\(repository)) must be lowercase"
        case .nameTooLong:
            "repository name must not be more than \(ImageReference.maximumPathLength) characters"
        case .hexID(let text):
            "invalid repository name (\(text)), cannot specify 64-byte hexadecimal strings"
        case .invalidTag(let tag):
            "invalid tag format: \"\(tag)\" (a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-')"
        case .invalidDigest(let error):
            error.description
        }
    }
}
