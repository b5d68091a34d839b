import CLISupport
import EngineClient
import LinuxSupport
import OCI

/// `berth stats`: CPU, memory, network, block I/O and PIDs per container,
/// redrawn twice a second, or once with `--no-stream`. Without names it
/// shows the running containers (all with `-a`) and, when streaming, follows
/// their starts and deaths through the event stream, as Docker does.
struct StatsCommand: FlagCommand {
    static let usage = "[OPTIONS] [CONTAINER...]"
    static let summary = "Display a live stream of container(s) resource usage statistics"
    static let aliases = "berth container stats, berth stats"
    static let arguments = UsageProblem.ArgumentRule.atLeast(0)
    static let flags: [FlagDefinition] = [
        .bool("all", short: "a", "Show all containers (default shows just running)"),
        .bool("no-stream", "Disable streaming stats and only pull the first result"),
        .bool("no-trunc", "Do not truncate output"),
        FlagDefinition("format", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ]

    let flags: ParsedFlags
    init(_ flags: ParsedFlags, path: String) throws { self.flags = flags }

    func run() throws {
        let client = try Session.client()
        let stream = !flags.bool("no-stream")
        let showAll = flags.arguments.isEmpty
        var collectors: [StatsCollector] = []
        var events: HTTPResponse? = nil
        if showAll {
            // Followed for starts and deaths; a single table has no use for it.
            if stream { events = try? client.events(since: nil, until: nil, filters: [("type", "container")]) }
            for container in try client.listContainers(all: flags.bool("all"), limit: 0, size: false, filters: []) {
                let id = String((container.Id ?? "").prefix(12))
                if !collectors.contains(where: { $0.entry.container == id }) {
                    collectors.append(StatsCollector(id, client: client, stream: stream))
                }
            }
        } else {
            for name in flags.arguments where !collectors.contains(where: { $0.entry.container == name }) {
                collectors.append(StatsCollector(name, client: client, stream: stream))
            }
        }
        let renderer = FormatRenderer(format: StatsRows.format(flags.string("format") ?? ""), headers: StatsRows.headers)
        let truncate = !flags.bool("no-trunc")

        guard stream else {
            for collector in collectors { collector.readFirst() }
            if !showAll {
                let errors = collectors.compactMap(\.error)
                if !errors.isEmpty { throw CLIError(errors.joined(separator: "\n")) }
            }
            Output.out(try renderer.render(collectors.map { .record(StatsRows.record($0.entry, truncate: truncate)) }))
            return
        }

        // As Docker, the first table waits for each container's first sample
        // (at most two seconds).
        let deadline = GoTime.now() + 2
        while GoTime.now() < deadline {
            let waiting = collectors.filter { $0.response != nil && $0.entry.id.isEmpty }
            if waiting.isEmpty { break }
            let ready = (try? Poll.readable(waiting.map { $0.response!.fileDescriptor }, timeout: 100)) ?? []
            for (index, collector) in waiting.enumerated() where index < ready.count && ready[index].isReadable {
                collector.readAvailable()
            }
        }
        var eventSplitter = JSONValueSplitter()
        var nextRender = GoTime.now() + 0.5
        while true {
            let live = collectors.filter { $0.response != nil }
            var descriptors = live.map { $0.response!.fileDescriptor }
            if let events { descriptors.append(events.fileDescriptor) }
            let wait = max(0, Int32((nextRender - GoTime.now()) * 1000))
            let ready = (try? Poll.readable(descriptors, timeout: wait)) ?? []
            for (index, collector) in live.enumerated() where index < ready.count && ready[index].isReadable {
                collector.readAvailable()
            }
            if let response = events, ready.count == descriptors.count, ready[descriptors.count - 1].isReadable {
                guard let chunk = try? response.readChunk() else { events = nil; continue }
                for raw in eventSplitter.feed(chunk) {
                    guard let event = try? JSON.decode(EngineEvent.self, from: raw), let actor = event.Actor?.ID else { continue }
                    let id = String(actor.prefix(12))
                    let action = event.Action ?? event.status ?? ""
                    if action == "start" || (action == "create" && flags.bool("all")) {
                        if !collectors.contains(where: { $0.entry.container == id }) {
                            collectors.append(StatsCollector(id, client: client, stream: true))
                        }
                    } else if action == "die" && !flags.bool("all") {
                        collectors.removeAll { $0.entry.container == id }
                    }
                }
            }
            guard GoTime.now() >= nextRender else { continue }
            nextRender = GoTime.now() + 0.5
            let table = try renderer.render(collectors.map { .record(StatsRows.record($0.entry, truncate: truncate)) })
            var screen = "\u{1B}[H"
            for line in table.split(separator: "\n", omittingEmptySubsequences: false) { screen += line + " \u{1B}[K\n" }
            Output.out(screen + "\u{1B}[J")
            if collectors.isEmpty && !showAll { return }
        }
    }
}

/// One container's stats stream and its latest figures.
final class StatsCollector {
    var entry: StatsEntry
    var response: HTTPResponse?
    var error: String?
    private var splitter = JSONValueSplitter()

