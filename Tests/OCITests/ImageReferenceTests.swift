import Testing
@testable import OCI

@Suite struct ImageReferenceTests {
    static let hex = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa"
    static let digest = "sha256:" + hex

    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var domain: String
        var path: String
        var tag: String? = nil
        var digest: String? = nil
        var familiar: String
        var full: String
        var testDescription: String { input }
    }

    static let valid: [Case] = [
        Case(input: "busybox", domain: "docker.io", path: "library/busybox", familiar: "busybox", full: "docker.io/library/busybox"),
        Case(input: "busybox:latest", domain: "docker.io", path: "library/busybox", tag: "latest",
             familiar: "busybox:latest", full: "docker.io/library/busybox:latest"),
        Case(input: "user/app:v1", domain: "docker.io", path: "user/app", tag: "v1", familiar: "user/app:v1", full: "docker.io/user/app:v1"),
        Case(input: "localhost:5000/a/b:tag", domain: "localhost:5000", path: "a/b", tag: "tag",
             familiar: "localhost:5000/a/b:tag", full: "localhost:5000/a/b:tag"),
        Case(input: "registry.example.com/x", domain: "registry.example.com", path: "x",
             familiar: "registry.example.com/x", full: "registry.example.com/x"),
        Case(input: "busybox@" + digest, domain: "docker.io", path: "library/busybox", digest: digest,
             familiar: "busybox@" + digest, full: "docker.io/library/busybox@" + digest),
        Case(input: "busybox:1.36@" + digest, domain: "docker.io", path: "library/busybox", tag: "1.36", digest: digest,
             familiar: "busybox:1.36@" + digest, full: "docker.io/library/busybox:1.36@" + digest),
        Case(input: "index.docker.io/library/busybox", domain: "docker.io", path: "library/busybox",
             familiar: "busybox", full: "docker.io/library/busybox"),
        Case(input: "index.docker.io/busybox:1", domain: "docker.io", path: "library/busybox", tag: "1",
             familiar: "busybox:1", full: "docker.io/library/busybox:1"),
        Case(input: "docker.io/busybox", domain: "docker.io", path: "library/busybox", familiar: "busybox", full: "docker.io/library/busybox"),
        Case(input: "library/busybox", domain: "docker.io", path: "library/busybox", familiar: "busybox", full: "docker.io/library/busybox"),
        Case(input: "docker.io/user/app", domain: "docker.io", path: "user/app", familiar: "user/app", full: "docker.io/user/app"),
        // "library/" is dropped only for one-component official names.
        Case(input: "library/distros/ubuntu", domain: "docker.io", path: "library/distros/ubuntu",
             familiar: "library/distros/ubuntu", full: "docker.io/library/distros/ubuntu"),
        Case(input: "[::1]:5000/x", domain: "[::1]:5000", path: "x", familiar: "[::1]:5000/x", full: "[::1]:5000/x"),
        Case(input: "[2001:db8::1]/ns/x:v", domain: "[2001:db8::1]", path: "ns/x", tag: "v",
             familiar: "[2001:db8::1]/ns/x:v", full: "[2001:db8::1]/ns/x:v"),
        Case(input: "127.0.0.1:5000/ns/app", domain: "127.0.0.1:5000", path: "ns/app",
             familiar: "127.0.0.1:5000/ns/app", full: "127.0.0.1:5000/ns/app"),
        Case(input: "localhost/app", domain: "localhost", path: "app", familiar: "localhost/app", full: "localhost/app"),
        Case(input: "myhost:5000/app", domain: "myhost:5000", path: "app", familiar: "myhost:5000/app", full: "myhost:5000/app"),
        // Capitals make the first component a domain (a path may not have them), as in Docker.
        Case(input: "Registry.Example.com/app", domain: "Registry.Example.com", path: "app",
             familiar: "Registry.Example.com/app", full: "Registry.Example.com/app"),
        // With no "/", "localhost:5000" is the image "localhost" tagged "5000": Docker reads it so too.
        Case(input: "localhost:5000", domain: "docker.io", path: "library/localhost", tag: "5000",
             familiar: "localhost:5000", full: "docker.io/library/localhost:5000"),
        // Separators: one ".", one or two "_", any number of "-"; tags may have capitals.
        Case(input: "a__b/c--d.e_f:Tag_1.0-rc", domain: "docker.io", path: "a__b/c--d.e_f", tag: "Tag_1.0-rc",
             familiar: "a__b/c--d.e_f:Tag_1.0-rc", full: "docker.io/a__b/c--d.e_f:Tag_1.0-rc"),
        Case(input: "x:_", domain: "docker.io", path: "library/x", tag: "_", familiar: "x:_", full: "docker.io/library/x:_"),
    ]

    @Test(arguments: valid)
    func parses(_ example: Case) throws {
        let reference = try ImageReference.parse(example.input)
        #expect(reference.domain == example.domain)
        #expect(reference.path == example.path)
        #expect(reference.tag == example.tag)
        #expect(reference.digest?.description == example.digest)
        #expect(reference.familiarString == example.familiar)
        #expect(reference.description == example.full)
        #expect(reference.repository == example.domain + "/" + example.path)
        // Both printed forms parse back to the same reference.
        #expect(try ImageReference.parse(reference.familiarString) == reference)
        #expect(try ImageReference.parse(reference.description) == reference)
    }

    @Test func familiarRepository() throws {
        #expect(try ImageReference.parse("busybox:1").familiarRepository == "busybox")
        #expect(try ImageReference.parse("user/app").familiarRepository == "user/app")
        #expect(try ImageReference.parse("localhost:5000/a/b:tag").familiarRepository == "localhost:5000/a/b")
    }

    static let upperDigest: String = "sha256:" + hex.uppercased()
    static let longDigest: String = digest + "00"
    static let invalid: [(String, ReferenceError)] = [
        ("Busybox", .uppercase("library/Busybox")),
        ("user/App:v1", .uppercase("user/App")),
        ("localhost:5000/Foo", .uppercase("Foo")),
        ("Busybox@" + digest, .uppercase("library/Busybox")),
        ("", .invalidFormat),
        ("a//b", .invalidFormat),
        ("a/", .invalidFormat),
        ("/a", .invalidFormat),
        ("-a", .invalidFormat),
        ("a-", .invalidFormat),
        ("a..b", .invalidFormat),
        ("a._b", .invalidFormat),
        ("a___b", .invalidFormat),
        ("a:", .invalidFormat),
        (":tag", .invalidFormat),
        ("a:-tag", .invalidFormat),
        ("a:.tag", .invalidFormat),
        ("a:b:c", .invalidFormat),
        ("a:" + String(repeating: "t", count: 129), .invalidFormat),
        ("a b", .invalidFormat),
        ("a@", .invalidFormat),
        ("a@sha256:abc", .invalidFormat),
        ("a@sha256", .invalidFormat),
        ("a@" + hex, .invalidFormat),
        ("::1/x", .invalidFormat),
        ("[::1/x", .invalidFormat),
        ("[::1]x/y", .invalidFormat),
        ("[]:5000/x", .invalidFormat),
        ("example.com:/x", .invalidFormat),
        ("example.com:50a/x", .invalidFormat),
        ("-example.com/x", .invalidFormat),
        ("example..com/x", .invalidFormat),
        // Docker would take this as a domain-less path; a "." makes the first
        // component a registry here, and "_" is not allowed in a host name.
        ("foo_bar.com/x", .invalidFormat),
        (hex, .hexID(hex)),
        (String(repeating: "a", count: 256), .nameTooLong),
        ("example.com/" + String(repeating: "a", count: 256), .nameTooLong),
        ("a@" + upperDigest, .invalidDigest(.invalidDigestHex(upperDigest))),
        ("a@" + longDigest, .invalidDigest(.invalidDigestLength(digest: longDigest, expected: 64))),
        ("a@md5:d41d8cd98f00b204e9800998ecf8427e", .invalidDigest(.unsupportedDigestAlgorithm("md5"))),
    ]

    @Test(arguments: invalid)
    func refuses(input: String, expected: ReferenceError) {
        #expect(throws: expected) { try ImageReference.parse(input) }
    }

    @Test func lengthLimitCountsThePathOnly() throws {
        // 255 is the most Docker allows in the path ("library/" included).
        let longest = String(repeating: "a", count: 255 - "library/".count)
        #expect(try ImageReference.parse(longest).path.count == 255)
        #expect(try ImageReference.parse("registry.example.com:5000/" + String(repeating: "b", count: 255)).path.count == 255)
    }

    @Test func messagesAreDockers() {
        #expect(ReferenceError.invalidFormat.description == "invalid reference format")
        #expect(ReferenceError.uppercase("library/Busybox").description
            == "invalid reference format: repository name (library/Busybox) must be lowercase")
        #expect(ReferenceError.hexID(Self.hex).description
            == "invalid repository name (\(Self.hex)), cannot specify 64-byte hexadecimal strings")
        #expect(ReferenceError.nameTooLong.description == "repository name must not be more than 255 characters")
        #expect(ReferenceError.invalidTag("-x").description.hasPrefix("invalid tag format"))
    }

    @Test func defaultTag() throws {
        #expect(try ImageReference.parse("busybox").withDefaultTag().description == "docker.io/library/busybox:latest")
        #expect(try ImageReference.parse("busybox").withDefaultTag().familiarString == "busybox:latest")
        #expect(try ImageReference.parse("busybox:1.36").withDefaultTag().tag == "1.36")
        // Pinned by digest: no tag is invented.
        let pinned = try ImageReference.parse("busybox@" + Self.digest)
        #expect(pinned.withDefaultTag() == pinned)
    }

    @Test func retagging() throws {
        let reference = try ImageReference.parse("localhost:5000/a/b:old@" + Self.digest)
        let retagged = try reference.with(tag: "new")
        #expect(retagged.familiarString == "localhost:5000/a/b:new@" + Self.digest)
        #expect(throws: ReferenceError.invalidTag(".bad")) { try reference.with(tag: ".bad") }
        #expect(throws: ReferenceError.invalidTag("")) { try reference.with(tag: "") }
        #expect(reference.withoutTagOrDigest.description == "localhost:5000/a/b")
        let pinned = try ImageReference.parse("busybox:1").with(digest: try Digest(parsing: Self.digest))
        #expect(pinned.familiarString == "busybox:1@" + Self.digest)
    }

    static let tagCases: [(String, Bool)] = [
        ("latest", true), ("1.36.1-glibc", true), ("_x", true), ("V1", true), (String(repeating: "a", count: 128), true),
        ("", false), (".x", false), ("-x", false), ("a/b", false), ("a:b", false), ("a@b", false), ("é", false),
        (String(repeating: "a", count: 129), false),
    ]

    @Test(arguments: tagCases)
    func tags(tag: String, valid: Bool) {
        #expect(ImageReference.isValidTag(tag) == valid)
    }

    @Test func equalAfterNormalisation() throws {
        let forms = ["busybox", "library/busybox", "docker.io/busybox", "docker.io/library/busybox", "index.docker.io/busybox"]
        let references = try forms.map { try ImageReference.parse($0) }
        #expect(Set(references).count == 1)
    }
}
