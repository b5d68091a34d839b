import OCI

/// The distribution spec's error codes, each with its HTTP status, and the
/// JSON body every error response carries: `{"errors":[{code,message,detail}]}`.
public struct RegistryError: Error, Sendable {
    public enum Code: String, Sendable {
        case blobUnknown = "BLOB_UNKNOWN"
        case blobUploadInvalid = "BLOB_UPLOAD_INVALID"
        case blobUploadUnknown = "BLOB_UPLOAD_UNKNOWN"
        case digestInvalid = "DIGEST_INVALID"
        case manifestBlobUnknown = "MANIFEST_BLOB_UNKNOWN"
        case manifestInvalid = "MANIFEST_INVALID"
        case manifestUnknown = "MANIFEST_UNKNOWN"
        case nameInvalid = "NAME_INVALID"
        case nameUnknown = "NAME_UNKNOWN"
        case sizeInvalid = "SIZE_INVALID"
        case unauthorized = "UNAUTHORIZED"
        case denied = "DENIED"
        case unsupported = "UNSUPPORTED"
        case rangeInvalid = "RANGE_INVALID"
    }

    public let code: Code
    public let status: Int
    public let message: String
    public let detail: String?
    /// A 401's `WWW-Authenticate` value.
    public var challenge: String?

    public init(_ code: Code, _ message: String, status: Int? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.status = status ?? Self.defaultStatus(code)
    }

    static func defaultStatus(_ code: Code) -> Int {
        switch code {
        case .blobUnknown, .blobUploadUnknown, .manifestUnknown, .nameUnknown: 404
        case .unauthorized: 401
        case .denied: 403
        case .unsupported: 405
        case .rangeInvalid: 416
        default: 400
        }
    }

    var body: [UInt8] {
        struct Entry: Encodable { var code: String; var message: String; var detail: String? }
        struct Body: Encodable { var errors: [Entry] }
        let bytes = try? JSON.encode(Body(errors: [Entry(code: code.rawValue, message: message, detail: detail)]))
        return (bytes ?? Array(#"{"errors":[]}"#.utf8)) + [0x0A]
    }
}
