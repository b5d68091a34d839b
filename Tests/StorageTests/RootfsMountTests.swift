import Glibc
import LinuxSupport
import Testing
@testable import Storage

@Suite(.serialized) struct RootfsMountTests {
    @Test func overlayAndVfsShowTheSameTree() throws {
        try withScratch("same-tree") { dir in
            let image = try TestImage.make(in: dir)
            let mounter = RootfsMounter(snapshots: image.store)
            let overlay = try mounter.mount(lowers: image.lowers, upper: dir + "/o/upper", work: dir + "/o/work",
                                            target: dir + "/o/rootfs", driver: .overlay)
            let vfs = try mounter.mount(lowers: image.lowers, upper: dir + "/v/upper", work: dir + "/v/work",
                                        target: dir + "/v/rootfs", driver: .vfs)
            #expect(overlay == .overlay && vfs == .vfs)
            // (The kernel lists only options that differ from its defaults:
            // index=off and friends do not show.)
            #expect(shellOutput("grep ' \(dir)/o/rootfs ' /proc/self/mounts").hasPrefix("overlay \(dir)/o/rootfs overlay "))
            let merged = treeListing(dir + "/o/rootfs")
            #expect(merged.split(separator: "\n").count == 17)
            #expect(merged == treeListing(dir + "/v/rootfs"))
            // What the layers say, seen through the merge.
            #expect(merged.contains("etc/keep2 "))
            #expect(!merged.contains("etc/gone"))
            #expect(!merged.contains("opaque/old") && !merged.contains("opaque/sub"))
            #expect(merged.contains("opaque/new "))
            #expect(merged.contains("dir-to-be/inside "))
            #expect(merged.contains("bin/link 0o120777 0 0") && merged.contains("-> /bin/hard"))
            #expect(merged.contains("bin/tool 0o104755 1234 5678 1600000001 20 2"))
            #expect(merged.contains("etc/conf 0o100600") && merged.contains("user.note=b'two'"))
            #expect(merged.contains("dev/null 0o20666") && merged.contains("pipe 0o10600"))
            try RootfsMounter.unmount(dir + "/o/rootfs")
            try RootfsMounter.unmount(dir + "/v/rootfs")
            // Unmounting what is not mounted is fine.
            try RootfsMounter.unmount(dir + "/v/rootfs")
            try RootfsMounter.unmount(dir + "/nothing-here")
        }
    }

    @Test func vfsRemountKeepsTheContainersChanges() throws {
        try withScratch("vfs-remount") { dir in
            let image = try TestImage.make(in: dir)
            let mounter = RootfsMounter(snapshots: image.store)
            let target = dir + "/rootfs"
            try mounter.mount(lowers: image.lowers, upper: dir + "/upper", work: dir + "/work", target: target, driver: .vfs)
            try SmallFile.write(target + "/etc/added", "mine\n", create: true)
            #expect(unlink(target + "/etc/keep") == 0)
            try RootfsMounter.unmount(target)
            #expect(!SmallFile.exists(target + "/etc/added"))
            try mounter.mount(lowers: image.lowers, upper: dir + "/upper", work: dir + "/work", target: target, driver: .vfs)
            #expect(try SmallFile.read(target + "/etc/added") == "mine\n")
            #expect(!SmallFile.exists(target + "/etc/keep"))
        }
    }

    /// A root filesystem still in use is detached rather than left mounted.
    @Test func aBusyRootIsDetached() throws {
        try withScratch("busy") { dir in
            let store = try SnapshotStore(root: dir + "/snapshots")
            let target = dir + "/rootfs"
            try RootfsMounter(snapshots: store).mount(lowers: [], upper: dir + "/upper", work: dir + "/work", target: target, driver: .overlay)
            let user = try FD.open(target + "/held", O_WRONLY | O_CREAT)
            defer { FD.close(user) }
            try RootfsMounter.unmount(target)
            #expect(!shellOutput("cat /proc/self/mounts").contains(" \(target) "))
        }
    }

