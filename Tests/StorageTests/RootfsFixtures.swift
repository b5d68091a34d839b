import Glibc
import LinuxSupport
import Testing
@testable import Storage

/// A three-layer image in a snapshot store, built from tars written by
/// Python's tarfile and unpacked by `LayerUnpacker`: files with owners,
/// setuid, xattrs, hard links, symlinks, a device node and a fifo; then
/// deletions, an opaque directory and a file turned into a directory.
struct TestImage {
    let store: SnapshotStore
    /// Chain IDs, top-most first.
    let lowers: [String]

    static let layers = [
        """
        add('bin', type=tarfile.DIRTYPE, mode=0o755, mtime=1600000000)
        add('bin/tool', b'#!/bin/sh\\necho tool\\n', mode=0o4755, uid=1234, gid=5678, mtime=1600000001)
        add('bin/hard', type=tarfile.LNKTYPE, linkname='bin/tool')
        add('bin/link', type=tarfile.SYMTYPE, linkname='tool', mtime=1600000002)
        add('etc', type=tarfile.DIRTYPE, mode=0o755, mtime=1600000003)
        add('etc/keep', b'keep\\n', mtime=1600000004)
        add('etc/gone', b'gone\\n')
        add('etc/conf', b'v1\\n', pax_headers={'SCHILY.xattr.user.note': 'one'})
        add('opaque', type=tarfile.DIRTYPE, mode=0o750, uid=7, gid=8, mtime=1600000005)
        add('opaque/old', b'old\\n')
        add('opaque/sub', type=tarfile.DIRTYPE, mode=0o755)
        add('opaque/sub/older', b'older\\n')
        add('dev', type=tarfile.DIRTYPE, mode=0o755)
        add('dev/null', type=tarfile.CHRTYPE, devmajor=1, devminor=3, mode=0o666)
        add('pipe', type=tarfile.FIFOTYPE, mode=0o600)
        add('dir-to-be', b'a file first\\n')
        """,
        """
        add('etc', type=tarfile.DIRTYPE, mode=0o755, mtime=1600000010)
        add('etc/.wh.gone')
        add('etc/conf', b'v2\\n', mode=0o600, mtime=1600000011, pax_headers={'SCHILY.xattr.user.note': 'two'})
        add('opaque', type=tarfile.DIRTYPE, mode=0o755, mtime=1600000012)
        add('opaque/.wh..wh..opq')
        add('opaque/new', b'new\\n', mtime=1600000013)
        add('newdir', type=tarfile.DIRTYPE, mode=0o755)
        add('newdir/file', b'file\\n')
        add('bin', type=tarfile.DIRTYPE, mode=0o755, mtime=1600000014)
        add('bin/link', type=tarfile.SYMTYPE, linkname='/bin/hard')
        """,
        """
        add('dir-to-be', type=tarfile.DIRTYPE, mode=0o711, mtime=1600000020)
        add('dir-to-be/inside', b'inside\\n', uid=42, gid=43)
        add('etc', type=tarfile.DIRTYPE, mode=0o755, mtime=1600000021)
        add('etc/keep2', b'keep2\\n')
        """,
    ]

    static func make(in directory: String) throws -> TestImage {
        let store = try SnapshotStore(root: directory + "/snapshots")
        var lowers: [String] = []
        for (index, body) in layers.enumerated() {
            let tar = directory + "/layer\(index).tar"
            try makeTar(tar, body)
            let chainID = "sha256:" + String(repeating: String(index), count: 64)
            try store.create(chainID) { (tree) throws(LayerError) in _ = try LayerUnpacker.unpack(file: tar, into: tree) }
            lowers.insert(chainID, at: 0)
        }
        return TestImage(store: store, lowers: lowers)
    }
}

/// Every entry of a tree with what must survive a copy: type, mode, owner,
/// size, device, link target, hard link count, mtime (whole seconds, as tar
/// keeps them), content digest and xattrs (overlay's own left out).
/// Directory sizes and link counts depend on the file system, not the
/// content, and are left out too; so are file link counts, when asked:
/// overlay shows a lower file's own count, whatever the layers above did.
func treeListing(_ root: String, linkCounts: Bool = true) -> String {
    let script = """
    import hashlib, os, stat, sys
    root = sys.argv[1]
    lines = []
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(base, name)
            info = os.lstat(path)
            kind = stat.S_IFMT(info.st_mode)
            line = [os.path.relpath(path, root), oct(info.st_mode), str(info.st_uid), str(info.st_gid), str(int(info.st_mtime))]
            if kind != stat.S_IFDIR:
                line += [str(info.st_size), str(info.st_nlink) if \(linkCounts ? "True" : "False") else '-', str(info.st_rdev)]
            if kind == stat.S_IFLNK:
                line.append('-> ' + os.readlink(path))
            elif kind == stat.S_IFREG:
                line.append(hashlib.sha256(open(path, 'rb').read()).hexdigest()[:12])
            try:
                names = sorted(n for n in os.listxattr(path, follow_symlinks=False) if not n.startswith('trusted.overlay.'))
                line += [n + '=' + repr(os.getxattr(path, n, follow_symlinks=False)) for n in names]
            except OSError:
                pass
            lines.append(' '.join(line))
    print('\\n'.join(sorted(lines)))
    """
    let scriptPath = "/tmp/berthtest-listing-\(getpid()).py"
    try? SmallFile.write(scriptPath, script, create: true)
    defer { unlink(scriptPath) }
    return shellOutput("python3 \(scriptPath) \(root)")
}

func shellOutput(_ command: String) -> String {
    let output = "/tmp/berthtest-output-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer { unlink(output) }
    _ = system("\(command) > \(output) 2>&1")
    return (try? SmallFile.read(output)) ?? ""
}

/// A scratch directory whose mounts are undone and files removed when the
/// body ends, thrown error or not.
func withScratch(_ name: String, _ body: (String) throws -> Void) throws {
    let directory = scratchDirectory(name)
    try Directory.create(directory)
    defer {
        // Mounts first (deepest first), so removal never reaches into a layer through one.
        let mounts = shellOutput("awk '{print $2}' /proc/self/mounts | grep '^\(directory)/' | sort -r")
        for target in mounts.split(separator: "\n") { try? RootfsMounter.unmount(String(target)) }
        Directory.removeTree(directory)
    }
    try body(directory)
}
