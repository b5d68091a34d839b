import OCI

/// Device cgroup rules as the kernel's devices.allow/deny lines.
enum DeviceRules {
    /// "c 1:3 rwm"; a missing type means all ("a"), a missing number "*".
    static func line(_ rule: RuntimeSpec.DeviceRule) -> String {
        let type = rule.type ?? "a"
        if type == "a" && rule.major == nil && rule.minor == nil { return "a *:* \(rule.access ?? "rwm")" }
        let major = rule.major.map(String.init) ?? "*"
        let minor = rule.minor.map(String.init) ?? "*"
        return "\(type) \(major):\(minor) \(rule.access ?? "rwm")"
    }

    /// The devices a container always gets: null, zero, full, random, urandom,
    /// tty, console, ptmx and the pty slaves.
    static let alwaysAllowed: [RuntimeSpec.DeviceRule] = [
        .init(allow: true, type: "c", major: 1, minor: 3, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 5, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 7, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 8, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 9, access: "rwm"),
        .init(allow: true, type: "c", major: 5, minor: 0, access: "rwm"),
        .init(allow: true, type: "c", major: 5, minor: 1, access: "rwm"),
        .init(allow: true, type: "c", major: 5, minor: 2, access: "rwm"),
        .init(allow: true, type: "c", major: 136, minor: nil, access: "rwm"),
    ]
}
