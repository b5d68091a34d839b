import Glibc
import LinuxSupport
import Testing
@testable import Storage

/// A container tree with the symlinks an attacker would plant, and a canary
/// beside it that nothing may read through or write to.
private func withContainer(_ name: String, _ body: (_ root: String, _ scratch: String) throws -> Void) throws {
    try withScratch("files-\(name)") { dir in
        let setup = """
            set -e; cd \(dir)
            echo canary > canary; mkdir outside; echo secret > outside/secret
            mkdir -p root/etc/dir root/tmp/d root/dev
            printf 'root:x:0:0::/root:/bin/sh\\n' > root/etc/passwd; touch -d @1600000000.5 root/etc/passwd
            echo file > root/etc/dir/file; chmod 755 root/etc
            ln -s /etc/passwd root/etc/link; ln -s /etc root/dirlink
            ln -s / root/escape; ln -s ../../.. root/up; ln -s /outside/secret root/tmp/steal
            touch root/tmp/f; echo x > root/setuid; chmod 4755 root/setuid; mkfifo root/fifo
            mknod root/dev/null c 1 3; chmod 666 root/dev/null
            """
        #expect(system(setup) == 0)
        try body(dir + "/root", dir)
        #expect(try SmallFile.read(dir + "/canary") == "canary\n")
        #expect(try SmallFile.read(dir + "/outside/secret") == "secret\n")
        #expect(Directory.entries(dir + "/outside") == ["secret"])
    }
}

/// Member names and types of a tar, as Python's tarfile reads them
/// (directory names without their trailing slash).
private func tarMembers(_ path: String) -> [String] {
    let script = "import sys, tarfile\nfor m in tarfile.open(sys.argv[1]): print(m.name, m.type.decode(), m.linkname)"
    let scriptPath = path + ".py"
    try? SmallFile.write(scriptPath, script, create: true)
    defer { unlink(scriptPath) }
    return shellOutput("python3 \(scriptPath) \(path)").split(separator: "\n").map { $0.trimmingSuffix(" ") }
}

private extension Substring {
    func trimmingSuffix(_ character: Character) -> String {
        var text = String(self)
        while text.last == character { text.removeLast() }
        return text
    }
}

private func archive(_ root: String, _ path: String, _ tar: String) throws -> PathStat {
    let fd = try FD.open(tar, O_WRONLY | O_CREAT | O_TRUNC)
    defer { FD.close(fd) }
    return try ContainerArchive.archive(root: root, path: path, to: fd)
}

private func extract(_ root: String, _ path: String, _ tar: String, noOverwriteDirNonDir: Bool = true,
                     ownership: ExtractOwnership = .root) throws {
    let fd = try FD.open(tar, O_RDONLY)
    defer { FD.close(fd) }
    try ContainerArchive.extract(root: root, path: path, from: fd, noOverwriteDirNonDir: noOverwriteDirNonDir, ownership: ownership)
}

private func isNotFound(_ error: any Error) -> Bool {
    if case RootfsError.notFound = error { return true }
    return false
}

@Suite(.serialized) struct ContainerArchiveTests {
    @Test func statGivesGoFileModesAndTimes() throws {
        try withContainer("stat") { root, _ in
            let passwd = try ContainerArchive.stat(root: root, path: "/etc/passwd")
            #expect(passwd == PathStat(name: "passwd", size: 26, mode: 0o644, mtime: "2020-09-13T12:26:40.5Z", linkTarget: ""))
            func stat(_ path: String) throws -> PathStat { try ContainerArchive.stat(root: root, path: path) }
            let etc = try stat("etc"), slash = try stat("/etc/"), dot = try stat("/etc/."), top = try stat("/")
            #expect(etc.mode == 2147484141 && slash.name == "etc" && dot.name == "." && top.name == "/")
            let link = try stat("/etc/link")
            #expect(link.mode == 0x8000000 | 0o777 && link.linkTarget == "/etc/passwd" && link.size == 11)
            let followed = try stat("/dirlink/")
            #expect(followed.mode & 0x80000000 != 0)
            let setuid = try stat("/setuid")
            #expect(setuid.mode == 0x800000 | 0o755)
            let fifo = try stat("/fifo")
            #expect(fifo.mode & 0x2000000 != 0)
            let device = try stat("/dev/null")
            #expect(device.mode == 0x4000000 | 0x200000 | 0o666)
            #expect { try ContainerArchive.stat(root: root, path: "/nope") } throws: { isNotFound($0) }
        }
    }

