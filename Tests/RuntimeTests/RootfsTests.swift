import Glibc
import LinuxSupport
import Testing
@testable import Runtime

@Suite struct MountOptionTests {
    @Test func splitsFlagsPropagationAndData() {
        let options = MountOptions(["nosuid", "noexec", "rbind", "ro", "rslave", "mode=755", "size=65536k"])
        #expect(options.flags == [.noSuid, .noExec, .bind, .recursive, .readOnly])
        #expect(options.propagation == [.slave, .recursive])
        #expect(options.data == ["mode=755", "size=65536k"])
        #expect(options.isBind)
        #expect(options.remountFlags == [.noSuid, .noExec, .readOnly])
    }

    @Test func laterOptionsWin() {
        #expect(MountOptions(["ro", "rw"]).flags == [])
        #expect(MountOptions(["nosuid", "suid"]).flags == [])
    }

    @Test func defaultRootfsPropagationIsRecursiveSlave() {
        #expect(MountOptions.propagation(named: nil) == [.slave, .recursive])
        #expect(MountOptions.propagation(named: "rprivate") == [.private, .recursive])
        #expect(MountOptions.propagation(named: "bogus") == nil)
    }
}

@Suite struct SecurePathTests {
    @Test func symlinksStayInsideTheRoot() throws {
        let root = "/tmp/berth-unit-securepath-\(getpidValue())"
        defer { removeTree(root) }
        mkdir(root, 0o755)
        mkdir(root + "/real", 0o755)
        symlink("/etc", root + "/abs")          // absolute: must resolve inside the root
        symlink("../../../..", root + "/up")     // climbing: clamped at the root
        symlink("real", root + "/rel")
        #expect(try SecurePath.resolve(root: root, "/abs/passwd") == root + "/etc/passwd")
        #expect(try SecurePath.resolve(root: root, "/up/etc") == root + "/etc")
        #expect(try SecurePath.resolve(root: root, "/rel/x") == root + "/real/x")
        #expect(try SecurePath.resolve(root: root, "/../../x") == root + "/x")
    }

    @Test func symlinkLoopsEndInAnError() {
        let root = "/tmp/berth-unit-loop-\(getpidValue())"
        defer { removeTree(root) }
        mkdir(root, 0o755)
        symlink("b", root + "/a")
        symlink("a", root + "/b")
        #expect(throws: RuntimeError.self) { try SecurePath.resolve(root: root, "/a") }
    }
}

func getpidValue() -> Int32 { getpid() }
func removeTree(_ path: String) { Directory.removeTree(path) }
func readFile(_ path: String) -> String? { try? SmallFile.read(path) }
