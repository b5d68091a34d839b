/// A Docker image reference: `[domain/]path[:tag][@digest]`, normalised as the
/// docker CLI does, so "busybox", "docker.io/busybox" and
/// "index.docker.io/library/busybox" are one and the same reference.
///
/// Both a tag and a digest may be present (`busybox:1.36@sha256:…`): the
/// digest decides what is pulled, the tag is kept for display, as Docker does.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// Registry host and optional port, "docker.io" for Docker Hub.
    public let domain: String
    /// Repository path inside the registry; Docker Hub's official images are under "library/".
    public let path: String
    public let tag: String?
    public let digest: Digest?

    public static let defaultDomain = "docker.io"
    public static let defaultTag = "latest"
    /// Longest repository path Docker accepts (the domain is not counted).
    public static let maximumPathLength = 255
    /// Docker Hub's original name, still found in configs and old scripts.
    static let legacyDomain = "index.docker.io"
    static let officialPrefix = "library/"

    private init(domain: String, path: String, tag: String?, digest: Digest?) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// Parses what a user typed (or an API client sent) the way Docker does.
    /// No tag is added: see `withDefaultTag()`.
    public static func parse(_ text: String) throws(ReferenceError) -> ImageReference {
        // Checked before anything else: 64 hex digits is a valid path
        // component, but means an image ID, and must not be pulled as a name.
        if ReferenceGrammar.isImageID(text) { throw .hexID(text) }

        let (domain, remainder) = splitDomain(text)

        // The repository part is what precedes the tag or digest; capitals
        // there get Docker's own message rather than a generic format error.
        let repositoryEnd = remainder.firstIndex { $0 == ":" || $0 == "@" } ?? remainder.endIndex
        let repository = remainder[..<repositoryEnd]
        if repository.contains(where: { $0.isUppercase }) { throw .uppercase(String(repository)) }

        // A path has neither ":" nor "@", so the first "@" starts the digest
        // and a ":" before it starts the tag.
        var name = remainder[...]
        var digestText: Substring?
        if let at = name.firstIndex(of: "@") {
            digestText = name[name.index(after: at)...]
            name = name[..<at]
        }
        var tag: Substring?
        if let colon = name.firstIndex(of: ":") {
            tag = name[name.index(after: colon)...]
            name = name[..<colon]
        }

        guard ReferenceGrammar.isDomain(domain[...]), ReferenceGrammar.isPath(name) else { throw .invalidFormat }
        if let tag, !ReferenceGrammar.isTag(tag) { throw .invalidFormat }
        if let digestText, !ReferenceGrammar.looksLikeDigest(digestText) { throw .invalidFormat }
        if name.utf8.count > maximumPathLength { throw .nameTooLong }

        var digest: Digest?
        if let digestText {
            do { digest = try Digest(parsing: String(digestText)) } catch { throw .invalidDigest(error) }
        }
        return ImageReference(domain: domain, path: String(name), tag: tag.map(String.init), digest: digest)
    }

    /// Docker's rule for whether the first component names a registry: it does
    /// when it looks like a host ("." or ":" in it, or "localhost"), or has
    /// capitals (which a path may not); otherwise the reference is on Docker
    /// Hub, where a one-component path is an official image under "library/".
    static func splitDomain(_ text: String) -> (domain: String, remainder: String) {
        var domain = defaultDomain
        var remainder = text
        if let slash = text.firstIndex(of: "/") {
            let first = text[..<slash]
            if first == "localhost" || first.contains(".") || first.contains(":") || first.contains(where: { $0.isUppercase }) {
                domain = first == legacyDomain ? defaultDomain : String(first)
                remainder = String(text[text.index(after: slash)...])
            }
        }
        if domain == defaultDomain && !remainder.contains("/") {
            remainder = officialPrefix + remainder
        }
        return (domain, remainder)
    }

    /// Fully qualified repository: "docker.io/library/busybox".
    public var repository: String { domain + "/" + path }

    /// The repository as Docker shows it: without "docker.io/", and without
    /// "library/" for official images ("busybox", "user/app", "localhost:5000/a/b").
    public var familiarRepository: String {
        guard domain == Self.defaultDomain else { return repository }
        if path.hasPrefix(Self.officialPrefix) {
            let rest = path.dropFirst(Self.officialPrefix.count)
            if !rest.contains("/") { return String(rest) }
        }
        return path
    }

    /// What `docker images` and `docker ps` print: "busybox:latest", "busybox@sha256:…".
    public var familiarString: String { familiarRepository + suffix }

    /// Fully qualified: "docker.io/library/busybox:latest".
    public var description: String { repository + suffix }

    private var suffix: String {
        (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
    }

    /// Adds "latest" when neither a tag nor a digest is given, as `docker pull` does.
    public func withDefaultTag() -> ImageReference {
        tag == nil && digest == nil ? ImageReference(domain: domain, path: path, tag: Self.defaultTag, digest: nil) : self
    }

    /// The same repository with another tag; a digest, if any, is kept.
    public func with(tag: String) throws(ReferenceError) -> ImageReference {
        guard Self.isValidTag(tag) else { throw .invalidTag(tag) }
        return ImageReference(domain: domain, path: path, tag: tag, digest: digest)
    }

    /// The same repository pinned to a digest; a tag, if any, is kept.
    public func with(digest: Digest) -> ImageReference {
        ImageReference(domain: domain, path: path, tag: tag, digest: digest)
    }

    /// The repository alone, without tag or digest.
    public var withoutTagOrDigest: ImageReference {
        ImageReference(domain: domain, path: path, tag: nil, digest: nil)
    }

    /// `[\w][\w.-]{0,127}`: letters, digits, "_", "." and "-", up to 128, not starting with "." or "-".
    public static func isValidTag(_ tag: String) -> Bool { ReferenceGrammar.isTag(tag[...]) }
}
