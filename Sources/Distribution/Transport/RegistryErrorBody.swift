import LinuxSupport
import NIOHTTP1
import OCI

/// Reads the `{"errors":[{"code","message"}]}` body registries send with a
/// failure, and words it as Docker does: the code lowercased with spaces
/// (`MANIFEST_UNKNOWN` → `manifest unknown`), a colon, then the message.
enum RegistryErrorBody {
    struct Body: Decodable {
        struct Item: Decodable {
            var code: String?
            var message: String?
        }
        var errors: [Item]?
    }

    /// The codes of the body, e.g. ["MANIFEST_UNKNOWN"].
    static func codes(_ bytes: [UInt8]) -> [String] {
        ((try? JSON.decode(Body.self, from: bytes))?.errors ?? []).compactMap(\.code)
    }

    /// Only 4xx bodies are read, as Docker's client does: a 5xx says what
    /// status it was and nothing else.
    static func describe(status: UInt, body: [UInt8]) -> String {
        guard (400..<500).contains(status) else {
            let reason = HTTPResponseStatus(statusCode: Int(status)).reasonPhrase
            return "received unexpected HTTP status: \(status)" + (reason.isEmpty ? "" : " " + reason)
        }
        if let errors = (try? JSON.decode(Body.self, from: body))?.errors, !errors.isEmpty {
            return errors.map { item in
                let code = (item.code ?? "unknown").lowercased().replacingUnderscores()
                return code + ": " + (item.message ?? code)
            }.joined(separator: ", ")
        }
        switch status {
        case 401: return "unauthorized: authentication required"
        case 403: return "denied: requested access to the resource is denied"
        case 404: return "not found"
        case 429: return "toomanyrequests: too many requests"
        default:
            let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: " \r\n\t")
            return "received unexpected HTTP status: \(status)" + (text.isEmpty ? "" : " (\(text))")
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
