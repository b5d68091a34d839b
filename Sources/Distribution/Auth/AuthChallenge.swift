/// One challenge of a `WWW-Authenticate` header (RFC 7235): a scheme and its
/// parameters, e.g. `Bearer realm="https://auth/token",service="reg",
/// scope="repository:foo:pull"`. A header may carry several challenges;
/// registries send one, and we take the first we can answer.
public struct AuthChallenge: Equatable, Sendable {
    /// Lowercased: "basic" or "bearer".
    public let scheme: String
    /// Parameter names lowercased, values unquoted.
    public let parameters: [String: String]

    public init(scheme: String, parameters: [String: String]) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
    }

    /// Every challenge in the header values, in order.
    public static func parse(_ values: [String]) -> [AuthChallenge] {
        values.flatMap { parseOne(Array($0.utf8)) }
    }

    private static func parseOne(_ text: [UInt8]) -> [AuthChallenge] {
        var challenges: [AuthChallenge] = []
        var index = 0
        func skipBlanks() { while index < text.count, text[index] == 0x20 || text[index] == 0x09 || text[index] == 0x2C { index += 1 } }
        func token() -> String {
            let start = index
            while index < text.count, !isDelimiter(text[index]) { index += 1 }
            return String(decoding: text[start..<index], as: UTF8.self)
        }
        func value() -> String {
            guard index < text.count, text[index] == 0x22 else { return token() }
            index += 1
            var bytes: [UInt8] = []
            while index < text.count, text[index] != 0x22 {
                if text[index] == 0x5C, index + 1 < text.count { index += 1 }
                bytes.append(text[index])
                index += 1
            }
            index += 1
            return String(decoding: bytes, as: UTF8.self)
        }
        while true {
            skipBlanks()
            guard index < text.count else { break }
            let scheme = token()
            guard !scheme.isEmpty else { index += 1; continue }
            var parameters: [String: String] = [:]
            // Parameters follow until a token that is not `name=`: that starts the next challenge.
            while true {
                skipBlanks()
                let save = index
                let name = token()
                guard !name.isEmpty, index < text.count, text[index] == 0x3D else { index = save; break }
                index += 1
                parameters[name.lowercased()] = value()
            }
            challenges.append(AuthChallenge(scheme: scheme, parameters: parameters))
        }
        return challenges
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x2C || byte == 0x3D || byte == 0x22
    }
}
