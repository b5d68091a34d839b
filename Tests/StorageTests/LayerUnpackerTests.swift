import Glibc
import LinuxSupport
import OCI
import Testing
@testable import Storage

/// Layers written by Python's tarfile: an independent tar writer.
func makeTar(_ path: String, _ body: String, compression: String = "") throws {
    let script = """
    import io, sys, tarfile
    with tarfile.open(sys.argv[1], "w\(compression.isEmpty ? "" : ":" + compression)", format=tarfile.PAX_FORMAT) as tar:
        def add(name, data=b"", **attrs):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            for key, value in attrs.items():
                setattr(info, key, value)
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    \(body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    """
    let scriptPath = path + ".py"
    try SmallFile.write(scriptPath, script, create: true)
    defer { unlink(scriptPath) }
    #expect(system("python3 \(scriptPath) \(path)") == 0)
}

func fileStat(_ path: String) -> stat? {
    var info = stat()
    return lstat(path, &info) == 0 ? info : nil
}

@Suite struct LayerUnpackerTests {
    @Test(arguments: ["", "gz"]) func keepsMetadataAndComputesTheDiffID(compression: String) throws {
        let dir = scratchDirectory("unpack\(compression)")
        defer { Directory.removeTree(dir) }
        try Directory.create(dir)
        try makeTar(dir + "/layer.tar", """
            add('bin', type=tarfile.DIRTYPE, mode=0o755)
            add('bin/tool', b'#!/bin/sh\\n', mode=0o4755, uid=1234, gid=5678)
            add('bin/link', type=tarfile.SYMTYPE, linkname='tool')
            add('bin/hard', type=tarfile.LNKTYPE, linkname='bin/tool')
            add('dev/null', type=tarfile.CHRTYPE, devmajor=1, devminor=3, mode=0o666)
            add('etc/.wh.gone')
            add('opaque/.wh..wh..opq')
            """, compression: compression)
        let result = try LayerUnpacker.unpack(file: dir + "/layer.tar", into: dir + "/fs")
        let tool = try #require(fileStat(dir + "/fs/bin/tool"))
        #expect(tool.st_mode & 0o7777 == 0o4755)
        #expect(tool.st_uid == 1234 && tool.st_gid == 5678)
        #expect(tool.st_nlink == 2)
        #expect((fileStat(dir + "/fs/bin/link")?.st_mode ?? 0) & S_IFMT == S_IFLNK)
        let device = try #require(fileStat(dir + "/fs/dev/null"))
        #expect(device.st_mode & S_IFMT == S_IFCHR && device.st_rdev == EntryWriter.makeDevice(1, 3))
        let whiteout = try #require(fileStat(dir + "/fs/etc/gone"))
        #expect(whiteout.st_mode & S_IFMT == S_IFCHR && whiteout.st_rdev == 0)
        // The diff ID is the sha256 of the uncompressed tar.
        if compression == "gz" { #expect(system("gunzip -c \(dir)/layer.tar > \(dir)/plain.tar") == 0) }
        let plain = compression == "gz" ? dir + "/plain.tar" : dir + "/layer.tar"
        let fd = try FD.open(plain, O_RDONLY)
        defer { FD.close(fd) }
        #expect(result.diffID == SHA256Digester.digest(try FD.readToEnd(fd)).description)
    }

    @Test(arguments: [
        "add('../escape', b'x')",
        "add('link', type=tarfile.SYMTYPE, linkname='/tmp'); add('link/escape', b'x')",
        "add('h', type=tarfile.LNKTYPE, linkname='../../etc/passwd')",
        "add('.wh..')",
    ]) func refusesEscapesAndLeavesNothing(body: String) throws {
        let dir = scratchDirectory("evil\(abs(body.hashValue))")
        defer { Directory.removeTree(dir) }
        try Directory.create(dir)
        try makeTar(dir + "/layer.tar", body)
        #expect(throws: LayerError.self) { try LayerUnpacker.unpack(file: dir + "/layer.tar", into: dir + "/fs") }
        #expect(!SmallFile.exists(dir + "/fs"))
        #expect(!SmallFile.exists("/tmp/escape"))
    }

    /// A later entry of the same name replaces a directory with a file.
    @Test func aFileReplacesADirectoryOfTheSameLayer() throws {
        let dir = scratchDirectory("replace-dir")
        defer { Directory.removeTree(dir) }
        try Directory.create(dir)
        try makeTar(dir + "/layer.tar", """
            add('a', type=tarfile.DIRTYPE, mode=0o755)
            add('a/x', b'x')
            add('a', b'now a file')
            """)
        _ = try LayerUnpacker.unpack(file: dir + "/layer.tar", into: dir + "/fs")
        #expect(try SmallFile.read(dir + "/fs/a") == "now a file")
    }
}
