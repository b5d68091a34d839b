import OCI

/// Chooses the entry of a manifest list or OCI index to pull: `linux` and
/// this machine's architecture unless the request names a platform
/// (`os/arch[/variant]`, with Docker's aliases normalised). An arm variant
/// that no entry has falls back to the architecture alone.
struct PlatformMatcher: Sendable {
    let os: String
    let architecture: String
    let variant: String?

    init(requested: String?) throws(RegistryClientError) {
        guard let requested, !requested.isEmpty else {
            self.init(os: "linux", architecture: Platform.hostArchitecture, variant: nil)
            return
        }
        let parts = requested.lowercased().split(separator: "/").map(String.init)
        guard (1...3).contains(parts.count) else {
            throw RegistryClientError(.invalidRequest, "\"\(requested)\": unknown operating system or architecture: invalid argument")
        }
        var (os, arch, variant) = (parts[0], parts.count > 1 ? parts[1] : Platform.hostArchitecture, parts.count > 2 ? parts[2] : nil)
        switch arch {
        case "x86_64", "x86-64": arch = "amd64"
        case "aarch64": arch = "arm64"; if variant == "v8" { variant = nil }
        case "armhf": arch = "arm"; variant = variant ?? "v7"
        case "armel": arch = "arm"; variant = variant ?? "v6"
        default: break
        }
        if os == "macos" { os = "darwin" }
        self.init(os: os, architecture: arch, variant: variant)
    }

    private init(os: String, architecture: String, variant: String?) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    func choose(_ entries: [Descriptor]) throws(RegistryClientError) -> Descriptor {
        let candidates = entries.filter { entry in
            guard let platform = entry.platform else { return false }
            return platform.os == os && platform.architecture == architecture
        }
        if let variant, let exact = candidates.first(where: { $0.platform?.variant == variant }) { return exact }
        if let first = candidates.first(where: { variant == nil || $0.platform?.variant == nil }) ?? candidates.first { return first }
        throw RegistryClientError(.notFound, "no matching manifest for \(description) in the manifest list entries")
    }

    func matches(_ platform: Platform) -> Bool {
        platform.os == os && platform.architecture == architecture
    }
}
