/// What an `Encodable` value turned into, before it is written out. Objects
/// and arrays are classes because containers handed out by an encoder keep
/// writing into them after the call that made them returns.
enum EncodedValue {
    case null
    case bool(Bool)
    /// The number as it will be written.
    case number(String)
    case string(String)
    case object(EncodedObject)
    case array(EncodedArray)
}

final class EncodedObject {
    var members = OrderedMembers<EncodedValue>()

    func set(_ key: String, _ value: EncodedValue) { members.set(key, value) }
}

final class EncodedArray {
    var elements: [EncodedValue] = []
}

/// An `Encoder` that builds an `EncodedValue`; `EncodedJSONWriter` turns it into bytes.
final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What was encoded; nil if the value encoded nothing (written as `{}`).
    var value: EncodedValue?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    var result: EncodedValue { value ?? .object(EncodedObject()) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: EncodedObject
        if case .object(let existing)? = value {
            object = existing
        } else {
            object = EncodedObject()
            value = .object(object)
        }
        return KeyedEncodingContainer(KeyedTreeEncodingContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: EncodedArray
        if case .array(let existing)? = value {
            array = existing
        } else {
            array = EncodedArray()
            value = .array(array)
        }
        return UnkeyedTreeEncodingContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeEncodingContainer(encoder: self)
    }

    /// A nested value through its own `encode(to:)`.
    static func encode<T: Encodable>(_ value: T, at codingPath: [any CodingKey]) throws -> EncodedValue {
        let encoder = TreeEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.result
    }
}

/// Scalars as they are written: integers in decimal, floating point in its
/// shortest form without a trailing ".0" (as Foundation's encoder writes it).
enum EncodedScalar {
    static func integer<T: FixedWidthInteger>(_ value: T) -> EncodedValue { .number(String(value)) }

    static func floatingPoint<T: BinaryFloatingPoint & CustomStringConvertible>(_ value: T, codingPath: [any CodingKey]) throws -> EncodedValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode \(T.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

struct SingleTreeEncodingContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: EncodedValue) { encoder.value = value }

    func encodeNil() throws { set(.null) }
    func encode(_ value: Bool) throws { set(.bool(value)) }
    func encode(_ value: String) throws { set(.string(value)) }
    func encode(_ value: Double) throws { set(try EncodedScalar.floatingPoint(value, codingPath: codingPath)) }
    func encode(_ value: Float) throws { set(try EncodedScalar.floatingPoint(value, codingPath: codingPath)) }
    func encode(_ value: Int) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: Int8) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: Int16) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: Int32) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: Int64) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: UInt) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: UInt8) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: UInt16) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: UInt32) throws { set(EncodedScalar.integer(value)) }
    func encode(_ value: UInt64) throws { set(EncodedScalar.integer(value)) }
    func encode<T: Encodable>(_ value: T) throws { set(try TreeEncoder.encode(value, at: codingPath)) }
}

struct KeyedTreeEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: EncodedObject
    let codingPath: [any CodingKey]

    private func set(_ value: EncodedValue, _ key: Key) { object.set(key.stringValue, value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try EncodedScalar.floatingPoint(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try EncodedScalar.floatingPoint(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(EncodedScalar.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try TreeEncoder.encode(value, at: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        set(.object(nested), key)
        return KeyedEncodingContainer(KeyedTreeEncodingContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        set(.array(nested), key)
        return UnkeyedTreeEncodingContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        ReferencingEncoder(codingPath: codingPath + [TreeCodingKey("super")]) { [object] value in object.set("super", value) }
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ReferencingEncoder(codingPath: codingPath + [key]) { [object] value in object.set(key.stringValue, value) }
    }
}

struct UnkeyedTreeEncodingContainer: UnkeyedEncodingContainer {
    let array: EncodedArray
    let codingPath: [any CodingKey]
    var count: Int { array.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [TreeCodingKey(index: count)] }
    private func append(_ value: EncodedValue) { array.elements.append(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try EncodedScalar.floatingPoint(value, codingPath: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try EncodedScalar.floatingPoint(value, codingPath: nextPath)) }
    mutating func encode(_ value: Int) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: Int8) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: Int16) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: Int32) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: Int64) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: UInt) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: UInt8) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: UInt16) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: UInt32) throws { append(EncodedScalar.integer(value)) }
    mutating func encode(_ value: UInt64) throws { append(EncodedScalar.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try TreeEncoder.encode(value, at: nextPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        let path = nextPath
        append(.object(nested))
        return KeyedEncodingContainer(KeyedTreeEncodingContainer<NestedKey>(object: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        let path = nextPath
        append(.array(nested))
        return UnkeyedTreeEncodingContainer(array: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let position = count
        append(.null)
        return ReferencingEncoder(codingPath: codingPath + [TreeCodingKey(index: position)]) { [array] value in
            array.elements[position] = value
        }
    }
}

/// The encoder a `superEncoder()` call hands out: it places what was encoded
/// into its parent when the encoding is over.
final class ReferencingEncoder: Encoder {
    private let inner: TreeEncoder
    private let place: (EncodedValue) -> Void
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], place: @escaping (EncodedValue) -> Void) {
        inner = TreeEncoder(codingPath: codingPath)
        self.place = place
    }

    deinit { place(inner.result) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}
