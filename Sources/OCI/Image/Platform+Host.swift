extension Platform {
    /// This machine's architecture in Go's names, as image platforms use them.
    public static var hostArchitecture: String {
        #if arch(x86_64)
        "amd64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }

    public static func matchesHost(_ platform: Platform) -> Bool {
        platform.os == "linux" && platform.architecture == hostArchitecture
    }
}
