/// One entry of `docker diff` (`GET /containers/{id}/changes`).
public struct RootfsChange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Docker's numbers: 0 modified, 1 added, 2 deleted.
    public enum Kind: Int, Sendable, Hashable, Codable {
        case modified = 0
        case added = 1
        case deleted = 2
    }

    /// Absolute in the container: "/etc/passwd".
    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// As `docker diff` prints it: "C /etc", "A /etc/new", "D /etc/old".
    public var description: String {
        switch kind {
        case .modified: "C \(path)"
        case .added: "A \(path)"
        case .deleted: "D \(path)"
        }
    }
}
