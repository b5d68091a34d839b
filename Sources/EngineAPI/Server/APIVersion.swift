/// An Engine API version, "1.50". Berth advertises 1.50 and accepts 1.24 up to
/// it, plus unversioned paths (which mean the current version).
struct APIVersion: Comparable, Sendable, CustomStringConvertible {
    let major: Int
    let minor: Int

    static let current = APIVersion(major: 1, minor: 50)
    static let minimum = APIVersion(major: 1, minor: 24)

    var description: String { "\(major).\(minor)" }

    static func < (a: APIVersion, b: APIVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    init?(_ text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// Splits "/v1.41/images/json" into (1.41, "/images/json"). A path
    /// without a version prefix is at the current version.
    static func split(_ path: String) -> (APIVersion, String) {
        guard path.hasPrefix("/v"), let slash = path.dropFirst(2).firstIndex(of: "/"),
              let version = APIVersion(path[path.index(path.startIndex, offsetBy: 2)..<slash])
        else { return (.current, path) }
        return (version, String(path[slash...]))
    }

    /// The error Docker gives for a version outside the supported range.
    var unsupportedMessage: String? {
        if self > Self.current { return "client version \(self) is too new. Maximum supported API version is \(Self.current)" }
        if self < Self.minimum {
            return "client version \(self) is too old. Minimum supported API version is \(Self.minimum), please upgrade your client to a newer version"
        }
        return nil
    }
}

enum BerthVersion {
    static let version = "0.1.0"
    static let gitCommit = "berth-0.1.0"
}
