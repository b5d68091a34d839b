/// Base64 as Go's encoding/base64 writes it, with padding: the standard
/// alphabet for config.json's `auth` (`StdEncoding`), the URL-safe one for
/// `X-Registry-Auth` (`URLEncoding`).
public enum Base64 {
    public enum Alphabet: Sendable {
        case standard
        case url

        var characters: [UInt8] {
            switch self {
            case .standard: return Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
            case .url: return Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
            }
        }
    }

    public static func encode(_ bytes: [UInt8], _ alphabet: Alphabet = .standard) -> String {
        let table = alphabet.characters
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? table[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ text: String, _ alphabet: Alphabet = .standard) -> String {
        encode(Array(text.utf8), alphabet)
    }

    /// A character Go's decoder refuses, by its offset in the input (Go's
    /// `CorruptInputError`: "illegal base64 data at input byte N").
    public struct CorruptInput: Error, Equatable, Sendable, CustomStringConvertible {
        public let offset: Int
        public init(offset: Int) { self.offset = offset }
        public var description: String { "illegal base64 data at input byte \(offset)" }
    }

    /// Decodes `text`; padding may be left out, and nothing may follow it.
    public static func decode(_ text: String, _ alphabet: Alphabet = .standard) throws(CorruptInput) -> [UInt8] {
        let table = alphabet.characters
        var values: [UInt8] = []
        let input = Array(text.utf8)
        var end = input.count
        while end > 0 && input[end - 1] == UInt8(ascii: "=") && input.count - end < 2 { end -= 1 }
        for (offset, byte) in input[..<end].enumerated() {
            guard let index = table.firstIndex(of: byte) else { throw CorruptInput(offset: offset) }
            values.append(UInt8(index))
        }
        // One character alone cannot hold a byte.
        if values.count % 4 == 1 { throw CorruptInput(offset: values.count - 1) }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i + 1 < values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            if i + 2 < values.count { out.append((values[i + 1] & 15) << 4 | values[i + 2] >> 2) }
            if i + 3 < values.count { out.append((values[i + 2] & 3) << 6 | values[i + 3]) }
            i += 4
        }
        return out
    }
}
