import EngineAPI
import Glibc
import LinuxSupport

/// Reads what /info and /version report about the host, once at start.
enum SystemFacts {
    static func read(dataRoot: String, execRoot: String) -> SystemInfo {
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: names.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        let host = withUnsafeBytes(of: names.nodename) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        var os = "Linux"
        if let release = try? SmallFile.read("/etc/os-release"),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            os = String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: "\"")
        }
        var memory: Int64 = 0
        if let meminfo = try? SmallFile.read("/proc/meminfo"),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kib = Int64(line.split(separator: " ").dropFirst().first ?? "") {
            memory = kib * 1024
        }
        let cgroupVersion = SmallFile.exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1"
        return SystemInfo(dataRoot: dataRoot, execRoot: execRoot, kernelVersion: kernel, operatingSystem: os, hostname: host,
                          cpus: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), memoryBytes: memory, cgroupVersion: cgroupVersion,
                          startedAt: Clock.rfc3339Now())
    }
}
