import CLISupport
import Testing

@Suite struct CopyPathTests {
    @Test func dockersSplitOfCopyArguments() {
        #expect(CopyPaths.splitArgument("web:/etc/motd") == ("web", "/etc/motd"))
        #expect(CopyPaths.splitArgument("/abs:path") == ("", "/abs:path"))
        #expect(CopyPaths.splitArgument("./c:d") == ("", "./c:d"))
        #expect(CopyPaths.splitArgument("plain") == ("", "plain"))
    }

    @Test func trailingDotsAndSlashesSurvive() {
        #expect(CopyPaths.resolveLocal("dir/.", workingDirectory: "/w") == "/w/dir/.")
        #expect(CopyPaths.resolveLocal("dir/", workingDirectory: "/w") == "/w/dir/")
        #expect(CopyPaths.resolveLocal("../x", workingDirectory: "/w/y") == "/w/x")
        #expect(CopyPaths.splitDirEntry("/a/b/.") == ("/a/b", "."))
        #expect(CopyPaths.splitDirEntry("/a/b/") == ("/a", "b"))
        #expect(CopyPaths.splitDirEntry("file") == (".", "file"))
    }

    @Test func whereACopyLands() throws {
        let file = CopyPaths.Info(path: "/etc/motd", exists: true)
        let dir = CopyPaths.Info(path: "/data/dir", exists: true, isDirectory: true)
        #expect(try CopyPaths.plan(source: file, destination: CopyPaths.Info(path: "/out", exists: true, isDirectory: true))
            == CopyPaths.Plan(directory: "/out", rebase: nil))
        #expect(try CopyPaths.plan(source: file, destination: CopyPaths.Info(path: "/out/new"))
            == CopyPaths.Plan(directory: "/out", rebase: CopyPaths.Rename(old: "motd", new: "new")))
        #expect(try CopyPaths.plan(source: dir, destination: CopyPaths.Info(path: "/out/copy"))
            == CopyPaths.Plan(directory: "/out", rebase: CopyPaths.Rename(old: "dir", new: "copy")))
        #expect(throws: CopyPaths.PlanError.cannotCopyDirectory) {
            try CopyPaths.plan(source: dir, destination: CopyPaths.Info(path: "/out/file", exists: true))
        }
        #expect(throws: CopyPaths.PlanError.noSuchDirectory) {
            try CopyPaths.plan(source: file, destination: CopyPaths.Info(path: "/out/missing/"))
        }
        // Docker renames the first occurrence anywhere in the name.
        #expect(CopyPaths.Rename(old: ".", new: "t3").apply("./a.txt") == "t3/a.txt")
        #expect(CopyPaths.Rename(old: "/", new: "x").apply("etc/motd") == "xetc/motd")
    }

    @Test func portLinesSortNaturally() {
        #expect(["8080/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:443", "80/tcp -> [::]:80"].sorted(by: NaturalOrder.less)
            == ["80/tcp -> [::]:80", "443/tcp -> 0.0.0.0:443", "8080/tcp -> 0.0.0.0:8080"])
    }
}
