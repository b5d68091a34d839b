/// The platform an image runs on, as in manifest-list/index entries and
/// image configs. `os.version` and `os.features` are dotted on the wire.
public struct Platform: Codable, Hashable, Sendable {
    public var architecture: String
    public var os: String
    public var variant: String?
    public var osVersion: String?
    public var osFeatures: [String]?

    public init(architecture: String, os: String, variant: String? = nil, osVersion: String? = nil, osFeatures: [String]? = nil) {
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.osVersion = osVersion
        self.osFeatures = osFeatures
    }

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }
}
