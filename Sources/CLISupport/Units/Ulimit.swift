/// `--ulimit name=soft[:hard]` as go-units parses it.
public struct Ulimit: Equatable, Sendable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    public static let names: Set<String> = [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
        "rtprio", "rttime", "sigpending", "stack",
    ]

    public init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    public init(parsing text: String) throws(FlagValueError) {
        guard let equals = text.firstIndex(of: "=") else { throw FlagValueError("invalid ulimit argument: \(text)") }
        let name = String(text[..<equals])
        let limits = String(text[text.index(after: equals)...])
        guard Ulimit.names.contains(name) else { throw FlagValueError("invalid ulimit type: \(name)") }
        let parts = limits.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw FlagValueError("too many limit value arguments - \(limits), can only have up to two, `soft[:hard]`")
        }
        var hard: Int64? = nil
        if parts.count == 2 { hard = try GoStrconv.parseDecimalInt(parts[1]) }
        let soft = try GoStrconv.parseDecimalInt(parts[0])
        let effectiveHard = hard ?? soft
        if effectiveHard != -1 {
            if soft == -1 {
                throw FlagValueError("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: \(effectiveHard)")
            }
            if soft > effectiveHard {
                throw FlagValueError("ulimit soft limit must be less than or equal to hard limit: \(soft) > \(effectiveHard)")
            }
        }
        self.init(name: name, soft: soft, hard: effectiveHard)
    }
}

extension GoStrconv {
    /// `strconv.ParseInt(text, 10, 64)`.
    public static func parseDecimalInt(_ text: String) throws(FlagValueError) -> Int64 {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw FlagValueError("strconv.ParseInt: parsing \(quote(text)): invalid syntax")
        }
        guard let value = Int64(String(negative ? "-" : "") + digits) else {
            throw FlagValueError("strconv.ParseInt: parsing \(quote(text)): value out of range")
        }
        return value
    }
}
