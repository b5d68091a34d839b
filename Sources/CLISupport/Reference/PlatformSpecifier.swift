/// A platform as `os[(version)][/arch[/variant]]`, parsed and normalised as
/// containerd's platforms.Parse does it (`linux/x86_64` is linux/amd64,
/// `linux/arm` is arm v7, `linux` alone takes this machine's architecture).
public struct PlatformSpecifier: Equatable, Sendable {
    public var os: String
    public var osVersion = ""
    public var architecture: String
    public var variant = ""

    public init(os: String, architecture: String, variant: String = "") {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    public init(parsing specifier: String) throws(FlagValueError) {
        func invalid(_ reason: String) -> FlagValueError { FlagValueError("\(reason): invalid argument") }
        let quoted = "\"\(specifier)\""
        if specifier.contains("*") { throw invalid("\(quoted): wildcards not yet supported") }
        let parts = Self.split(specifier, limit: 4)
        guard let (os, version) = Self.osAndVersion(parts[0]) else {
            throw invalid("\"\(parts[0])\" is an invalid OS component of \(quoted): OSAndVersion specifier component must match "
                + "\"^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.-]*)\\\\))?$\"")
        }
        for part in parts.dropFirst() where part.isEmpty || !part.allSatisfy(Self.isSpecifierCharacter) {
            throw invalid("\"\(part)\" is an invalid component of \(quoted): platform specifier component must match \"^[A-Za-z0-9_-]+$\"")
        }
        self.init(os: Self.normalizeOS(os), architecture: "")
        osVersion = version
        switch parts.count {
        case 1:
            if Self.knownOSes.contains(self.os) {
                architecture = Self.hostArchitecture
                return
            }
            (architecture, variant) = Self.normalizeArch(parts[0], "")
            if architecture == "arm" && variant == "v7" { variant = "" }
            guard Self.knownArchitectures.contains(architecture) else {
                throw invalid("\(quoted): unknown operating system or architecture")
            }
            self.os = "linux"
            osVersion = ""
        case 2:
            (architecture, variant) = Self.normalizeArch(parts[1], "")
            if architecture == "arm" && variant == "v7" { variant = "" }
        case 3:
            (architecture, variant) = Self.normalizeArch(parts[1], parts[2])
            if architecture == "arm64" && variant.isEmpty { variant = "v8" }
        default:
            throw invalid("\(quoted): cannot parse platform specifier")
        }
    }

    /// The OCI platform's JSON as Go marshals it (push's `platform` query).
    public var json: String {
        var members: [(String, JSONDocument)] = [("architecture", .string(architecture)), ("os", .string(os))]
        if !osVersion.isEmpty { members.append(("os.version", .string(osVersion))) }
        if !variant.isEmpty { members.append(("variant", .string(variant))) }
        return JSONWriter.compact(.object(members), .init(escapeHTML: true))
    }

    static let knownOSes: Set = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd",
        "openbsd", "plan9", "solaris", "windows", "zos",
    ]
    static let knownArchitectures: Set = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle",
        "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
    ]

    static func isSpecifierCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-")
    }

    static func split(_ text: String, limit: Int) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while parts.count < limit - 1, let slash = rest.firstIndex(of: "/") {
            parts.append(String(rest[..<slash]))
            rest = rest[rest.index(after: slash)...]
        }
        parts.append(String(rest))
        return parts
    }

    /// `name` or `name(version)`.
    static func osAndVersion(_ part: String) -> (String, String)? {
        var name = Substring(part), version = Substring("")
        if part.hasSuffix(")"), let open = part.firstIndex(of: "(") {
            name = part[..<open]
            version = part[part.index(after: open)..<part.index(before: part.endIndex)]
            guard version.allSatisfy({ isSpecifierCharacter($0) || $0 == "." }) else { return nil }
        }
        guard !name.isEmpty, name.allSatisfy(isSpecifierCharacter) else { return nil }
        return (String(name), String(version))
    }

    static func normalizeOS(_ os: String) -> String {
        let lower = os.lowercased()
        return lower == "macos" ? "darwin" : lower
    }

    static func normalizeArch(_ arch: String, _ variant: String) -> (String, String) {
        var arch = arch.lowercased(), variant = variant.lowercased()
        switch arch {
        case "i386":
            arch = "386"; variant = ""
        case "x86_64", "x86-64", "amd64":
            arch = "amd64"
            if variant == "v1" { variant = "" }
        case "aarch64", "arm64":
            arch = "arm64"
            if ["8", "v8", "v8.0"].contains(variant) { variant = "" }
            if ["9", "9.0", "v9.0"].contains(variant) { variant = "v9" }
        case "armhf":
            arch = "arm"; variant = "v7"
        case "armel":
            arch = "arm"; variant = "v6"
        case "arm":
            if variant.isEmpty || variant == "7" { variant = "v7" }
            else if ["5", "6", "8"].contains(variant) { variant = "v" + variant }
        default:
            break
        }
        return (arch, variant)
    }

    /// The architecture this binary was built for, as Go's runtime.GOARCH names it.
    static var hostArchitecture: String {
        #if arch(x86_64)
        return "amd64"
        #elseif arch(arm64)
        return "arm64"
        #elseif arch(arm)
        return "arm"
        #elseif arch(i386)
        return "386"
        #elseif arch(s390x)
        return "s390x"
        #elseif arch(powerpc64le)
        return "ppc64le"
        #else
        return "riscv64"
        #endif
    }
}
