import LinuxSupport

enum LinuxClock {
    static func now() -> String { Clock.rfc3339Now() }
}
