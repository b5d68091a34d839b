/// The pieces of Docker's reference grammar (distribution/reference), as
/// byte-level checks. Hand-written rather than regular expressions so each
/// rule is visible and the checks cost nothing on hot paths (every API call
/// naming an image parses one).
enum ReferenceGrammar {
    /// One path component: lowercase alphanumeric runs joined by exactly one
    /// ".", one or two "_", or any number of "-" (so hostnames fit as names).
    static func isPathComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        var index = 0
        while true {
            let runStart = index
            while index < bytes.count, isLowerAlnum(bytes[index]) { index += 1 }
            if index == runStart { return false }  // empty, leading separator, or two separators in a row
            if index == bytes.count { return true }
            switch bytes[index] {
            case UInt8(ascii: "."):
                index += 1
            case UInt8(ascii: "_"):
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "_") { index += 1 }
            case UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            default:
                return false
            }
        }
    }

    /// The path: one or more components separated by single "/".
    static func isPath(_ path: Substring) -> Bool {
        path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isPathComponent)
    }

    /// A registry host with an optional port: DNS-like labels (letters of
    /// either case, digits, inner "-") joined by ".", or an IPv6 address in
    /// brackets.
    static func isDomain(_ domain: Substring) -> Bool {
        // An IPv6 address has colons of its own, so the port starts after "]".
        let portSearchStart = domain.hasPrefix("[") ? (domain.firstIndex(of: "]") ?? domain.endIndex) : domain.startIndex
        let colon = domain[portSearchStart...].firstIndex(of: ":")
        let host = domain[..<(colon ?? domain.endIndex)]
        if let colon {
            let port = domain[domain.index(after: colon)...]
            guard !port.isEmpty, port.utf8.allSatisfy(isDigit) else { return false }
        }
        if host.hasPrefix("[") {
            let address = host.dropFirst().dropLast()
            return host.hasSuffix("]") && !address.isEmpty && address.utf8.allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") }
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isDomainLabel)
    }

    static func isDomainLabel(_ label: Substring) -> Bool {
        guard let first = label.utf8.first, let last = label.utf8.last, isAlnum(first), isAlnum(last) else { return false }
        return label.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `[\w][\w.-]{0,127}` with ASCII \w.
    static func isTag(_ tag: Substring) -> Bool {
        guard let first = tag.utf8.first, isWord(first), tag.utf8.count <= 128 else { return false }
        return tag.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// The reference grammar's digest shape: algorithm components
    /// (`[A-Za-z][A-Za-z0-9]*`) joined by one of "-_+.", a colon, and at least
    /// 32 hex digits of either case. Passing this only means "meant as a
    /// digest"; `Digest(parsing:)` then decides whether it is a usable one.
    static func looksLikeDigest(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let hex = text[text.index(after: colon)...]
        guard hex.utf8.count >= 32, hex.utf8.allSatisfy(isHex) else { return false }
        var expectLetter = true
        for byte in text[..<colon].utf8 {
            if expectLetter {
                guard isLetter(byte) else { return false }
                expectLetter = false
            } else if "-_+.".utf8.contains(byte) {
                expectLetter = true
            } else if !isAlnum(byte) {
                return false
            }
        }
        return !expectLetter
    }

    /// 64 lowercase hex digits: an image ID.
    static func isImageID(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy(Digest.isLowerHex)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    static func isLowerAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) }
    static func isWord(_ byte: UInt8) -> Bool { isAlnum(byte) || byte == UInt8(ascii: "_") }
    static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f")) }
}
