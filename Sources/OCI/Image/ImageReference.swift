/// An image reference with Docker's grammar and normalisation: `busybox` is
/// `docker.io/library/busybox`, a first component with a dot, a colon or
/// `localhost` is a registry, a tag follows the last `:` after the last `/`,
/// a digest follows `@`.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    public let domain: String
    public let path: String
    public let tag: String?
    public let digest: Digest?

    public static let defaultDomain = "docker.io"

    public static func parse(_ text: String) throws(ReferenceError) -> ImageReference {
        guard !text.isEmpty else { throw .invalidFormat }
        if text.utf8.count == 64 && text.utf8.allSatisfy(Self.isHexByte) { throw .hexName(text) }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            do { digest = try Digest(parsing: String(rest[rest.index(after: at)...])) } catch { throw .invalidFormat }
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let candidate = String(rest[rest.index(after: colon)...])
            guard isValidTag(candidate) else { throw .invalidFormat }
            tag = candidate
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw .invalidFormat }
        var domain = defaultDomain
        var path = String(rest)
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = String(first)
                path = String(rest[rest.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = defaultDomain }
        if domain == defaultDomain && !path.contains("/") { path = "library/" + path }
        guard isValidDomain(domain) else { throw .invalidFormat }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components where !isValidComponent(component) {
            if component.lowercased() != component && isValidComponent(Substring(component.lowercased())) {
                throw .uppercase(path)
            }
            throw .invalidFormat
        }
        guard (domain + "/" + path).utf8.count <= 255 else { throw .nameTooLong }
        return ImageReference(domain: domain, path: path, tag: tag, digest: digest)
    }

    /// "docker.io/library/busybox"
    public var repository: String { domain + "/" + path }

    /// "busybox", "user/app", "localhost:5000/a/b": as Docker prints names.
    public var familiarRepository: String {
        guard domain == Self.defaultDomain else { return repository }
        return path.hasPrefix("library/") && path.split(separator: "/").count == 2 ? String(path.dropFirst(8)) : path
    }

    public var familiarString: String { familiarRepository + suffix }
    public var description: String { repository + suffix }

    private var suffix: String {
        (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
    }

    public func withDefaultTag() -> ImageReference {
        tag == nil && digest == nil ? ImageReference(domain: domain, path: path, tag: "latest", digest: nil) : self
    }

    public func with(tag: String) throws(ReferenceError) -> ImageReference {
        guard Self.isValidTag(tag) else { throw .invalidTag(tag) }
        return ImageReference(domain: domain, path: path, tag: tag, digest: nil)
    }

    /// `[\w][\w.-]{0,127}`
    public static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128, isWordByte(first) else { return false }
        return bytes.dropFirst().allSatisfy { isWordByte($0) || $0 == 0x2e || $0 == 0x2d }
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*`
    static func isValidComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlnumLower(first), isAlnumLower(last) else { return false }
        var index = 0
        while index < bytes.count {
            if isAlnumLower(bytes[index]) { index += 1; continue }
            // A separator run: ".", "_", "__", or any number of "-".
            var end = index
            while end < bytes.count && !isAlnumLower(bytes[end]) { end += 1 }
            let separator = bytes[index..<end]
            let valid = separator.elementsEqual([0x2e]) || separator.elementsEqual([0x5f]) || separator.elementsEqual([0x5f, 0x5f])
                || separator.allSatisfy { $0 == 0x2d }
            guard valid else { return false }
            index = end
        }
        return true
    }

    static func isValidDomain(_ domain: String) -> Bool {
        var host = Substring(domain)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return false }
            host = host[host.index(after: close)...]
            guard host.isEmpty || host.hasPrefix(":") else { return false }
            return host.isEmpty || isPort(host.dropFirst())
        }
        if let colon = host.lastIndex(of: ":") {
            guard isPort(host[host.index(after: colon)...]) else { return false }
            host = host[..<colon]
        }
        return !host.isEmpty && host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
            return bytes.allSatisfy { isAlnum($0) || $0 == 0x2d }
        }
    }

    private static func isPort(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) }
    private static func isHexByte(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x61...0x66).contains(b) }
    private static func isAlnumLower(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x61...0x7a).contains(b) }
    private static func isAlnum(_ b: UInt8) -> Bool { isAlnumLower(b) || (0x41...0x5a).contains(b) }
    private static func isWordByte(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5f }
}

public enum ReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidFormat
    case uppercase(String)
    case nameTooLong
    case hexName(String)
    case invalidTag(String)

    public var description: String {
        switch self {
        case .invalidFormat: "invalid reference format"
        case .uppercase(let path): "invalid reference format: repository name (\(path)) must be lowercase"
        case .nameTooLong: "invalid reference format: repository name must not be more than 255 characters"
        case .hexName(let name): "invalid repository name (\(name)), cannot specify 64-byte hexadecimal strings"
        case .invalidTag(let tag): "invalid tag format: \(tag)"
        }
    }
}
