import CLISupport
import Testing

@Suite struct ContainerSpecTests {
    static let flags = FlagSet(ContainerFlags.run + ContainerFlags.create + ContainerFlags.shared, interspersed: false)

    func body(_ arguments: [String], consoleSize: (UInt, UInt) = (0, 0), apiVersion: String = "1.50",
              files: [String: String] = [:]) throws -> String {
        let parsed = try Self.flags.parse(arguments)
        let environment = ContainerSpec.Environment(
            readFile: { (path) throws(FlagValueError) in
                guard let content = files[path] else { throw FlagValueError("open \(path): no such file or directory") }
                return Array(content.utf8)
            },
            lookupVariable: { _ in nil }, absolutePath: { "/work/" + $0.dropFirst(2) }, consoleSize: consoleSize, apiVersion: apiVersion)
        let spec = try ContainerSpec.build(parsed, image: parsed.arguments[0], command: Array(parsed.arguments.dropFirst()),
                                           detach: parsed.bool("detach"), environment: environment)
        return String(decoding: spec.requestBody, as: UTF8.self)
    }

    static let endpoint = #"{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}"#

    /// Docker CLI 28's body for `run -it --rm -p 8080:80 -v /tmp:/data -e A=b --memory 64m busybox sh` in a 40x120 terminal.
    @Test func dockersCapturedRunBody() throws {
        let expected = #"{"Hostname":"","Domainname":"","User":"","AttachStdin":true,"AttachStdout":true,"AttachStderr":true,"ExposedPorts":{"80/tcp":{}},"Tty":true,"OpenStdin":true,"StdinOnce":true,"Env":["A=b"],"Cmd":["sh"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":["/tmp:/data"],"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":true,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[40,120],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":67108864,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":"# + Self.endpoint + "}}}\n"
        let actual = try body(["-it", "--rm", "-p", "8080:80", "-v", "/tmp:/data", "-e", "A=b", "--memory", "64m", "busybox", "sh"],
                              consoleSize: (40, 120))
        #expect(actual == expected)
    }

    @Test func unitsAndLimits() throws {
        let text = try body(["--cpus", "0.5", "--ulimit", "nofile=10:20", "--ulimit", "core=0", "--memory-swap", "-1",
                             "--pids-limit", "10", "--shm-size", "1m", "--restart", "on-failure:3", "--init", "--stop-timeout", "5", "img"])
        #expect(text.contains(#""NanoCpus":500000000"#))
        #expect(text.contains(#""Ulimits":[{"Name":"core","Hard":0,"Soft":0},{"Name":"nofile","Hard":20,"Soft":10}]"#))
        #expect(text.contains(#""MemorySwap":-1"#))
        #expect(text.contains(#""PidsLimit":10"#))
        #expect(text.contains(#""ShmSize":1048576"#))
        #expect(text.contains(#""RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}"#))
        #expect(text.contains(#""ReadonlyPaths":null,"Init":true}"#))
        #expect(text.contains(#""Labels":{},"StopTimeout":5,"HostConfig""#))
        #expect(text.contains(#""AttachStdin":false,"AttachStdout":true,"AttachStderr":true"#))
    }

    @Test func detachedAndEnvironmentFiles() throws {
        let text = try body(["-d", "-i", "--env-file", "/e", "-e", "X=1", "-e", "X=2", "--label-file", "/l", "-l", "b=2",
                             "--entrypoint", "", "-v", "./rel:/r", "-v", "/anon", "--tmpfs", "/run:size=1m", "img"],
                            files: ["/e": "# comment\nFROM=file\n", "/l": "a=1\n"])
        #expect(text.contains(#""AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":true,"StdinOnce":false"#))
        #expect(text.contains(#""Env":["FROM=file","X=2"]"#))
        #expect(text.contains(#""Labels":{"a":"1","b":"2"}"#))
        #expect(text.contains(#""Entrypoint":[""]"#))
        #expect(text.contains(#""Binds":["/work/rel:/r"]"#))
        #expect(text.contains(#""Volumes":{"/anon":{}}"#))
        #expect(text.contains(#""Tmpfs":{"/run":"size=1m"}"#))
    }

    @Test func portsAndCapabilities() throws {
        let text = try body(["-p", "127.0.0.1:9000-9001:9000-9001/udp", "--expose", "7000", "--cap-add", "net_admin",
                             "--cap-add", "CAP_CHOWN", "--network", "none", "img"])
        #expect(text.contains(#""ExposedPorts":{"7000/tcp":{},"9000/udp":{},"9001/udp":{}}"#))
        #expect(text.contains(#""PortBindings":{"9000/udp":[{"HostIp":"127.0.0.1","HostPort":"9000"}],"9001/udp":[{"HostIp":"127.0.0.1","HostPort":"9001"}]}"#))
        #expect(text.contains(#""CapAdd":["CAP_CHOWN","CAP_NET_ADMIN"]"#))
        #expect(text.contains(#""NetworkMode":"none""#))
        #expect(text.hasSuffix(#""NetworkingConfig":{"EndpointsConfig":{}}}"# + "\n"))
    }

    @Test func dockersRefusals() throws {
        func message(_ arguments: [String]) -> String? {
            do { _ = try body(arguments); return nil } catch let error as FlagValueError { return error.message } catch { return "\(error)" }
        }
        #expect(message(["--rm", "--restart", "always", "img"]) == "conflicting options: cannot specify both --restart and --rm")
        #expect(message(["--restart", "on-failure:x", "img"]) == "invalid restart policy format: maximum retry count must be an integer")
        #expect(message(["-p", "80:80:80:x", "img"]) == "invalid IP address: 80:80")
        #expect(message(["-p", "8080:x", "img"]) == "invalid containerPort: x")
        #expect(message(["-p", "8080:80/xyz", "img"]) == "invalid proto: xyz")
        #expect(message(["--memory-swappiness", "200", "img"]) == "invalid value: 200. Valid memory swappiness range is 0-100")
        #expect(message(["--security-opt", "foo", "img"]) == "Invalid --security-opt: \"foo\"")
        #expect(message(["--pid", "bogus", "img"]) == "--pid: invalid PID mode")
        #expect(message(["--env-file", "/missing", "img"]) == "open /missing: no such file or directory")
    }
}
