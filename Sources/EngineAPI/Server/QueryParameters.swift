#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LinuxSupport
import OCI

/// A request's query string, decoded as Go's url.ParseQuery does (`+` is a
/// space), with Docker's conventions for booleans and filters.
struct QueryParameters: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ query: String) {
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let (rawKey, rawValue) = pair.firstIndex(of: "=").map { (pair[..<$0], pair[pair.index(after: $0)...]) } ?? (pair, "")
            values[PercentEncoding.decode(String(rawKey), plusIsSpace: true), default: []]
                .append(PercentEncoding.decode(String(rawValue), plusIsSpace: true))
        }
    }

    subscript(_ key: String) -> String? { values[key]?.first }
    func all(_ key: String) -> [String] { values[key] ?? [] }

    /// Docker's httputils.BoolValue: "", 0, no, false, none are false; present
    /// with anything else is true.
    func bool(_ key: String, default fallback: Bool = false) -> Bool {
        guard let value = self[key] else { return fallback }
        return !["", "0", "no", "false", "none"].contains(value.lowercased())
    }

    func int(_ key: String) throws(APIError) -> Int? {
        guard let text = self[key], !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw .badRequest("invalid value for \(key): \(text)") }
        return value
    }

    /// `filters` as a map from key to values. Accepts the CLI's
    /// `{"key":{"value":true}}` and the SDK's legacy `{"key":["value"]}`.
    func filters() throws(APIError) -> Filters {
        guard let text = self["filters"], !text.isEmpty else { return Filters([:]) }
        let json: JSONValue
        do { json = try JSON.decode(JSONValue.self, from: Array(text.utf8)) } catch {
            throw .badRequest("invalid filter: \(text)")
        }
        guard case .object(let object) = json else { throw .badRequest("invalid filter: \(text)") }
        var result: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case .object(let set):
                result[key] = set.compactMap { name, on in if case .bool(true) = on { return name } else { return nil } }.sorted()
            case .array(let list):
                result[key] = list.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            default:
                throw .badRequest("invalid filter '\(key)'")
            }
        }
        return Filters(result)
    }
}

/// Decoded `filters`; routes check the keys they know and refuse others.
struct Filters: Sendable {
    let values: [String: [String]]
    init(_ values: [String: [String]]) { self.values = values }

    subscript(_ key: String) -> [String] { values[key] ?? [] }
    var isEmpty: Bool { values.isEmpty }

    func validate(allowed: Set<String>) throws(APIError) {
        for key in values.keys where !allowed.contains(key) { throw .badRequest("invalid filter '\(key)'") }
    }

    /// A boolean filter such as dangling=true; nil when absent.
    func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = values[key]?.last else { return nil }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .badRequest("invalid filter '\(key)=\(value)'")
        }
    }
}
