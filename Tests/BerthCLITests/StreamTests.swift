import CLISupport
import Testing

@Suite struct StreamTests {
    @Test func demultiplexesFramesSplitAnywhere() throws {
        let bytes: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 12] + Array("line1\nline2\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 5] + Array("done\n".utf8)
        for split in 0...bytes.count {
            var demuxer = StreamDemuxer()
            var stdout: [UInt8] = [], stderr: [UInt8] = []
            for piece in [Array(bytes[..<split]), Array(bytes[split...])] {
                for output in try demuxer.feed(piece) {
                    switch output {
                    case .stdout(let b): stdout += b
                    case .stderr(let b): stderr += b
                    case .systemError: Issue.record("no system error here")
                    }
                }
            }
            #expect(String(decoding: stdout, as: UTF8.self) == "line1\nline2\n")
            #expect(String(decoding: stderr, as: UTF8.self) == "done\n")
            #expect(demuxer.isAtFrameBoundary)
        }
    }

    @Test func systemErrorFramesAndBadHeaders() throws {
        var demuxer = StreamDemuxer()
        #expect(try demuxer.feed([3, 0, 0, 0, 0, 0, 0, 4] + Array("oops".utf8)) == [.systemError("oops")])
        var bad = StreamDemuxer()
        #expect(throws: StreamDemuxer.FramingError.self) { try bad.feed([9, 0, 0, 0, 0, 0, 0, 1, 0]) }
    }

    @Test func detachKeysHeldBackUntilDecided() {
        var detector = EscapeDetector()
        #expect(detector.filter([0x61, 16]) == .forward([0x61]))
        #expect(detector.filter([0x62]) == .forward([16, 0x62]))
        #expect(detector.filter([16]) == .forward([]))
        #expect(detector.filter([17, 0x63]) == .detach([]))
        var custom = EscapeDetector(keys: try! EscapeDetector.parseKeys("ctrl-a,x"))
        #expect(custom.filter(Array("ab".utf8) + [1] + Array("x".utf8)) == .detach(Array("ab".utf8)))
        #expect(throws: FlagValueError("Unknown character: 'ctrl-1'")) { try EscapeDetector.parseKeys("ctrl-1") }
    }

    @Test func jsonValuesSplitAcrossChunks() {
        var splitter = JSONValueSplitter()
        #expect(splitter.feed(Array(#"{"a":"}"}"#.utf8) + [0x0A] + Array(#"{"b":[1,"#.utf8)).map { String(decoding: $0, as: UTF8.self) } == [#"{"a":"}"}"#])
        #expect(!splitter.isEmpty)
        #expect(splitter.feed(Array("2]}\n".utf8)).map { String(decoding: $0, as: UTF8.self) } == [#"{"b":[1,2]}"#])
        #expect(splitter.isEmpty)
    }
}

@Suite struct StatsAndListTests {
    @Test func cpuAndMemoryAsDockerComputesThem() {
        #expect(StatsMath.cpuPercent(total: 2_000, previousTotal: 1_000, system: 20_000, previousSystem: 10_000, onlineCPUs: 4, perCPUCount: 0) == 40)
        #expect(StatsMath.cpuPercent(total: 2_000, previousTotal: 1_000, system: 20_000, previousSystem: 10_000, onlineCPUs: 0, perCPUCount: 2) == 20)
        #expect(StatsMath.cpuPercent(total: 1_000, previousTotal: 1_000, system: 20_000, previousSystem: 10_000, onlineCPUs: 4, perCPUCount: 0) == 0)
        // cgroup v1 reports total_inactive_file, v2 inactive_file.
        #expect(StatsMath.memoryUsage(usage: 1000, stats: ["total_inactive_file": 300, "inactive_file": 100]) == 700)
        #expect(StatsMath.memoryUsage(usage: 1000, stats: ["inactive_file": 100]) == 900)
        #expect(StatsMath.memoryUsage(usage: 1000, stats: ["inactive_file": 5000]) == 1000)
        #expect(StatsMath.blockIO([("Read", 10), ("write", 5), ("read", 1), ("sync", 7)]) == (11, 5))
        #expect(StatsMath.percentage(12.345) == "12.35%")
    }

    @Test func statsRow() {
        var entry = StatsEntry(container: "web")
        entry.name = "/web"
        entry.id = "0123456789abcdef0123"
        entry.memory = 512 * 1024
        entry.memoryLimit = 25_275_000_000
        entry.pids = 3
        let row = StatsRows.record(entry, truncate: true)
        #expect(row["ID"]?.printed == "0123456789ab")
        #expect(row["Name"]?.printed == "web")
        #expect(row["CPUPerc"]?.printed == "0.00%")
        #expect(row["MemUsage"]?.printed == "512KiB / 23.54GiB")
        #expect(row["NetIO"]?.printed == "0B / 0B")
        #expect(row["PIDs"]?.printed == "3")
        entry.isInvalid = true
        #expect(StatsRows.record(entry, truncate: true)["MemUsage"]?.printed == "-- / --")
    }

    @Test func psColumns() throws {
        var c = ContainerListing()
        c.id = "9e20aabbccddeeff00112233"
        c.names = ["/web", "/other/alias"]
        c.image = "docker.io/library/busybox:latest"
        c.imageID = "sha256:b233"
        c.command = "sh -c 'echo a very long command line'"
        c.created = 1000
        c.status = "Up 14 seconds"
        c.ports = [PortEntry(ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp"),
                   PortEntry(ip: "", privatePort: 443, publicPort: 0, type: "tcp"),
                   PortEntry(ip: "", privatePort: 444, publicPort: 0, type: "tcp")]
        c.labels = ["b": "2", "a": "1"]
        let row = ContainerListRows.record(c, truncate: true, now: 1014)
        #expect(row["ID"]?.printed == "9e20aabbccdd")
        #expect(row["Names"]?.printed == "web")
        #expect(row["Image"]?.printed == "busybox:latest")
        #expect(row["Command"]?.printed == "\"sh -c 'echo a very …\"")
        #expect(row["RunningFor"]?.printed == "14 seconds ago")
        #expect(row["Ports"]?.printed == "443-444/tcp, 0.0.0.0:8080->80/tcp")
        #expect(row["Labels"]?.printed == "a=1,b=2")
        #expect(try row.methods["Label"]!([.string("b")]).printed == "2")
        #expect(ContainerListRows.format("", quiet: false, size: true).hasSuffix("\t{{.Size}}"))
        #expect(ContainerListRows.format("{{.Names}}", quiet: true, size: false) == "{{.ID}}")
    }
}