    @Test func statNeverLeavesTheRoot() throws {
        try withContainer("stat-escape") { root, _ in
            func stat(_ path: String) throws -> PathStat { try ContainerArchive.stat(root: root, path: path) }
            let escape = try stat("/escape"), up = try stat("/up"), steal = try stat("/tmp/steal")
            #expect(escape.linkTarget == "/" && up.linkTarget == "/" && steal.linkTarget == "/outside/secret")
            // Through the planted links, the container's own files are found, the host's are not.
            let throughEscape = try stat("/escape/etc/passwd"), throughUp = try stat("/up/etc/passwd")
            #expect(throughEscape.size == 26 && throughUp.size == 26)
            for path in ["/escape/canary", "/up/canary", "/up/outside/secret", "/tmp/steal/", "/../canary", "/escape/../../canary"] {
                #expect(throws: (any Error).self) { try ContainerArchive.stat(root: root, path: path) }
            }
        }
    }

    @Test func archiveNamesEntriesAsDocker() throws {
        try withContainer("archive") { root, dir in
            let tar = dir + "/out.tar"
            let stat = try archive(root, "/etc", tar)
            #expect(stat.name == "etc" && stat.mode == 2147484141)
            #expect(tarMembers(tar) == ["etc 5", "etc/dir 5", "etc/dir/file 0", "etc/link 2 /etc/passwd", "etc/passwd 0"])
            _ = try archive(root, "/etc/.", tar)
            #expect(tarMembers(tar) == [". 5", "./dir 5", "./dir/file 0", "./link 2 /etc/passwd", "./passwd 0"])
            _ = try archive(root, "etc/passwd", tar)
            #expect(tarMembers(tar) == ["passwd 0"])
            #expect(shellOutput("tar -xOf \(tar)") == "root:x:0:0::/root:/bin/sh\n")
            _ = try archive(root, "/etc/link", tar)
            #expect(tarMembers(tar) == ["link 2 /etc/passwd"])
            _ = try archive(root, "/dirlink/", tar)
            #expect(tarMembers(tar).first == "dirlink 5" && tarMembers(tar).contains("dirlink/passwd 0"))
            _ = try archive(root, "/", tar)
            #expect(tarMembers(tar).contains("/etc/passwd 0"))
            #expect { try archive(root, "/nope", tar) } throws: { isNotFound($0) }
        }
    }

    @Test func archiveNeverLeavesTheRoot() throws {
        try withContainer("archive-escape") { root, dir in
            let tar = dir + "/out.tar"
            for path in ["/escape/", "/up/", "/escape/.", "/up/../../."] {
                _ = try archive(root, path, tar)
                let members = tarMembers(tar)
                #expect(members.contains { $0.hasSuffix("etc/passwd 0") }, "\(path)")
                let names = members.map { $0.split(separator: " ")[0] }
                #expect(!names.contains { $0.contains("canary") || $0.contains("outside") }, "\(path)")
            }
            // A planted link is archived as the link, not what it names.
            _ = try archive(root, "/tmp/steal", tar)
            #expect(tarMembers(tar) == ["steal 2 /outside/secret"])
            _ = try archive(root, "/escape/etc/passwd", tar)
            #expect(shellOutput("tar -xOf \(tar)") == "root:x:0:0::/root:/bin/sh\n")
            #expect { try archive(root, "/up/canary", tar) } throws: { isNotFound($0) }
        }
    }

