/// JSON coding for every Codable type in Berth: one place that picks the
/// settings. It is our own coder, not Foundation's, so that the runtime and
/// the monitor stay free of Foundation and short-lived processes skip its
/// first-use cost (docs/decisions/0008-run-latency.md).
public enum JSON {
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let tree: JSONTree
        do { tree = try JSONParser.parse(bytes) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(error)",
                                                    underlyingError: error))
        }
        return try T(from: TreeDecoder(tree, codingPath: []))
    }

    /// Keys are sorted unless asked otherwise; otherwise they come in the
    /// order each type encodes them.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false, sortedKeys: Bool = true) throws -> [UInt8] {
        var writer = EncodedJSONWriter(pretty: pretty, sortedKeys: sortedKeys)
        writer.write(try TreeEncoder.encode(value, at: []))
        return writer.bytes
    }

    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try encode(value, pretty: pretty), as: UTF8.self)
    }
}
