/// Docker's image reference grammar and normalisation (distribution/reference):
/// `busybox` is `docker.io/library/busybox`, `localhost:5000/x/y:2` keeps its
/// registry. The CLI validates names before sending them, as Docker's does.
public struct ImageReference: Equatable, Sendable {
    public var domain: String
    public var path: String
    public var tag: String?
    public var digest: String?

    /// `docker.io/library/busybox`
    public var name: String { domain + "/" + path }

    /// The short form users type: `busybox`, `foo/bar`, `localhost:5000/x/y`.
    public var familiarName: String {
        guard domain == "docker.io" else { return name }
        if path.hasPrefix("library/") && !path.dropFirst(8).contains("/") { return String(path.dropFirst(8)) }
        return path
    }

    public var familiarString: String {
        familiarName + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
    }

    /// The full form (reference.String()) docker prints after a pull or a
    /// quiet push: `docker.io/library/busybox:latest`.
    public var fullString: String {
        name + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
        public let message: String
        public var description: String { message }
    }

    /// `reference.ParseNormalizedNamed`.
    public static func parseNormalized(_ text: String) throws(ParseError) -> ImageReference {
        if text.utf8.count == 64 && text.utf8.allSatisfy(isLowerHex) {
            throw ParseError(message: "invalid repository name (\(text)), cannot specify 64-byte hexadecimal strings")
        }
        var domain = "docker.io"
        var remainder = text
        if let slash = text.firstIndex(of: "/") {
            let first = String(text[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = first
                remainder = String(text[text.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = "docker.io" }
        if domain == "docker.io" && !remainder.contains("/") { remainder = "library/" + remainder }
        let remoteName = remainder.firstIndex(of: ":").map { String(remainder[..<$0]) } ?? remainder
        if remoteName.lowercased() != remoteName {
            throw ParseError(message: "invalid reference format: repository name (\(remoteName)) must be lowercase")
        }
        return try parse(domain + "/" + remainder)
    }

    /// `reference.Parse` of a full reference `domain/path[:tag][@digest]`.
    static func parse(_ text: String) throws(ParseError) -> ImageReference {
        guard !text.isEmpty else { throw ParseError(message: "repository name must have at least one component") }
        var rest = Substring(text)
        var digest: String? = nil
        if let at = rest.firstIndex(of: "@") {
            let d = String(rest[rest.index(after: at)...])
            guard isValidDigest(d) else { throw ParseError(message: "invalid reference format") }
            digest = d
            rest = rest[..<at]
        }
        var tag: String? = nil
        // A tag follows the last ':' that comes after the last '/'.
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            let t = String(rest[rest.index(after: colon)...])
            guard isValidTag(t) else { throw ParseError(message: "invalid reference format") }
            tag = t
            rest = rest[..<colon]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw ParseError(message: "invalid reference format") }
        let domain = String(rest[..<slash])
        let path = String(rest[rest.index(after: slash)...])
        guard isValidDomain(domain), isValidPath(path) else {
            if isValidPath(path.lowercased()) { throw ParseError(message: "invalid reference format: repository name must be lowercase") }
            throw ParseError(message: "invalid reference format")
        }
        guard domain.utf8.count + 1 + path.utf8.count <= 255 else {
            throw ParseError(message: "repository name must not be more than 255 characters")
        }
        return ImageReference(domain: domain, path: path, tag: tag, digest: digest)
    }

    /// The reference with `latest` added when it has neither tag nor digest.
    public var withDefaultTag: ImageReference {
        var copy = self
        if copy.tag == nil && copy.digest == nil { copy.tag = "latest" }
        return copy
    }

    static func isLowerHex(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 102) }
    static func isLowerAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 122) }
    static func isAlnum(_ c: UInt8) -> Bool { isLowerAlnum(c) || (c >= 65 && c <= 90) }

    static func isValidTag(_ tag: String) -> Bool {
        let b = Array(tag.utf8)
        guard !b.isEmpty, b.count <= 128, isAlnum(b[0]) || b[0] == 95 else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 95 || $0 == 46 || $0 == 45 }
    }

    static func isValidDigest(_ digest: String) -> Bool {
        guard let colon = digest.firstIndex(of: ":") else { return false }
        let algorithm = digest[..<colon].utf8, hex = digest[digest.index(after: colon)...].utf8
        guard let first = algorithm.first, (97...122).contains(first) || (65...90).contains(first) else { return false }
        guard algorithm.allSatisfy({ isAlnum($0) || $0 == 43 || $0 == 46 || $0 == 95 || $0 == 45 }) else { return false }
        return hex.count >= 32 && hex.allSatisfy { isAlnum($0) }
    }

    /// path-component ('/' path-component)*, each `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
    static func isValidPath(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !components.isEmpty && components.allSatisfy { isValidPathComponent(Array($0.utf8)) }
    }

    static func isValidPathComponent(_ b: [UInt8]) -> Bool {
        guard let first = b.first, let last = b.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        var i = 0
        while i < b.count {
            if isLowerAlnum(b[i]) { i += 1; continue }
            // A separator run: ".", "_", "__", or one or more "-".
            let start = i
            while i < b.count && !isLowerAlnum(b[i]) { i += 1 }
            let separator = b[start..<i]
            let ok = separator.elementsEqual([46]) || separator.elementsEqual([95]) || separator.elementsEqual([95, 95])
                || separator.allSatisfy { $0 == 45 }
            if !ok { return false }
        }
        return true
    }

    /// host[:port], host being DNS labels, or an IPv6 address in brackets.
    static func isValidDomain(_ domain: String) -> Bool {
        var host = Substring(domain)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty, inside.utf8.allSatisfy({ isAlnum($0) || $0 == 58 || $0 == 46 }) else { return false }
            host = host[host.index(after: close)...]
            if host.isEmpty { return true }
            guard host.hasPrefix(":") else { return false }
            let port = host.dropFirst()
            return !port.isEmpty && port.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            host = host[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            let b = Array(label.utf8)
            guard let first = b.first, let last = b.last, isAlnum(first), isAlnum(last) else { return false }
            return b.allSatisfy { isAlnum($0) || $0 == 45 }
        }
    }
}
