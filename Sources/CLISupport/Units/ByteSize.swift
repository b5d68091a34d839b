/// go-units' size parsing, which `--memory 32m`, `--shm-size` and friends go
/// through: binary multiples (`k` = 1024), case-insensitive, optional `b`/`ib`.
public enum ByteSize {
    /// `units.RAMInBytes`.
    public static func ramInBytes(_ text: String) throws(FlagValueError) -> Int64 {
        try parse(text, multiplier: 1024)
    }

    /// `units.FromHumanSize`: decimal multiples (`k` = 1000).
    public static func fromHumanSize(_ text: String) throws(FlagValueError) -> Int64 {
        try parse(text, multiplier: 1000)
    }

    static func parse(_ text: String, multiplier: Double) throws(FlagValueError) -> Int64 {
        let characters = Array(text)
        // The number ends at the last digit, dot or space.
        guard let separator = characters.lastIndex(where: { "0123456789. ".contains($0) }) else {
            throw FlagValueError("invalid size: '\(text)'")
        }
        let number: String
        var suffix: String
        if characters[separator] != " " {
            number = String(characters[...separator])
            suffix = String(characters[(separator + 1)...])
        } else {
            number = String(characters[..<separator])
            suffix = String(characters[(separator + 1)...])
        }
        let size = try GoStrconv.parseFloat(number)
        if size < 0 { throw FlagValueError("invalid size: '\(text)'") }
        if suffix.isEmpty { return Int64(size) }
        guard suffix.count <= 3 else { throw FlagValueError("invalid suffix: '\(suffix)'") }
        suffix = suffix.lowercased()
        let first = suffix.first!
        if first == "b" {
            guard suffix.count == 1 else { throw FlagValueError("invalid suffix: '\(suffix)'") }
            return Int64(size)
        }
        let exponents: [Character: Double] = ["k": 1, "m": 2, "g": 3, "t": 4, "p": 5]
        guard let exponent = exponents[first] else { throw FlagValueError("invalid suffix: '\(suffix)'") }
        if suffix.count == 2 && suffix.last != "b" { throw FlagValueError("invalid suffix: '\(suffix)'") }
        if suffix.count == 3 && suffix.dropFirst() != "ib" { throw FlagValueError("invalid suffix: '\(suffix)'") }
        var scaled = size
        for _ in 0..<Int(exponent) { scaled *= multiplier }
        return Int64(scaled)
    }
}
