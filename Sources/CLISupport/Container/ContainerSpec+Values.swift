/// The small conversions the create body needs: modes, devices, security
/// options, capabilities, key=value lists, paths and versions.
extension ContainerSpec {
    static func isValidMode(_ flag: String, _ value: String) -> Bool {
        switch flag {
        case "cgroupns": return value.isEmpty || value == "host" || value == "private"
        case "userns": return value.isEmpty || value == "host"
        default:
            // pid and uts: "", "host", or "container:NAME" (pid only).
            if value.isEmpty || value == "host" { return true }
            if flag == "pid", value.hasPrefix("container:") { return value.count > "container:".count }
            return false
        }
    }

    static func deviceMapping(_ device: String) throws(FlagValueError) -> JSONDocument {
        let parts = device.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 3 || parts[0].isEmpty { throw FlagValueError("bad format for path: \(device)") }
        func validMode(_ mode: String) -> Bool {
            !mode.isEmpty && mode.allSatisfy { "rwm".contains($0) } && Set(mode).count == mode.count
        }
        var source = parts[0], destination = "", permissions = "rwm"
        if parts.count == 3 {
            if !validMode(parts[2]) { throw FlagValueError("bad mode specified: \(parts[2])") }
            destination = parts[1]
            permissions = parts[2]
        } else if parts.count == 2 {
            if validMode(parts[1]) { permissions = parts[1] } else { destination = parts[1] }
        }
        let containerPath = destination.isEmpty ? source : destination
        if !containerPath.hasPrefix("/") { throw FlagValueError("\(containerPath) is not an absolute path") }
        source = cleanPath(source)
        if destination.isEmpty { destination = source } else { destination = cleanPath(destination) }
        return .object([("PathOnHost", .string(source)), ("PathInContainer", .string(destination)),
                        ("CgroupPermissions", .string(permissions))])
    }

    static func parseSecurityOptions(_ options: [String], environment: Environment) throws(FlagValueError) -> [String] {
        var result = options
        for (index, option) in options.enumerated() {
            var parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 && parts[0] != "no-new-privileges" {
                parts = option.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            }
            if (parts.count < 2 || parts[1].isEmpty) && parts[0] != "no-new-privileges" {
                throw FlagValueError("Invalid --security-opt: \(GoStrconv.quote(option))")
            }
            if parts[0] == "seccomp" && parts[1] != "builtin" && parts[1] != "unconfined" {
                let content: [UInt8]
                do { content = try environment.readFile(parts[1]) } catch {
                    throw FlagValueError("opening seccomp profile (\(parts[1])) failed: \(error.message)")
                }
                guard let document = try? JSONDocument.parse(content) else {
                    throw FlagValueError("compacting json for seccomp profile (\(parts[1])) failed: invalid JSON")
                }
                result[index] = "seccomp=" + JSONWriter.compact(document)
            }
        }
        return result
    }

    static func readKeyValueFile(_ path: String, environment: Environment, lookup: ((String) -> String?)?) throws(FlagValueError) -> [String] {
        let content = try environment.readFile(path)
        do { return try KeyValueFile.parse(content, lookup: lookup) } catch {
            throw FlagValueError("invalid env file (\(path)): \(error.message)")
        }
    }

    /// The client sorts and upper-cases capabilities, adding `CAP_`.
    static func normalizeCapabilities(_ capabilities: [String]) -> [String]? {
        var seen: [String] = []
        for capability in capabilities {
            var name = capability.uppercased()
            if name != "ALL" && !name.hasPrefix("CAP_") { name = "CAP_" + name }
            if !seen.contains(name) { seen.append(name) }
        }
        return seen.isEmpty ? nil : seen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Later `-e KEY=…` replace earlier ones (the client keeps them in a map).
    static func dedupeEnvironment(_ env: [String]) -> [String] {
        var result: [String] = []
        for entry in env {
            let key = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if let index = result.firstIndex(where: { $0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0] == key }) {
                result[index] = entry
            } else {
                result.append(entry)
            }
        }
        return result
    }

    static func isMACAddress(_ text: String) -> Bool {
        let groups = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        return (groups.count == 6 || groups.count == 8 || groups.count == 20)
            && groups.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }

    static func splitPair(_ text: String) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    static func sortedKeys(_ keys: [String]) -> [String] {
        Array(Set(keys)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: [String] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        return seen
    }

    static func nilIfEmpty(_ values: [String]) -> [String]? { values.isEmpty ? nil : values }

    /// Go's path.Clean for absolute or relative slash paths.
    public static func cleanPath(_ path: String) -> String {
        if path.isEmpty { return "." }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Compares dotted versions numerically.
    static func compareVersions(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0, r = i < y.count ? y[i] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }
}
