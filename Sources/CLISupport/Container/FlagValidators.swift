import Glibc

/// The checks Docker's option types run on each value as it is parsed
/// (docker/cli `opts`), with their messages.
public enum FlagValidators {
    /// `opts.ValidateEnv`: `NAME=value` as is; a bare `NAME` takes its value
    /// from this process's environment when it has one.
    public static func environment(_ value: String) throws(FlagValueError) -> String {
        let name = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if name.isEmpty { throw FlagValueError("invalid environment variable: \(value)") }
        if value.contains("=") { return value }
        if let found = getenv(String(name)) { return "\(name)=\(String(cString: found))" }
        return value
    }

    /// `opts.ValidateLabel`.
    public static func label(_ value: String) throws(FlagValueError) -> String {
        var key = Substring(value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
        while let first = key.first, first == " " || first == "\t" { key = key.dropFirst() }
        if key.isEmpty { throw FlagValueError("invalid label '\(value)': empty name") }
        if key.contains(" ") || key.contains("\t") { throw FlagValueError("label '\(key)' contains whitespaces") }
        return value
    }

    /// `-a/--attach`: one of the three streams, any case.
    public static func attachStream(_ value: String) throws(FlagValueError) -> String {
        let lower = value.lowercased()
        guard ["stdin", "stdout", "stderr"].contains(lower) else {
            throw FlagValueError("valid streams are STDIN, STDOUT and STDERR")
        }
        return lower
    }

    /// `opts.ValidateIPAddress`: the address in canonical form.
    public static func ipAddress(_ value: String) throws(FlagValueError) -> String {
        guard let canonical = IPAddress.canonical(value.trimmedSpaces) else {
            throw FlagValueError("IP address is not correctly formatted: \(value)")
        }
        return canonical
    }

    /// `opts.ValidateExtraHost`: `host:ip` or `host=ip`, sent as `host:ip`.
    public static func extraHost(_ value: String) throws(FlagValueError) -> String {
        var separator = value.firstIndex(of: "=")
        if separator == nil { separator = value.firstIndex(of: ":") }
        guard let separator else { throw FlagValueError("bad format for add-host: \(GoStrconv.quote(value))") }
        let host = String(value[..<separator])
        var address = String(value[value.index(after: separator)...])
        if host.isEmpty || host.contains(":") { throw FlagValueError("bad format for add-host: \(GoStrconv.quote(value))") }
        if address != "host-gateway" {
            if address.count > 2 && address.hasPrefix("[") && address.hasSuffix("]") {
                address = String(address.dropFirst().dropLast())
            }
            guard IPAddress.canonical(address) != nil else {
                throw FlagValueError("invalid IP address in add-host: \(GoStrconv.quote(address))")
            }
        }
        return host + ":" + address
    }

    /// `opts.ValidateDNSSearch`.
    public static func dnsSearch(_ value: String) throws(FlagValueError) -> String {
        var trimmed = Substring(value)
        while trimmed.first == " " { trimmed = trimmed.dropFirst() }
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        if trimmed == "." { return "." }
        var domain = trimmed
        while let last = domain.last, last == " " || last == "\t" || last == "\n" { domain = domain.dropLast() }
        if domain.hasSuffix(".") { domain = domain.dropLast() }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !domain.isEmpty && domain.count < 255 && domain.contains(where: { $0.isLetter }) && labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else { throw FlagValueError("\(trimmed) is not a valid domain") }
        return String(trimmed)
    }

    /// `opts.ValidateLink`: `name` or `name:alias`.
    public static func link(_ value: String) throws(FlagValueError) -> String {
        if value.isEmpty { throw FlagValueError("empty string specified for links") }
        if value.split(separator: ":", omittingEmptySubsequences: false).count > 2 {
            throw FlagValueError("bad format for links: \(value)")
        }
        return value
    }

    /// `opts.ValidateSysctl`: namespaced sysctls only.
    public static func sysctl(_ value: String) throws(FlagValueError) -> String {
        let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let allowed: Set<Substring> = ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
                                       "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"]
        guard parts.count == 2, !parts[0].isEmpty,
              allowed.contains(parts[0]) || parts[0].hasPrefix("net.") || parts[0].hasPrefix("fs.mqueue.") else {
            throw FlagValueError("sysctl '\(value)' is not allowed")
        }
        return value
    }

    /// `--device-cgroup-rule 'c 1:3 rwm'`.
    public static func deviceCgroupRule(_ value: String) throws(FlagValueError) -> String {
        let parts = value.split(separator: " ", omittingEmptySubsequences: false)
        func number(_ s: Substring) -> Bool { s == "*" || (!s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber }) }
        let ok = parts.count == 3 && ["a", "b", "c"].contains(parts[0]) && {
            let numbers = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            return numbers.count == 2 && number(numbers[0]) && number(numbers[1])
        }() && (1...3).contains(parts[2].count) && parts[2].allSatisfy { "rwm".contains($0) }
        guard ok else { throw FlagValueError("invalid device cgroup format '\(value)'") }
        return value
    }
}

/// IP addresses through inet_pton/inet_ntop, for validation and canonical form.
public enum IPAddress {
    public static func canonical(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
