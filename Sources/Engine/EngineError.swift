/// An error from the engine's domain, with the kind that decides how the API
/// reports it and a message in Docker's wording.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case notFound, conflict, invalidArgument, notImplemented, notModified, `internal` }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func notFound(_ message: String) -> EngineError { EngineError(.notFound, message) }
    public static func conflict(_ message: String) -> EngineError { EngineError(.conflict, message) }
    public static func invalid(_ message: String) -> EngineError { EngineError(.invalidArgument, message) }
    public static func internalError(_ message: String) -> EngineError { EngineError(.internal, message) }
}
