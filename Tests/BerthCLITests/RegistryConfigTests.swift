import CLISupport
import Glibc
import Testing

/// config.json as docker reads and writes it: logins stored and removed,
/// everything else kept, the file replaced atomically.
@Suite struct RegistryConfigTests {
    static let dockerWritten = """
        {
        \t"auths": {
        \t\t"127.0.0.1:5000": {
        \t\t\t"auth": "YWxpY2U6czNjcj90Pn4="
        \t\t}
        \t}
        }
        """

    @Test func newLoginIsWrittenAsDockerWritesIt() throws {
        var config = DockerConfigFile(path: "/x/config.json")
        let stored = config.store(RegistryAuthConfig(username: "alice", password: "s3cr?t>~", serverAddress: "127.0.0.1:5000"))
        #expect(stored)
        #expect(String(decoding: config.contents, as: UTF8.self) == Self.dockerWritten)
        // The same login again changes nothing, so the file is not rewritten.
        let storedAgain = config.store(RegistryAuthConfig(username: "alice", password: "s3cr?t>~", serverAddress: "127.0.0.1:5000"))
        #expect(!storedAgain)
    }

    @Test func unknownKeysSurviveARoundTrip() throws {
        let original = #"""
            {"psFormat": "table {{.ID}}", "auths": {"b.example:5000": {"auth": "Ym9iOnB3", "x-extra": [1, 2.50, true]}},
             "credHelpers": {"gcr.io": "gcloud"}, "proxies": {"default": {"httpProxy": "http://p:3128"}},
             "plugins": {}, "features": {"hooks": "<&>"}}
            """#
        var config = try DockerConfigFile(path: "/x/config.json", contents: Array(original.utf8))
        let storedAlice = config.store(RegistryAuthConfig(username: "alice", password: "pw", serverAddress: "a.example"))
        #expect(storedAlice)
        let storedCarol = config.store(RegistryAuthConfig(username: "carol", password: "pw", serverAddress: "c.example"))
        #expect(storedCarol)
        let reread = try DockerConfigFile(path: "/x/config.json", contents: config.contents)
        let document = try JSONDocument.parse(reread.contents)
        guard case .object(let members) = document else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["psFormat", "auths", "credHelpers", "proxies", "plugins", "features"])
        #expect(document["psFormat"] == .string("table {{.ID}}"))
        #expect(document["proxies"]?["default"]?["httpProxy"] == .string("http://p:3128"))
        #expect(document["features"]?["hooks"] == .string("<&>"))
        // Numbers as written; the other login's own extra field untouched.
        #expect(document["auths"]?["b.example:5000"]?["x-extra"] == .array([.number("1"), .number("2.50"), .bool(true)]))
        // New logins go where Go's sorted map would put them.
        guard case .object(let auths)? = document["auths"] else { Issue.record("no auths"); return }
        #expect(auths.map(\.0) == ["a.example", "b.example:5000", "c.example"])
        #expect(reread.credentials(forKey: "b.example:5000") == RegistryAuthConfig(username: "bob", password: "pw", serverAddress: "b.example:5000"))
        // Go's encoder escapes HTML characters in what it writes.
        #expect(String(decoding: reread.contents, as: UTF8.self).contains(#""hooks": "\u003c\u0026\u003e""#))
    }

    @Test func logoutLeavesAnEmptyAuthsObject() throws {
        var config = try DockerConfigFile(path: "/x/config.json", contents: Array(Self.dockerWritten.utf8))
        let erasedOther = config.erase("other:5000")
        #expect(!erasedOther)
        let erased = config.erase("127.0.0.1:5000")
        #expect(erased)
        #expect(String(decoding: config.contents, as: UTF8.self) == "{\n\t\"auths\": {}\n}")
        #expect(String(decoding: DockerConfigFile(path: "/x/config.json").contents, as: UTF8.self) == "{\n\t\"auths\": {}\n}")
    }

    @Test func identityTokenReplacesThePassword() throws {
        var config = DockerConfigFile(path: "/x/config.json")
        _ = config.store(RegistryAuthConfig(username: "alice", serverAddress: "r.example", identityToken: "tok"))
        let document = try JSONDocument.parse(config.contents)
        #expect(document["auths"]?["r.example"]?["auth"] == .string("YWxpY2U6"))
        #expect(document["auths"]?["r.example"]?["identitytoken"] == .string("tok"))
        let stored = try DockerConfigFile(path: "/x/config.json", contents: config.contents).credentials(forKey: "r.example")
        #expect(stored == RegistryAuthConfig(username: "alice", serverAddress: "r.example", identityToken: "tok"))
    }

    @Test func legacyKeysAreFoundByHostname() throws {
        let text = #"{"auths":{"https://127.0.0.1:5000/v2/":{"auth":"Ym9iOnB3"},"https://index.docker.io/v1/":{"auth":"YWxpY2U6"}}}"#
        let config = try DockerConfigFile(path: "/x/config.json", contents: Array(text.utf8))
        #expect(config.credentials(forKey: "127.0.0.1:5000")?.username == "bob")
        #expect(config.credentials(forKey: "127.0.0.1:5000")?.serverAddress == "https://127.0.0.1:5000/v2/")
        #expect(config.credentials(forKey: RegistryHostname.dockerHubKey)?.username == "alice")
        #expect(config.credentials(forKey: "127.0.0.1:5001") == nil)
    }

    @Test func brokenFilesAreRefusedWithDockersWords() {
        #expect(throws: DockerConfigError.malformed(path: "/c.json", reason: "illegal base64 data at input byte 4")) {
            try DockerConfigFile(path: "/c.json", contents: Array(#"{"auths":{"h":{"auth":"Ym9i!"}}}"#.utf8))
        }
        #expect(throws: DockerConfigError.malformed(path: "/c.json", reason: "Invalid auth configuration file")) {
            try DockerConfigFile(path: "/c.json", contents: Array(#"{"auths":{"h":{"auth":"Ym9i"}}}"#.utf8))
        }
        #expect(throws: DockerConfigError.self) { try DockerConfigFile(path: "/c.json", contents: Array("[1]".utf8)) }
        #expect(throws: DockerConfigError.self) { try DockerConfigFile(path: "/c.json", contents: Array("{".utf8)) }
        // An empty file is an empty configuration.
        #expect((try? DockerConfigFile(path: "/c.json", contents: Array(" \n".utf8)))?.loggedInServers == [])
    }

    @Test func theDirectoryComesFromTheFlagThenTheEnvironment() {
        let environment = ["HOME": "/home/u", "DOCKER_CONFIG": "/d", "BERTH_CONFIG": "/b"]
        #expect(DockerConfigStorage.directory(flag: "/f", environment: { environment[$0] }) == "/f")
        #expect(DockerConfigStorage.directory(flag: nil, environment: { environment[$0] }) == "/b")
        #expect(DockerConfigStorage.directory(flag: nil, environment: { ["HOME": "/home/u", "DOCKER_CONFIG": "/d"][$0] }) == "/d")
        #expect(DockerConfigStorage.directory(flag: nil, environment: { ["HOME": "/home/u"][$0] }) == "/home/u/.docker")
    }

    @Test func savingReplacesTheFileAtomicallyWithPrivateModes() throws {
        var template = Array("/tmp/berth-config-test-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { Issue.record("mkdtemp failed"); return }
        let root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { _ = system("rm -rf '\(root)'") }
        let directory = root + "/nested/.docker"

        var config = try DockerConfigStorage.load(directory: directory)
        #expect(config.loggedInServers.isEmpty)
        _ = config.store(RegistryAuthConfig(username: "alice", password: "s3cr?t>~", serverAddress: "127.0.0.1:5000"))
        try DockerConfigStorage.save(config)
        var info = stat()
        #expect(stat(directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(directory + "/config.json", &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try DockerConfigStorage.load(directory: directory).contents == Array(Self.dockerWritten.utf8))
        // Only config.json is left: the temporary file was renamed over it.
        #expect(try entries(directory) == ["config.json"])

        // A symlinked config.json is replaced at its target, and the link stays.
        #expect(rename(directory + "/config.json", root + "/real.json") == 0)
        #expect(symlink(root + "/real.json", directory + "/config.json") == 0)
        var linked = try DockerConfigStorage.load(directory: directory)
        let erasedThroughLink = linked.erase("127.0.0.1:5000")
        #expect(erasedThroughLink)
        try DockerConfigStorage.save(linked)
        #expect(lstat(directory + "/config.json", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(try DockerConfigStorage.load(directory: root + "/nested/.docker").loggedInServers.isEmpty)
        #expect(try DockerConfigFile(path: "", contents: readAll(root + "/real.json")).loggedInServers.isEmpty)
    }

    func entries(_ directory: String) throws -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func readAll(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { return out }
            out += buffer[..<count]
        }
    }
}

/// What `X-Registry-Auth` and `POST /auth` carry.
@Suite struct RegistryAuthHeaderTests {
    @Test func headerIsBase64URLOfGoOrderedJSON() {
        let login = RegistryAuthConfig(username: "alice", password: "s3cr?t>~", serverAddress: "127.0.0.1:5000")
        #expect(login.json == #"{"username":"alice","password":"s3cr?t\u003e~","serveraddress":"127.0.0.1:5000"}"#)
        #expect(login.headerValue
            == "eyJ1c2VybmFtZSI6ImFsaWNlIiwicGFzc3dvcmQiOiJzM2NyP3RcdTAwM2V-Iiwic2VydmVyYWRkcmVzcyI6IjEyNy4wLjAuMTo1MDAwIn0=")
        #expect(login.loginBody == Array((login.json + "\n").utf8))
        // Anonymous is `{}`.
        #expect(RegistryAuthConfig().headerValue == "e30=")
        #expect(RegistryAuthConfig(username: "u", serverAddress: "h", identityToken: "t").json
            == #"{"username":"u","serveraddress":"h","identitytoken":"t"}"#)
    }

    @Test func theLoginIsChosenByTheImagesRegistry() throws {
        let text = #"{"auths":{"https://index.docker.io/v1/":{"auth":"YWxpY2U6czNjcj90Pn4="},"127.0.0.1:5000":{"auth":"Ym9iOnB3"}}}"#
        let config = try DockerConfigFile(path: "/x/config.json", contents: Array(text.utf8))
        let hub = try ImageReference.parseNormalized("busybox")
        #expect(RegistryAuthHeader.credentials(forDomain: hub.domain, in: config)
            == RegistryAuthConfig(username: "alice", password: "s3cr?t>~", serverAddress: "https://index.docker.io/v1/"))
        let local = try ImageReference.parseNormalized("127.0.0.1:5000/x/bb:v1")
        #expect(RegistryAuthHeader.value(for: local, in: config)
            == RegistryAuthConfig(username: "bob", password: "pw", serverAddress: "127.0.0.1:5000").headerValue)
        let other = try ImageReference.parseNormalized("localhost:5001/x")
        #expect(RegistryAuthHeader.value(for: other, in: config) == "e30=")
        #expect(RegistryAuthHeader.value(forSearchTerm: "127.0.0.1:5000/bb", in: config)
            == RegistryAuthHeader.value(for: local, in: config))
        #expect(RegistryAuthHeader.value(forSearchTerm: "busybox", in: config) == RegistryAuthHeader.value(for: hub, in: config))
    }

    @Test func registryNames() {
        #expect(RegistryHostname.configKey(forDomain: "docker.io") == "https://index.docker.io/v1/")
        #expect(RegistryHostname.configKey(forDomain: "index.docker.io") == "https://index.docker.io/v1/")
        #expect(RegistryHostname.configKey(forDomain: "127.0.0.1:5000") == "127.0.0.1:5000")
        #expect(RegistryHostname.configKey(forSearchTerm: "library/busybox") == "https://index.docker.io/v1/")
        #expect(RegistryHostname.configKey(forSearchTerm: "localhost/x") == "localhost")
        #expect(RegistryHostname.hostname("https://127.0.0.1:5000/v2/") == "127.0.0.1:5000")
        #expect(RegistryHostname.hostname("http://reg.example") == "reg.example")
        #expect(RegistryHostname.hostname("reg.example:443/path") == "reg.example:443")
        #expect(RegistryHostname.hostname("https://[::1]/") == "::1")
        #expect(RegistryHostname.hostname("https://[::1]:5000") == "[::1]:5000")
    }

    @Test func base64BothWays() throws {
        #expect(Base64.encode("alice:s3cr?t>~") == "YWxpY2U6czNjcj90Pn4=")
        #expect(Base64.encode([0xFB, 0xFF], .url) == "-_8=")
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
        #expect(try Base64.decode("YWxpY2U6czNjcj90Pn4=") == Array("alice:s3cr?t>~".utf8))
        #expect(try Base64.decode("-_8", .url) == [0xFB, 0xFF])
        #expect(throws: Base64.CorruptInput(offset: 0)) { try Base64.decode("-_8=") }
    }

    @Test func pushPlatformsAsContainerdParsesThem() throws {
        #expect(try PlatformSpecifier(parsing: "linux/amd64").json == #"{"architecture":"amd64","os":"linux"}"#)
        #expect(try PlatformSpecifier(parsing: "Linux/x86_64") == PlatformSpecifier(os: "linux", architecture: "amd64"))
        #expect(try PlatformSpecifier(parsing: "linux/arm") == PlatformSpecifier(os: "linux", architecture: "arm"))
        #expect(try PlatformSpecifier(parsing: "linux/arm/7") == PlatformSpecifier(os: "linux", architecture: "arm", variant: "v7"))
        #expect(try PlatformSpecifier(parsing: "linux/arm64/v8").json == #"{"architecture":"arm64","os":"linux","variant":"v8"}"#)
        #expect(try PlatformSpecifier(parsing: "arm64") == PlatformSpecifier(os: "linux", architecture: "arm64"))
        #expect(throws: FlagValueError(#""a/b/c/d": cannot parse platform specifier: invalid argument"#)) {
            try PlatformSpecifier(parsing: "a/b/c/d")
        }
        #expect(throws: FlagValueError(#""nope": unknown operating system or architecture: invalid argument"#)) {
            try PlatformSpecifier(parsing: "nope")
        }
    }
}

/// `search`'s table and formats, as docker's formatter_search_test has them.
@Suite struct SearchRowsTests {
    let results = [
        SearchListing(name: "result1", description: "Official build", starCount: 5000, isOfficial: true),
        SearchListing(name: "result2", description: "Not official", starCount: 5, isOfficial: false),
    ]

    /// What FormatRenderer does with a `table` format: the header, then each row, through the tabwriter.
    func table(_ format: String, _ rows: [TemplateValue]) throws -> String {
        let body = String(format.dropFirst("table ".count)).replacingOccurrences("\\t", "\t")
        let template = try Template(body)
        var header = body
        for (field, title) in SearchRows.headers { header = header.replacingOccurrences("{{.\(field)}}", title) }
        var text = header + "\n"
        for row in rows { text += try template.execute(row) + "\n" }
        return TabWriter.table.format(text)
    }

    @Test func defaultTableMatchesDockersGoldenFile() throws {
        let rows = SearchRows.rows(results, truncate: true)
        #expect(try table(SearchRows.format(""), rows) == """
            NAME      DESCRIPTION      STARS     OFFICIAL
            result1   Official build   5000      [OK]
            result2   Not official     5         \("")

            """)
        #expect(SearchRows.format("table") == SearchRows.format(""))
    }

    @Test func jsonAndCustomFormats() throws {
        let rows = SearchRows.rows(results, truncate: true)
        #expect(try rows.map { try Template("{{json .}}").execute($0) } == [
            #"{"Description":"Official build","IsOfficial":"true","Name":"result1","StarCount":"5000"}"#,
            #"{"Description":"Not official","IsOfficial":"false","Name":"result2","StarCount":"5"}"#,
        ])
        #expect(try rows.map { try Template("{{.Name}} {{.StarCount}}").execute($0) } == ["result1 5000", "result2 5"])
    }

    @Test func descriptionsAreOneLineAndCutAt45Columns() throws {
        let long = SearchListing(name: "n", description: "line one\r\nline two and a good deal more text than fits here",
                                 starCount: 0, isOfficial: false)
        let cut = try Template("{{.Description}}").execute(SearchRows.rows([long], truncate: true)[0])
        #expect(cut == "line one  line two and a good deal more text…")
        #expect(cut.count == 45)
        let whole = try Template("{{.Description}}").execute(SearchRows.rows([long], truncate: false)[0])
        #expect(whole == "line one  line two and a good deal more text than fits here")
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
