/// A parsed JSON document, as the decoder walks it. Numbers keep their
/// literal text, so each integer type parses exactly what was written.
enum JSONTree {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONTree])
    case object(JSONObject)

    /// How Foundation's decoder names what it found, for type-mismatch messages.
    var kindDescription: String {
        switch self {
        case .null: return "a null value"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "a dictionary"
        }
    }
}

/// An object's members in document order. A repeated key means its last
/// value. Small objects are searched in place; larger ones get an index.
typealias JSONObject = OrderedMembers<JSONTree>

/// Keys in first-seen order with their latest values: the members of an
/// object being decoded or encoded.
struct OrderedMembers<Value> {
    private(set) var keys: [String] = []
    private(set) var values: [Value] = []
    private var index: [String: Int]? = nil
    private static var indexedFrom: Int { 16 }

    init() {}

    /// A key set again keeps its place and takes the new value.
    mutating func set(_ key: String, _ value: Value) {
        if let position = position(of: key) {
            values[position] = value
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count == Self.indexedFrom {
            var built: [String: Int] = [:]
            for (position, name) in keys.enumerated() { built[name] = position }
            index = built
        }
    }

    func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    subscript(key: String) -> Value? {
        position(of: key).map { values[$0] }
    }
}
