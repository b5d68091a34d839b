@testable import Distribution
import Testing

@Suite struct AuthChallengeTests {
    @Test func bearerWithScopes() {
        let header = #"Bearer realm="http://127.0.0.1:5001/token",service="svc",scope="repository:foo/bar:push,pull repository:other/repo:pull""#
        let challenges = AuthChallenge.parse([header])
        #expect(challenges.count == 1)
        #expect(challenges[0].scheme == "bearer")
        #expect(challenges[0].parameters["realm"] == "http://127.0.0.1:5001/token")
        #expect(challenges[0].parameters["service"] == "svc")
        #expect(challenges[0].parameters["scope"] == "repository:foo/bar:push,pull repository:other/repo:pull")
    }

    @Test func basicAndSeveralChallenges() {
        let challenges = AuthChallenge.parse([#"Basic realm="berth-test", Bearer realm="https://auth", error="insufficient_scope""#])
        #expect(challenges.map(\.scheme) == ["basic", "bearer"])
        #expect(challenges[0].parameters == ["realm": "berth-test"])
        #expect(challenges[1].parameters["error"] == "insufficient_scope")
    }

    @Test func quotedEscapesAndUnquotedValues() {
        let challenges = AuthChallenge.parse([#"Bearer realm="a\"b", service=plain"#])
        #expect(challenges[0].parameters["realm"] == "a\"b")
        #expect(challenges[0].parameters["service"] == "plain")
    }

    @Test func emptyHeader() {
        #expect(AuthChallenge.parse([""]).isEmpty)
        #expect(AuthChallenge.parse([]).isEmpty)
    }
}
