@testable import RegistryServer
import Testing

@Suite struct RegistryGrammarTests {
    @Test(arguments: ["a", "library/busybox", "a0/b-c/d.e/f_g/h__i", "x--y", "127/0"])
    func validNames(_ name: String) {
        #expect(RepositoryName.isValid(name))
    }

    @Test(arguments: ["", "A", "a/", "/a", "a//b", "_a", "a_", "a___b", "a.-b", "a/_manifests", "a b",
                      String(repeating: "a", count: 256)])
    func invalidNames(_ name: String) {
        #expect(!RepositoryName.isValid(name))
    }

    @Test func tags() {
        #expect(RepositoryName.isValidTag("v1.0-rc_2"))
        #expect(RepositoryName.isValidTag("_x"))
        #expect(!RepositoryName.isValidTag(".x"))
        #expect(!RepositoryName.isValidTag("-x"))
        #expect(!RepositoryName.isValidTag(String(repeating: "a", count: 129)))
        #expect(!RepositoryName.isValidTag("a:b"))
    }

    @Test func routesAreReadFromTheEnd() {
        #expect(RegistryRoute(path: "/v2/") == .base)
        #expect(RegistryRoute(path: "/v2/_catalog") == .catalog)
        #expect(RegistryRoute(path: "/v2/a/b/tags/list") == .tags(name: "a/b"))
        #expect(RegistryRoute(path: "/v2/blobs/manifests/latest") == .manifest(name: "blobs", reference: "latest"))
        #expect(RegistryRoute(path: "/v2/a/manifests/x/blobs/sha256:00") == .blob(name: "a/manifests/x", digest: "sha256:00"))
        #expect(RegistryRoute(path: "/v2/a/blobs/uploads/") == .uploads(name: "a"))
        #expect(RegistryRoute(path: "/v2/a/blobs/uploads/abc") == .upload(name: "a", session: "abc"))
        #expect(RegistryRoute(path: "/v2/a/referrers/sha256:00") == .referrers(name: "a", digest: "sha256:00"))
        #expect(RegistryRoute(path: "/v2/a") == nil)
        #expect(RegistryRoute(path: "/v1/a/tags/list") == nil)
    }

    @Test func byteRanges() {
        #expect(ByteRange.parse("bytes=2-5", size: 10)! == (2, 5))
        #expect(ByteRange.parse("bytes=2-", size: 10)! == (2, 9))
        #expect(ByteRange.parse("bytes=8-100", size: 10)! == (8, 9))
        #expect(ByteRange.parse("bytes=-3", size: 10)! == (7, 9))
        #expect(ByteRange.parse("bytes=10-", size: 10) == nil)
        #expect(ByteRange.parse("bytes=5-2", size: 10) == nil)
        #expect(ByteRange.parse("bytes=0-1,3-4", size: 10) == nil)
        #expect(ByteRange.parse("items=0-1", size: 10) == nil)
    }

    @Test func errorBodiesAreJSON() {
        let error = RegistryError(.blobUnknown, "blob \"x\"\n", detail: "sha256:00")
        #expect(error.status == 404)
        #expect(String(decoding: error.body, as: UTF8.self)
            == #"{"errors":[{"code":"BLOB_UNKNOWN","detail":"sha256:00","message":"blob \"x\"\n"}]}"# + "\n")
    }
}

@Suite struct BasicCredentialsTests {
    @Test func basicHeaders() {
        #expect(BasicAuthenticator.credentials("Basic YWxpY2U6czNjcjN0OndpdGggY29sb24=")! == ("alice", "s3cr3t:with colon"))
        #expect(BasicAuthenticator.credentials("basic YWxpY2U6")! == ("alice", ""))
        #expect(BasicAuthenticator.credentials("Bearer abc") == nil)
        #expect(BasicAuthenticator.credentials("Basic !!!") == nil)
        #expect(BasicAuthenticator.credentials("Basic YWxpY2U=") == nil)
        #expect(BasicAuthenticator.credentials(nil) == nil)
    }
}
