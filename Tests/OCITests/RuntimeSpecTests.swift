import Testing
@testable import OCI

@Suite struct RuntimeSpecTests {
    /// A config.json in the shape Docker writes, trimmed: fields Berth does not
    /// model (seccomp, apparmor) must survive and not break decoding.
    let dockerStyle = """
    {"ociVersion":"1.0.2-dev","process":{"user":{"uid":0,"gid":0,"additionalGids":[10]},"args":["sh"],
     "env":["PATH=/bin"],"cwd":"/","capabilities":{"bounding":["CAP_CHOWN"],"effective":["CAP_CHOWN"],
     "permitted":["CAP_CHOWN"]},"apparmorProfile":"docker-default","oomScoreAdj":0},
     "root":{"path":"/var/lib/docker/overlay2/x/merged"},"hostname":"abc",
     "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]}],
     "hooks":{"prestart":[{"path":"/usr/bin/dockerd","args":["libnetwork-setkey","-exec-root=/var/run/docker","abc","123"]}]},
     "linux":{"resources":{"devices":[{"allow":false,"access":"rwm"}],"memory":{"limit":33554432,"swap":67108864},
     "cpu":{"shares":0,"quota":50000,"period":100000},"pids":{"limit":10},"blockIO":{"weight":0}},
     "cgroupsPath":"/docker/abc","namespaces":[{"type":"mount"},{"type":"network","path":"/var/run/docker/netns/x"}],
     "seccomp":{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]},
     "maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]}}
    """

    @Test func decodesWhatDockerSends() throws {
        let spec = try JSON.decode(RuntimeSpec.self, from: Array(dockerStyle.utf8))
        #expect(spec.process?.user.additionalGids == [10])
        #expect(spec.process?.apparmorProfile == "docker-default")
        #expect(spec.linux?.resources?.memory?.limit == 33_554_432)
        #expect(spec.linux?.resources?.pids?.limit == 10)
        #expect(spec.linux?.namespaces?.last?.path == "/var/run/docker/netns/x")
        #expect(spec.hooks?.prestart?.first?.args?.first == "libnetwork-setkey")
        guard case .object(let seccomp)? = spec.linux?.seccomp else {
            Issue.record("seccomp not kept")
            return
        }
        #expect(seccomp["defaultAction"] == .string("SCMP_ACT_ERRNO"))
    }

    @Test func roundTripsWithoutLoss() throws {
        let spec = try JSON.decode(RuntimeSpec.self, from: Array(dockerStyle.utf8))
        let again = try JSON.decode(RuntimeSpec.self, from: try JSON.encode(spec))
        #expect(again == spec)
    }

    @Test func rejectsAMissingRequiredField() {
        #expect(throws: (any Error).self) {
            try JSON.decode(RuntimeSpec.self, from: Array(#"{"process":{"cwd":"/"}}"#.utf8))
        }
    }

    @Test func stateHasTheFieldsContainerdReads() throws {
        let state = ContainerState(id: "c1", status: .running, pid: 42, bundle: "/b", rootfs: "/b/rootfs",
                                   created: "2026-01-01T00:00:00.000000000Z", annotations: nil)
        let text = try JSON.string(state)
        for key in ["\"ociVersion\"", "\"id\":\"c1\"", "\"status\":\"running\"", "\"pid\":42", "\"bundle\":\"/b\"", "\"created\""] {
            #expect(text.contains(key), "missing \(key) in \(text)")
        }
    }
}
