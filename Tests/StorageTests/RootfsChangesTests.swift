import Glibc
import LinuxSupport
import Testing
@testable import Storage

@Suite(.serialized) struct RootfsChangesTests {
    /// The same edits through either driver's mount give Docker's list.
    @Test(arguments: [RootfsDriverChoice.overlay, .vfs])
    func addModifyAndDeleteAreListedLikeDocker(driver: RootfsDriverChoice) throws {
        try withScratch("changes-\(driver)") { dir in
            let image = try TestImage.make(in: dir)
            let target = dir + "/rootfs"
            let used = try RootfsMounter(snapshots: image.store).mount(
                lowers: image.lowers, upper: dir + "/upper", work: dir + "/work", target: target, driver: driver)
            let nothing = try RootfsChanges.list(snapshots: image.store, lowers: image.lowers, upper: dir + "/upper", driver: used)
            #expect(nothing.isEmpty)
            let edits = """
                set -e; cd \(target)
                echo new > etc/new; ln etc/new etc/new-link
                echo more >> etc/keep
                rm bin/tool
                mkdir -p newtop/sub; echo deep > newtop/sub/file
                rm -rf newdir
                rm -rf opaque; mkdir opaque; chmod 755 opaque
                chmod 700 dir-to-be
                """
            #expect(system(edits) == 0)
            let changes = try RootfsChanges.list(snapshots: image.store, lowers: image.lowers, upper: dir + "/upper", driver: used)
            #expect(changes.map(\.description) == [
                "C /bin", "D /bin/tool",
                "C /dir-to-be",
                "C /etc", "C /etc/keep", "A /etc/new", "A /etc/new-link",
                "D /newdir",
                "A /newtop", "A /newtop/sub", "A /newtop/sub/file",
                "C /opaque", "D /opaque/new",
            ])
        }
    }

    /// A vfs container's changes as a layer: unpacked and stacked on the
    /// image, it gives back the container's tree.
    @Test func vfsDiffRoundTrips() throws {
        try withScratch("vfs-diff") { dir in
            let image = try TestImage.make(in: dir)
            let mounter = RootfsMounter(snapshots: image.store)
            let target = dir + "/rootfs"
            try mounter.mount(lowers: image.lowers, upper: dir + "/upper", work: dir + "/work", target: target, driver: .vfs)
            let edits = """
                set -e; cd \(target)
                echo new > etc/new; ln etc/new etc/new-link; chmod 4711 etc/new
                echo more >> etc/keep
                rm bin/tool; ln -sf /etc/new bin/link
                mkdir -p newtop/sub; echo deep > newtop/sub/file; chown 5:6 newtop/sub/file
                rm -rf newdir opaque/new dev/null
                mkfifo newtop/fifo
                """
            #expect(system(edits) == 0)
            let tar = dir + "/diff.tar"
            let fd = try FD.open(tar, O_WRONLY | O_CREAT | O_TRUNC)
            let (diffID, size) = try RootfsDiff.write(snapshots: image.store, lowers: image.lowers, upper: dir + "/upper", driver: .vfs, to: fd)
            FD.close(fd)
            #expect(size > 0)
            let names = shellOutput("tar -tf \(tar)")
            #expect(names.contains("bin/.wh.tool\n") && names.contains("newdir/\n") == false && names.contains(".wh.newdir\n"))
            let chainID = "sha256:" + String(repeating: "d", count: 64)
            try image.store.create(chainID) { (tree) throws(LayerError) in
                let result = try LayerUnpacker.unpack(file: tar, into: tree)
                #expect(result.diffID == diffID)
            }
            let rebuilt = dir + "/rebuilt"
            try mounter.mount(lowers: [chainID] + image.lowers, upper: dir + "/rebuilt-upper", work: dir + "/rebuilt-work",
                              target: rebuilt, driver: .overlay)
            let expected = treeListing(target, linkCounts: false)
            #expect(expected.contains("newtop/fifo"))
            #expect(treeListing(rebuilt, linkCounts: false) == expected)
            // The hard link added in the container is one in the layer too.
            let new = try #require(fileStat(rebuilt + "/etc/new"))
            let link = try #require(fileStat(rebuilt + "/etc/new-link"))
            #expect(new.st_ino == link.st_ino)
        }
    }

    @Test func overlayDiffIsTheUpperDir() throws {
        try withScratch("overlay-diff") { dir in
            let image = try TestImage.make(in: dir)
            let target = dir + "/rootfs"
            try RootfsMounter(snapshots: image.store).mount(lowers: image.lowers, upper: dir + "/upper", work: dir + "/work",
                                                            target: target, driver: .overlay)
            #expect(system("rm \(target)/etc/keep && echo x > \(target)/x") == 0)
            let fd = try FD.open(dir + "/diff.tar", O_WRONLY | O_CREAT | O_TRUNC)
            _ = try RootfsDiff.write(snapshots: image.store, lowers: image.lowers, upper: dir + "/upper", driver: .overlay, to: fd)
            FD.close(fd)
            let names = shellOutput("tar -tf \(dir)/diff.tar")
            #expect(names.contains("etc/.wh.keep\n") && names.contains("x\n"))
        }
    }
}