    @Test func anInterruptedVfsCopyStartsOver() throws {
        try withScratch("vfs-restart") { dir in
            let image = try TestImage.make(in: dir)
            // What a copy cut short leaves: part of a tree and no marker.
            try Directory.create(dir + "/upper/etc")
            try SmallFile.write(dir + "/upper/etc/half-copied", "x", create: true)
            try Directory.create(dir + "/work")
            let target = dir + "/rootfs"
            try RootfsMounter(snapshots: image.store).mount(lowers: image.lowers, upper: dir + "/upper", work: dir + "/work",
                                                            target: target, driver: .vfs)
            #expect(!SmallFile.exists(target + "/etc/half-copied"))
            #expect(SmallFile.exists(target + "/etc/keep2"))
        }
    }

    @Test(arguments: [RootfsDriverChoice.overlay, .vfs, .automatic])
    func anImageWithoutLayersGetsAnEmptyRoot(driver: RootfsDriverChoice) throws {
        try withScratch("empty-\(driver)") { dir in
            let store = try SnapshotStore(root: dir + "/snapshots")
            let target = dir + "/rootfs"
            let used = try RootfsMounter(snapshots: store).mount(lowers: [], upper: dir + "/upper", work: dir + "/work",
                                                                 target: target, driver: driver)
            #expect(used == (driver == .vfs ? .vfs : .overlay))
            #expect(Directory.entries(target).isEmpty)
            try SmallFile.write(target + "/file", "x", create: true)
            #expect(SmallFile.exists(dir + "/upper/file"))
        }
    }

    @Test func deepAndMissingLayersAreRefused() throws {
        try withScratch("refused") { dir in
            let store = try SnapshotStore(root: dir + "/snapshots")
            let mounter = RootfsMounter(snapshots: store)
            let tooMany = (0...SnapshotStore.maxDepth).map { "sha256:" + String(repeating: "0", count: 61) + String(format3($0)) }
            #expect {
                try mounter.mount(lowers: tooMany, upper: dir + "/u", work: dir + "/w", target: dir + "/r", driver: .overlay)
            } throws: { error in
                if case RootfsError.layer(.maxDepthExceeded(126)) = error { return true }
                return false
            }
            #expect {
                try mounter.mount(lowers: ["sha256:" + String(repeating: "f", count: 64)], upper: dir + "/u", work: dir + "/w",
                                  target: dir + "/r", driver: .vfs)
            } throws: { error in
                if case RootfsError.missingSnapshot = error { return true }
                return false
            }
        }
    }

    /// Lower dirs whose paths together do not fit in a page of mount
    /// options are passed as descriptors.
    @Test func manyLongLowerDirsStillMount() throws {
        try withScratch("long") { dir in
            let store = try SnapshotStore(root: dir + "/snapshots-with-a-rather-long-name-" + String(repeating: "x", count: 60))
            var lowers: [String] = []
            for index in 0..<40 {
                let chainID = "sha256:" + String(repeating: "0", count: 61) + format3(index)
                try store.create(chainID) { (tree) throws(LayerError) in
                    try layerSys { () throws(SystemCallError) in try Directory.create(tree) }
                    try layerSys { () throws(SystemCallError) in try SmallFile.write(tree + "/layer\(index)", "\(index)", create: true) }
                }
                lowers.insert(chainID, at: 0)
            }
            let options = try store.overlayOptions(lowers: lowers, upper: dir + "/upper", work: dir + "/work")
            #expect(options.utf8.count > 4096)
            let target = dir + "/rootfs"
            try RootfsMounter(snapshots: store).mount(lowers: lowers, upper: dir + "/upper", work: dir + "/work", target: target, driver: .overlay)
            #expect(Directory.entries(target).count == 40)
        }
    }
}

func format3(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, 3 - text.count)) + text
}
