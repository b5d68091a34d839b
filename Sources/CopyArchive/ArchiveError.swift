/// A tar that could not be written or read, with what was being done.
public struct ArchiveError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