    @Test func extractWritesWhereTheContainerWould() throws {
        try withContainer("extract") { root, dir in
            let tar = dir + "/in.tar"
            try makeTar(tar, """
                add('a/b/file', b'deep', uid=1000, gid=1000)
                add('top', b'top', mode=0o4755, uid=1000, gid=1000)
                add('link', type=tarfile.SYMTYPE, linkname='/etc/passwd')
                add('/abs/file', b'absolute')
                add('hard', type=tarfile.LNKTYPE, linkname='top')
                """, compression: "gz")
            try extract(root, "/tmp", tar)
            #expect(try SmallFile.read(root + "/tmp/a/b/file") == "deep")
            #expect(try SmallFile.read(root + "/tmp/abs/file") == "absolute")
            let top = try #require(fileStat(root + "/tmp/top"))
            #expect(top.st_uid == 0 && top.st_gid == 0 && top.st_mode & 0o7777 == 0o4755 && top.st_nlink == 2)
            #expect(fileStat(root + "/tmp/a")?.st_mode ?? 0 & 0o777 == S_IFDIR | 0o755)
            try extract(root, "/tmp", tar, ownership: .archive)
            #expect(fileStat(root + "/tmp/top")?.st_uid == 1000)
            try extract(root, "/tmp", tar, ownership: .fixed(uid: 7, gid: 8))
            #expect(fileStat(root + "/tmp/a/b/file")?.st_gid == 8)
            // Through symlinks to directories, the last one included.
            try extract(root, "/dirlink", tar)
            #expect(SmallFile.exists(root + "/etc/a/b/file"))
            try extract(root, "/escape", tar)
            #expect(SmallFile.exists(root + "/top") && !SmallFile.exists(dir + "/top") && !SmallFile.exists("/top"))
            try extract(root, "/up/tmp/d", tar)
            #expect(SmallFile.exists(root + "/tmp/d/top"))
            #expect { try extract(root, "/etc/passwd", tar) } throws: { error in
                if case RootfsError.notADirectory = error { return true }
                return false
            }
            #expect { try extract(root, "/nope", tar) } throws: { isNotFound($0) }
        }
    }

    @Test(arguments: [
        "add('../escaped', b'x')",
        "add('a/../../escaped', b'x')",
        "add('h', type=tarfile.LNKTYPE, linkname='../../canary')",
    ]) func extractRefusesNamesAboveTheDestination(body: String) throws {
        try withContainer("extract-refused-\(abs(body.hashValue))") { root, dir in
            let tar = dir + "/in.tar"
            try makeTar(tar, body)
            #expect { try extract(root, "/tmp", tar) } throws: { error in
                if case RootfsError.entryRefused = error { return true }
                return false
            }
            #expect(!SmallFile.exists(root + "/escaped") && !SmallFile.exists(dir + "/escaped"))
        }
    }

    @Test func extractNeverWritesThroughAPlantedSymlink() throws {
        try withContainer("extract-escape") { root, dir in
            let tar = dir + "/in.tar"
            try makeTar(tar, """
                add('evil', type=tarfile.SYMTYPE, linkname='/')
                add('evil/owned', b'x')
                add('climb', type=tarfile.SYMTYPE, linkname='../../../..')
                add('climb/canary', b'overwritten')
                add('climb/outside/secret', b'overwritten')
                add('escape/pwned', b'x')
                add('up/pwned2', b'x')
                add('steal', b'replaced, not written through')
                """)
            try extract(root, "/tmp", tar, noOverwriteDirNonDir: false)
            // Each lands inside the root, where the container would have put it.
            #expect(SmallFile.exists(root + "/owned") && SmallFile.exists(root + "/canary"))
            #expect(try SmallFile.read(root + "/outside/secret") == "overwritten")
            #expect(SmallFile.exists(root + "/tmp/escape/pwned") && SmallFile.exists(root + "/tmp/up/pwned2"))
            #expect(try SmallFile.read(root + "/tmp/steal") == "replaced, not written through")
            try extract(root, "/", tar, noOverwriteDirNonDir: false)
            #expect(SmallFile.exists(root + "/pwned") && !SmallFile.exists("/pwned") && !SmallFile.exists(dir + "/pwned"))
            #expect(!SmallFile.exists(dir + "/owned") && !SmallFile.exists("/owned"))
        }
    }

    @Test func extractKeepsDirectoriesAndFilesApartWhenAsked() throws {
        try withContainer("extract-overwrite") { root, dir in
            let fileOverDirectory = dir + "/file-over-dir.tar"
            try makeTar(fileOverDirectory, "add('d', b'file now')")
            #expect { try extract(root, "/tmp", fileOverDirectory) } throws: { error in
                if case RootfsError.overwriteRefused(_, _, true) = error { return true }
                return false
            }
            let directoryOverFile = dir + "/dir-over-file.tar"
            try makeTar(directoryOverFile, "add('f', type=tarfile.DIRTYPE, mode=0o755)")
            #expect { try extract(root, "/tmp", directoryOverFile) } throws: { error in
                if case RootfsError.overwriteRefused(_, _, false) = error { return true }
                return false
            }
            try extract(root, "/tmp", fileOverDirectory, noOverwriteDirNonDir: false)
            try extract(root, "/tmp", directoryOverFile, noOverwriteDirNonDir: false)
            #expect(try SmallFile.read(root + "/tmp/d") == "file now")
            #expect(Directory.exists(root + "/tmp/f"))
        }
    }

    @Test func exportIsTheMountedTree() throws {
        try withScratch("export") { dir in
            let image = try TestImage.make(in: dir)
            let target = dir + "/rootfs"
            try RootfsMounter(snapshots: image.store).mount(lowers: image.lowers, upper: dir + "/upper", work: dir + "/work",
                                                            target: target, driver: .overlay)
            #expect(system("rm \(target)/etc/keep; ln -s / \(target)/escape") == 0)
            let fd = try FD.open(dir + "/export.tar", O_WRONLY | O_CREAT | O_TRUNC)
            try ContainerArchive.export(root: target, to: fd)
            FD.close(fd)
            let members = tarMembers(dir + "/export.tar")
            #expect(members.first == "bin 5")
            #expect(members.contains("escape 2 /") && members.contains("opaque/new 0") && members.contains("bin/tool 1 bin/hard"))
            #expect(!members.contains { $0.hasPrefix("etc/keep ") || $0.hasPrefix("./") || $0.hasPrefix("/") || $0.contains("snapshots") })
            let names = Set(members.map { String($0.split(separator: " ")[0]) })
            let listed = Set(treeListing(target).split(separator: "\n").map { String($0.split(separator: " ")[0]) })
            #expect(names == listed)
        }
    }
}
