import Glibc
import LinuxSupport
import OCI
import Testing
@testable import Storage

/// A fresh directory under /tmp, removed by the caller.
func scratchDirectory(_ name: String) -> String {
    let path = "/tmp/berthtest-unit-\(name)-\(getpid())"
    Directory.removeTree(path)
    return path
}

@Suite struct ContentStoreTests {
    @Test func blobsAreContentAddressedAndVerified() throws {
        let root = scratchDirectory("content")
        defer { Directory.removeTree(root) }
        let store = try ContentStore(root: root)
        let digest = try store.write(Array("hello".utf8))
        #expect(digest.description == "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(try store.read(digest) == Array("hello".utf8))
        // A wrong expected digest publishes nothing and leaves no ingest file.
        let wrong = try Digest(sha256Hex: String(repeating: "0", count: 64))
        #expect(throws: StorageError.self) { try store.write(Array("other".utf8), expected: wrong) }
        #expect(store.list() == [digest])
        #expect(Directory.entries(root + "/ingest").isEmpty)
    }

    @Test func reopeningSweepsUnfinishedIngests() throws {
        let root = scratchDirectory("ingest")
        defer { Directory.removeTree(root) }
        let store = try ContentStore(root: root)
        let writer = try store.ingest()
        try writer.write(Array("partial".utf8))
        #expect(Directory.entries(root + "/ingest").count == 1)
        // A crash here: the writer never commits; the next open sweeps it.
        _ = try ContentStore(root: root)
        #expect(Directory.entries(root + "/ingest").isEmpty)
        writer.abort()
    }
}

@Suite struct ChainIDTests {
    @Test func chainIDsFollowTheSpec() throws {
        let a = "sha256:" + String(repeating: "a", count: 64)
        let b = "sha256:" + String(repeating: "b", count: 64)
        let chain = ChainID.compute([a, b])
        #expect(chain[0] == a)
        // sha256("sha256:aaa… sha256:bbb…"), computed with sha256sum.
        #expect(chain[1] == SHA256Digester.digest(Array((a + " " + b).utf8)).description)
    }
}

@Suite struct SnapshotStoreTests {
    @Test func createIsAtomicAndSweptAfterACrash() throws {
        let root = scratchDirectory("snapshots")
        defer { Directory.removeTree(root) }
        let store = try SnapshotStore(root: root)
        let id = "sha256:" + String(repeating: "c", count: 64)
        #expect(throws: LayerError.self) {
            try store.create(id) { (path) throws(LayerError) in
                try layerSys { () throws(SystemCallError) in try Directory.create(path) }
                throw LayerError.corrupt("failing on purpose")
            }
        }
        #expect(!store.exists(id))
        #expect(Directory.entries(root).isEmpty)
        try Directory.create(root + "/tmp-leftover/fs")
        _ = try SnapshotStore(root: root)
        #expect(Directory.entries(root).isEmpty)
    }

    @Test func moreThanMaxDepthLayersIsRefused() throws {
        let root = scratchDirectory("depth")
        defer { Directory.removeTree(root) }
        let store = try SnapshotStore(root: root)
        let lowers = (0...SnapshotStore.maxDepth).map { "sha256:" + String(repeating: "d", count: 63) + String($0 % 10) }
        #expect(lowers.count == 126)
        do {
            _ = try store.overlayOptions(lowers: lowers, upper: "/u", work: "/w")
            Issue.record("126 layers were accepted")
        } catch {
            #expect("\(error)".contains("max depth exceeded"))
        }
    }
}
