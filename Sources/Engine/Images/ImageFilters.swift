import Glibc
import OCI
import Storage

/// `docker images` filters: reference (glob), dangling, label, before, since.
public struct ImageFilters: Sendable {
    public var references: [String] = []
    public var dangling: Bool?
    public var labels: [String] = []
    public var before: Int64?
    public var since: Int64?

    public init() {}

    public func matches(_ image: ImageRecord, labels imageLabels: [String: String]) -> Bool {
        if let dangling, dangling != image.tags.isEmpty { return false }
        if let before, image.created >= before { return false }
        if let since, image.created <= since { return false }
        if !labels.isEmpty && !Self.matchesLabels(imageLabels, labels) { return false }
        if !references.isEmpty && matchingTags(image).isEmpty { return false }
        return true
    }

    /// The image's tags that the reference filters select (all of them
    /// without a reference filter): Docker lists only those.
    public func matchingTags(_ image: ImageRecord) -> [String] {
        guard !references.isEmpty else { return image.tags }
        return image.tags.filter { tag in
            guard let name = try? ImageReference.parse(tag) else { return false }
            return references.contains { pattern in
                Self.glob(pattern, name.familiarRepository) || Self.glob(pattern, name.familiarString)
                    || Self.glob(pattern, name.repository) || Self.glob(pattern, name.description)
            }
        }
    }

    /// Every `key` or `key=value` filter must hold.
    public static func matchesLabels(_ labels: [String: String], _ filters: [String]) -> Bool {
        filters.allSatisfy { filter in
            if let equals = filter.firstIndex(of: "=") {
                return labels[String(filter[..<equals])] == String(filter[filter.index(after: equals)...])
            }
            return labels[filter] != nil
        }
    }

    /// Go's path.Match: `*` and `?` do not cross `/`.
    static func glob(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, FNM_PATHNAME) == 0
    }
}
