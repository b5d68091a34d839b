/// The `{}` values of Docker's set-like maps (`ExposedPorts`, `Volumes`):
/// only the keys carry meaning. Decoding accepts any object, since a few
/// old images put fields inside.
public struct EmptyObject: Codable, Hashable, Sendable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        // Require an object (not a string or number) but ignore its members.
        _ = try decoder.container(keyedBy: AnyKey.self)
    }

    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: AnyKey.self)
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
