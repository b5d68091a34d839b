import CLISupport
import EngineClient
import Testing

@Suite struct JSONTests {
    @Test func parseKeepsOrderAndNumberText() throws {
        let document = try JSONDocument.parse(#" {"z":1.50,"a":[true,null,"\u00e9\ud83d\ude00"]} "#)
        #expect(JSONWriter.compact(document) == #"{"z":1.50,"a":[true,null,"é😀"]}"#)
        #expect(document["z"] == .number("1.50"))
        #expect(throws: JSONSyntaxError.self) { try JSONDocument.parse("{\"a\":}") }
        #expect(throws: JSONSyntaxError.self) { try JSONDocument.parse("[1] x") }
    }

    @Test func indentLikeGoJSONIndent() {
        let raw = Array(#"[{"Id":"x","Env":[],"M":{},"L":[1,2],"S":"a, b: {c}"}"#.utf8) + [0x0A] + Array("]".utf8)
        let expected = """
        [
            {
                "Id": "x",
                "Env": [],
                "M": {},
                "L": [
                    1,
                    2
                ],
                "S": "a, b: {c}"
            }
        ]
        """
        #expect(String(decoding: JSONWriter.indent(raw), as: UTF8.self) == expected)
        #expect(String(decoding: JSONWriter.compact(Array("[ {\"a\" : \"x y\" } ]".utf8)), as: UTF8.self) == #"[{"a":"x y"}]"#)
    }

    @Test func goStringEscaping() {
        #expect(JSONWriter.quoted("a<b>&\n\u{1}", escapeHTML: true) == #""a\u003cb\u003e\u0026\n\u0001""#)
        #expect(JSONWriter.quoted("a<b>", escapeHTML: false) == #""a<b>""#)
    }
}

@Suite struct ReferenceTests {
    @Test func normalisation() throws {
        let busybox = try ImageReference.parseNormalized("busybox")
        #expect(busybox.name == "docker.io/library/busybox")
        #expect(busybox.withDefaultTag.tag == "latest")
        #expect(busybox.familiarName == "busybox")
        let local = try ImageReference.parseNormalized("localhost:5000/x/y:2")
        #expect(local.domain == "localhost:5000" && local.path == "x/y" && local.tag == "2")
        #expect(local.familiarName == "localhost:5000/x/y")
        #expect(try ImageReference.parseNormalized("foo/bar:v1").name == "docker.io/foo/bar")
        #expect(try ImageReference.parseNormalized("foo/bar:v1").familiarName == "foo/bar")
        let digest = try ImageReference.parseNormalized("busybox@sha256:" + String(repeating: "a", count: 64))
        #expect(digest.digest != nil && digest.tag == nil)
    }

    @Test func errorsLikeDistributionReference() {
        func message(_ text: String) -> String? {
            do { _ = try ImageReference.parseNormalized(text); return nil } catch { return error.message }
        }
        #expect(message("BAD:x") == "invalid reference format: repository name (library/BAD) must be lowercase")
        #expect(message("a b") == "invalid reference format")
        #expect(message("foo:bad tag") == "invalid reference format")
        #expect(message(String(repeating: "a", count: 64)) == "invalid repository name (\(String(repeating: "a", count: 64))), cannot specify 64-byte hexadecimal strings")
    }
}

@Suite struct ClientEncodingTests {
    @Test func queryLikeGoURLValues() {
        #expect(URLEncoding.query([("repo", "docker.io/library/foo"), ("changes", "CMD [\"sh\"]"), ("changes", "ENV A=b")])
            == "changes=CMD+%5B%22sh%22%5D&changes=ENV+A%3Db&repo=docker.io%2Flibrary%2Ffoo")
        #expect(URLEncoding.pathEscape("/images/localhost:5000/my app/json") == "/images/localhost:5000/my%20app/json")
    }

    @Test func filtersAsTheCLISendsThem() {
        #expect(EngineClient.filtersJSON([]) == nil)
        #expect(EngineClient.filtersJSON([("reference", "busybox"), ("dangling", "true"), ("reference", "a<b")])
            == #"{"dangling":{"true":true},"reference":{"a\u003cb":true,"busybox":true}}"#)
    }

    @Test func versions() {
        #expect(EngineClient.compareVersions("1.41", "1.50") < 0)
        #expect(EngineClient.compareVersions("1.9", "1.41") < 0)
        #expect(EngineClient.compareVersions("1.50", "1.50") == 0)
    }

    @Test func hosts() throws {
        #expect(try EngineHost(parsing: "unix:///tmp/d.sock").socketPath == "/tmp/d.sock")
        #expect(try EngineHost(parsing: "unix://").socketPath == "/run/berth/berth.sock")
        #expect(throws: EngineError.self) { try EngineHost(parsing: "tcp://1.2.3.4:2375") }
        #expect(EngineError.cannotConnect(host: "unix:///x").description == "Cannot connect to the Berth daemon at unix:///x. Is the berth daemon running?")
        #expect(EngineError.daemon(status: 404, message: "No such image: x:latest").description == "Error response from daemon: No such image: x:latest")
    }
}