    init(_ container: String, client: EngineClient, stream: Bool) {
        entry = StatsEntry(container: container)
        do { response = try client.containerStats(container, stream: stream) } catch {
            self.error = error.description
            entry.isInvalid = true
        }
    }

    /// `--no-stream`: the one sample.
    func readFirst() {
        guard let response else { return }
        while entry.id.isEmpty && error == nil {
            guard let chunk = try? response.readChunk() else { break }
            absorb(chunk)
        }
        self.response = nil
    }

    /// Whatever has arrived; the end of the stream marks the figures invalid.
    func readAvailable() {
        guard let response else { return }
        guard let chunk = try? response.readChunk() else {
            self.response = nil
            entry.isInvalid = true
            return
        }
        absorb(chunk)
    }

    private func absorb(_ bytes: [UInt8]) {
        for raw in splitter.feed(bytes) {
            guard let sample = try? JSON.decode(ContainerStatsSample.self, from: raw) else { continue }
            entry = Self.entry(sample, container: entry.container)
        }
    }

    /// Docker's collect(): the figures one sample gives.
    static func entry(_ v: ContainerStatsSample, container: String) -> StatsEntry {
        var entry = StatsEntry(container: container)
        entry.name = v.name ?? ""
        entry.id = v.id ?? ""
        entry.cpuPercentage = StatsMath.cpuPercent(
            total: v.cpu_stats?.cpu_usage?.total_usage ?? 0, previousTotal: v.precpu_stats?.cpu_usage?.total_usage ?? 0,
            system: v.cpu_stats?.system_cpu_usage ?? 0, previousSystem: v.precpu_stats?.system_cpu_usage ?? 0,
            onlineCPUs: v.cpu_stats?.online_cpus ?? 0, perCPUCount: v.cpu_stats?.cpu_usage?.percpu_usage?.count ?? 0)
        let io = StatsMath.blockIO((v.blkio_stats?.io_service_bytes_recursive ?? []).map { ($0.op ?? "", $0.value ?? 0) })
        entry.blockRead = Double(io.read)
        entry.blockWrite = Double(io.write)
        entry.memory = StatsMath.memoryUsage(usage: v.memory_stats?.usage ?? 0, stats: v.memory_stats?.stats ?? [:])
        entry.memoryLimit = Double(v.memory_stats?.limit ?? 0)
        entry.memoryPercentage = StatsMath.memoryPercent(used: entry.memory, limit: entry.memoryLimit)
        entry.pids = v.pids_stats?.current ?? 0
        for network in (v.networks ?? [:]).values {
            entry.networkRx += Double(network.rx_bytes ?? 0)
            entry.networkTx += Double(network.tx_bytes ?? 0)
        }
        return entry
    }
}
