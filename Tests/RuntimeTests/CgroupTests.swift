import Glibc
import LinuxSupport
import OCI
import Testing
@testable import Runtime

@Suite struct CgroupV2FileTests {
    @Test func writesTheV2FilesForEachResource() {
        var resources = RuntimeSpec.Resources(memory: .init(limit: 33_554_432, reservation: 16_777_216, swap: 67_108_864),
                                              cpu: .init(shares: 1024, quota: 50_000, period: 100_000, cpus: "0-1", mems: "0"),
                                              pids: .init(limit: 10))
        resources.unified = ["memory.high": "30000000"]
        let files = Dictionary(uniqueKeysWithValues: CgroupV2Driver.files(for: resources))
        #expect(files["memory.max"] == "33554432")
        #expect(files["memory.low"] == "16777216")
        // OCI swap counts memory+swap; v2 counts swap alone.
        #expect(files["memory.swap.max"] == "33554432")
        #expect(files["cpu.max"] == "50000 100000")
        #expect(files["cpu.weight"] == "39")
        #expect(files["cpuset.cpus"] == "0-1")
        #expect(files["pids.max"] == "10")
        #expect(files["memory.high"] == "30000000")
    }

    @Test func unlimitedValuesBecomeMax() {
        let resources = RuntimeSpec.Resources(memory: .init(limit: -1, swap: -1), cpu: .init(quota: -1), pids: .init(limit: 0))
        let files = Dictionary(uniqueKeysWithValues: CgroupV2Driver.files(for: resources))
        #expect(files["memory.max"] == "max")
        #expect(files["memory.swap.max"] == "max")
        #expect(files["cpu.max"] == "max 100000")
        #expect(files["pids.max"] == "max")
    }

    @Test(arguments: [(UInt64(2), UInt64(1)), (1024, 39), (262_144, 10_000), (1, 1), (1_000_000, 10_000)])
    func sharesMapOntoWeight(shares: UInt64, weight: UInt64) {
        #expect(CgroupV2Driver.weight(fromShares: shares) == weight)
    }

    @Test func appliesIntoADirectoryTree() throws {
        // Against a plain directory standing in for a cgroup2 mount: the driver
        // must create the cgroup and write each file it computed.
        let root = "/tmp/berth-unit-cgroup2-\(getpidValue())"
        defer { removeTree(root) }
        // The kernel creates interface files with the directory; stand in for it.
        try Directory.create(root + "/berth/c1")
        try SmallFile.write(root + "/berth/c1/pids.max", "max", create: true)
        let driver = CgroupV2Driver(directory: root + "/berth/c1", mountPoint: root)
        try driver.create(resources: .init(pids: .init(limit: 7)))
        #expect(readFile(root + "/berth/c1/pids.max") == "7")
    }
}

@Suite struct CgroupV1Tests {
    let mountinfo = """
    30 23 0:26 / /sys/fs/cgroup/memory rw,relatime shared:11 - cgroup cgroup rw,memory
    31 23 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct
    32 23 0:28 / /sys/fs/cgroup/systemd rw,relatime shared:13 - cgroup cgroup rw,xattr,name=systemd
    33 23 0:29 / /sys/fs/cgroup/unified rw,relatime shared:14 - cgroup2 cgroup2 rw
    34 23 0:30 / /proc rw - proc proc rw
    """

    @Test func findsV1HierarchiesInMountinfo() {
        let found = CgroupV1Driver.hierarchies(mountinfo: mountinfo).map { "\($0.key)@\($0.mountPoint)" }
        #expect(found == ["memory@/sys/fs/cgroup/memory", "cpu,cpuacct@/sys/fs/cgroup/cpu,cpuacct", "name=systemd@/sys/fs/cgroup/systemd"])
    }

    @Test func readsOwnCgroups() {
        let own = CgroupV1Driver.ownCgroups("4:memory:/a/b\n2:cpu,cpuacct:/\n0::/x\n")
        #expect(own["memory"] == "/a/b")
        #expect(own["cpu,cpuacct"] == "/")
        #expect(own[""] == nil)
    }

    @Test func deviceRuleLines() {
        #expect(DeviceRules.line(.init(allow: false, access: "rwm")) == "a *:* rwm")
        #expect(DeviceRules.line(.init(allow: true, type: "c", major: 1, minor: 3, access: "rwm")) == "c 1:3 rwm")
        #expect(DeviceRules.line(.init(allow: true, type: "c", major: 136, minor: nil, access: "rw")) == "c 136:* rw")
    }
}

/// The v2 driver on a real cgroup2 filesystem: this host's unified hierarchy
/// carries no controllers, but processes, freezing and removal work on it.
@Suite(.enabled(if: getuid() == 0 && Directory.exists("/sys/fs/cgroup/unified")))
struct CgroupV2KernelTests {
    @Test func addsFreezesAndRemovesOnARealCgroup2() throws {
        let mountPoint = "/tmp/berth-unit-cgroup2-mount-\(getpid())"
        try Directory.create(mountPoint)
        try Mount.mount(source: "cgroup2", target: mountPoint, type: "cgroup2")
        defer {
            try? Mount.unmount(mountPoint, detach: true)
            rmdir(mountPoint)
        }
        let driver = CgroupV2Driver(directory: mountPoint + "/berth-unit-\(getpid())", mountPoint: mountPoint)
        try driver.create(resources: nil)
        let child = try Processes.clone()
        if child == 0 {
            while true { pause() }
        }
        defer {
            kill(child, SIGKILL)
            _ = try? Processes.wait(child)
            try? driver.thaw()
            try? driver.destroy()
        }
        try driver.add(pid: child)
        #expect(driver.pids() == [child])
        try driver.freeze()
        #expect(driver.isFrozen)
        try driver.thaw()
        #expect(!driver.isFrozen)
        kill(child, SIGKILL)
        _ = try Processes.wait(child)
        try driver.destroy()
        #expect(!Directory.exists(driver.directory))
    }
}
