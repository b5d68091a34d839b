import Engine
import Glibc
import LinuxSupport
import Runtime

/// One reading of a container's cgroup, with the host CPU time it is compared to.
struct StatsSample: Sendable {
    let stats: CgroupStats
    let read: String
    let systemCPU: UInt64
    let onlineCPUs: Int

    static func read(_ containers: ContainerService, _ id: String) throws -> StatsSample {
        let stats = try containers.stats(id)
        return StatsSample(stats: stats, read: Clock.rfc3339Now(), systemCPU: systemCPUNanoseconds(),
                           onlineCPUs: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The first line of /proc/stat, in nanoseconds, as Docker reports system_cpu_usage.
    static func systemCPUNanoseconds() -> UInt64 {
        guard let text = try? SmallFile.read("/proc/stat"), let line = text.split(separator: "\n").first else { return 0 }
        let ticks = line.split(separator: " ").dropFirst().prefix(7).compactMap { UInt64($0) }.reduce(0, +)
        let hertz = UInt64(sysconf(Int32(_SC_CLK_TCK)))
        return ticks * (1_000_000_000 / max(hertz, 1))
    }
}

/// GET /containers/{id}/stats, in Docker's shape.
struct StatsResponse: Encodable {
    struct CPUUsage: Encodable {
        let total_usage: UInt64
        let percpu_usage: [UInt64]?
        let usage_in_kernelmode: UInt64
        let usage_in_usermode: UInt64
    }
    struct Throttling: Encodable {
        let periods: UInt64
        let throttled_periods: UInt64
        let throttled_time: UInt64
    }
    struct CPUStats: Encodable {
        let cpu_usage: CPUUsage
        let system_cpu_usage: UInt64?
        let online_cpus: Int?
        let throttling_data: Throttling
    }
    struct MemoryStats: Encodable {
        let usage: UInt64?
        let max_usage: UInt64?
        let stats: [String: UInt64]?
        let failcnt: UInt64?
        let limit: UInt64?
    }
    struct PidsStats: Encodable {
        let current: UInt64?
        let limit: UInt64?
    }
    struct BlkioStats: Encodable {
        let io_service_bytes_recursive: [String]?
        let io_serviced_recursive: [String]?
        let io_queue_recursive: [String]?
        let io_service_time_recursive: [String]?
        let io_wait_time_recursive: [String]?
        let io_merged_recursive: [String]?
        let io_time_recursive: [String]?
        let sectors_recursive: [String]?
    }

    let name: String
    let id: String
    let read: String
    let preread: String
    let pids_stats: PidsStats
    let blkio_stats: BlkioStats
    let num_procs: Int
    let storage_stats: [String: String]
    let cpu_stats: CPUStats
    let precpu_stats: CPUStats
    let memory_stats: MemoryStats

    init(record: Engine.ContainerRecord, sample: StatsSample?, previous: StatsSample?) {
        name = "/" + record.name
        id = record.id
        read = sample?.read ?? ContainerStateInfo.zeroTime
        preread = previous?.read ?? ContainerStateInfo.zeroTime
        pids_stats = PidsStats(current: sample?.stats.pids.current, limit: sample.map { $0.stats.pids.limit == 0 ? UInt64.max : $0.stats.pids.limit })
        blkio_stats = BlkioStats(io_service_bytes_recursive: nil, io_serviced_recursive: nil, io_queue_recursive: nil,
                                 io_service_time_recursive: nil, io_wait_time_recursive: nil, io_merged_recursive: nil,
                                 io_time_recursive: nil, sectors_recursive: nil)
        num_procs = 0
        storage_stats = [:]
        cpu_stats = Self.cpu(sample)
        precpu_stats = Self.cpu(previous)
        if let stats = sample?.stats {
            var raw = stats.memory.raw
            // Docker names the v1 statistics as the kernel does; the CLI
            // subtracts total_inactive_file (v1) or inactive_file (v2) from usage.
            if raw["total_inactive_file"] == nil, let inactive = raw["inactive_file"] { raw["total_inactive_file"] = inactive }
            let limit = stats.memory.usage.limit
            memory_stats = MemoryStats(usage: stats.memory.usage.usage, max_usage: stats.memory.usage.max, stats: raw,
                                       failcnt: stats.memory.usage.failcnt,
                                       limit: limit == 0 || limit >= UInt64(Int64.max) / 2 ? Self.hostMemory() : limit)
        } else {
            memory_stats = MemoryStats(usage: nil, max_usage: nil, stats: nil, failcnt: nil, limit: nil)
        }
    }

    static func cpu(_ sample: StatsSample?) -> CPUStats {
        let usage = sample?.stats.cpu.usage
        let throttling = sample?.stats.cpu.throttling
        return CPUStats(cpu_usage: CPUUsage(total_usage: usage?.total ?? 0, percpu_usage: usage?.percpu,
                                            usage_in_kernelmode: usage?.kernel ?? 0, usage_in_usermode: usage?.user ?? 0),
                        system_cpu_usage: sample?.systemCPU, online_cpus: sample?.onlineCPUs,
                        throttling_data: Throttling(periods: throttling?.periods ?? 0, throttled_periods: throttling?.throttledPeriods ?? 0,
                                                    throttled_time: throttling?.throttledTime ?? 0))
    }

    static func hostMemory() -> UInt64 {
        UInt64(sysconf(Int32(_SC_PHYS_PAGES))) * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
