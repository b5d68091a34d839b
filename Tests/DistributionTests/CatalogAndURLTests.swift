@testable import Distribution
import Testing

@Suite struct CatalogAndURLTests {
    @Test func searchTerms() {
        #expect(CatalogSearch.split("127.0.0.1:5000/bb") == ("127.0.0.1:5000", "bb"))
        #expect(CatalogSearch.split("localhost/x/y") == ("localhost", "x/y"))
        #expect(CatalogSearch.split("busybox") == ("docker.io", "busybox"))
        #expect(CatalogSearch.split("library/busybox") == ("docker.io", "library/busybox"))
    }

    @Test func nextLink() {
        #expect(CatalogSearch.nextLink(#"</v2/_catalog?last=foo%2Fbar&n=1>; rel="next""#) == "/v2/_catalog?last=foo%2Fbar&n=1")
        #expect(CatalogSearch.nextLink(#"</x>; rel="prev""#) == nil)
    }

    @Test func locations() {
        let base = "http://127.0.0.1:5000/v2/a/blobs/uploads/"
        #expect(RegistryURL.resolve("/v2/a/blobs/uploads/u?_state=x", against: base) == "http://127.0.0.1:5000/v2/a/blobs/uploads/u?_state=x")
        #expect(RegistryURL.resolve("https://other/x", against: base) == "https://other/x")
        #expect(RegistryURL.resolve("u1", against: base) == "http://127.0.0.1:5000/v2/a/blobs/uploads/u1")
        #expect(RegistryURL.origin("https://h:1/p?q") == "https://h:1")
        #expect(RegistryURL.hostPort("https://h/p") == "h:443")
        #expect(RegistryURL.hostPort("http://h:5000/p") == "h:5000")
    }

    @Test func errorBodies() {
        let body = Array(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}"#.utf8)
        #expect(RegistryErrorBody.describe(status: 404, body: body) == "manifest unknown: manifest unknown")
        #expect(RegistryErrorBody.describe(status: 401, body: []) == "unauthorized: authentication required")
    }

    @Test func throttle() {
        var throttle = ProgressThrottle()
        let answers = [throttle.shouldReport(current: 600_000, total: 10_000_000, now: 1.0),
                       throttle.shouldReport(current: 700_000, total: 10_000_000, now: 1.05),
                       throttle.shouldReport(current: 610_000, total: 10_000_000, now: 2.0),
                       throttle.shouldReport(current: 10_000_000, total: 10_000_000, now: 2.01)]
        // The 1 % step (100 kB) and 100 ms both have to pass; the last byte always reports.
        #expect(answers == [true, false, false, true])
    }
}
