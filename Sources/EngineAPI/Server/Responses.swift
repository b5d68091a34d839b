import NIOHTTP1
import OCI

extension ResponseWriter {
    /// A JSON body, encoded with the shapes' own key names.
    func json<T: Encodable>(_ value: T, status: HTTPStatusCode = .ok) async throws {
        try await send(status: status.nio, contentType: "application/json", body: JSON.encode(value))
    }

    func noContent() async throws {
        try await send(status: .noContent)
    }
}

/// The few statuses routes choose among, so route files need not import NIOHTTP1.
enum HTTPStatusCode {
    case ok, created, noContent, notModified

    var nio: HTTPResponseStatus {
        switch self {
        case .ok: .ok
        case .created: .created
        case .noContent: .noContent
        case .notModified: .notModified
        }
    }
}
