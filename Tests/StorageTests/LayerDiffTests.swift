import Glibc
import LinuxSupport
import Testing
@testable import Storage

@Suite struct LayerDiffTests {
    /// Changes made through a real overlay mount come back as Docker's
    /// whiteouts, and unpacking them on top gives the same merged tree.
    @Test func upperDirRoundTripsThroughALayer() throws {
        let dir = scratchDirectory("diff")
        defer {
            _ = system("umount \(dir)/merged \(dir)/check 2>/dev/null")
            Directory.removeTree(dir)
        }
        let setup = """
            set -e; cd \(dir); mkdir -p lower/etc lower/d upper work merged check
            echo keep > lower/etc/keep; echo gone > lower/etc/gone; echo old > lower/d/old
            mount -t overlay overlay -o lowerdir=lower,upperdir=upper,workdir=work merged
            rm merged/etc/gone; rm -rf merged/d; mkdir merged/d; echo new > merged/d/new
            echo added > merged/added; ln merged/added merged/added-link; chmod 4750 merged/added
            umount merged
            """
        try Directory.create(dir)
        #expect(system(setup) == 0)
        let fd = try FD.open(dir + "/diff.tar", O_WRONLY | O_CREAT | O_TRUNC)
        let (diffID, size) = try LayerDiff.write(upperDirectory: dir + "/upper", to: fd)
        FD.close(fd)
        #expect(size > 0)
        #expect(system("tar -tf \(dir)/diff.tar | grep -qx 'etc/.wh.gone'") == 0)
        #expect(system("tar -tf \(dir)/diff.tar | grep -qx 'd/.wh..wh..opq'") == 0)
        let result = try LayerUnpacker.unpack(file: dir + "/diff.tar", into: dir + "/layer")
        #expect(result.diffID == diffID)
        #expect(system("mount -t overlay overlay -o ro,lowerdir=\(dir)/layer:\(dir)/lower \(dir)/check") == 0)
        #expect(SmallFile.exists(dir + "/check/etc/keep"))
        #expect(!SmallFile.exists(dir + "/check/etc/gone"))
        #expect(!SmallFile.exists(dir + "/check/d/old"))
        #expect(try SmallFile.read(dir + "/check/d/new") == "new\n")
        var info = stat()
        #expect(lstat(dir + "/check/added", &info) == 0 && info.st_mode & 0o7777 == 0o4750 && info.st_nlink == 2)
    }
}
