import Distribution
import Engine
import NIOHTTP1
import OCI

/// An error as the Engine API reports it: a status code and Docker's
/// `{"message": "..."}` body. Clients depend on the codes: 404 makes `docker
/// run` pull and `docker inspect` try the next kind of object, 409 is a conflict.
struct APIError: Error, Sendable {
    let status: HTTPResponseStatus
    let message: String

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: .conflict, message: message) }
    static func notImplemented(_ message: String) -> APIError { APIError(status: .notImplemented, message: message) }
    static func internalError(_ message: String) -> APIError { APIError(status: .internalServerError, message: message) }

    /// Maps any error a route throws onto a status code.
    init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as EngineError:
            switch error.kind {
            case .notFound: self = .notFound(error.message)
            case .conflict: self = .conflict(error.message)
            case .invalidArgument: self = .badRequest(error.message)
            case .notImplemented: self = .notImplemented(error.message)
            case .notModified: self = APIError(status: .notModified, message: error.message)
            case .internal: self = .internalError(error.message)
            }
        case let error as RegistryClientError:
            self = APIError(status: HTTPResponseStatus(statusCode: error.httpStatus), message: error.description)
        default:
            self = .internalError("\(error)")
        }
    }

    init(status: HTTPResponseStatus, message: String) {
        self.status = status
        self.message = message
    }

    static func errorBody(_ message: String) -> [UInt8] {
        struct Body: Encodable { let message: String }
        return (try? JSON.encode(Body(message: message))) ?? Array("{\"message\":\"internal error\"}".utf8)
    }
}
