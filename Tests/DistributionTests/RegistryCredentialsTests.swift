@testable import Distribution
import Testing

@Suite struct RegistryCredentialsTests {
    @Test func headerWithAndWithoutPadding() throws {
        // {"username":"alice","password":"s3cret?","serveraddress":"127.0.0.1:5000"} in base64url.
        let padded = "eyJ1c2VybmFtZSI6ImFsaWNlIiwicGFzc3dvcmQiOiJzM2NyZXQ_Iiwic2VydmVyYWRkcmVzcyI6IjEyNy4wLjAuMTo1MDAwIn0="
        for header in [padded, String(padded.dropLast())] {
            let credentials = try #require(RegistryCredentials.fromHeader(header))
            #expect(credentials.username == "alice")
            #expect(credentials.password == "s3cret?")
            #expect(credentials.serverAddress == "127.0.0.1:5000")
            #expect(credentials.basicHeader == "Basic YWxpY2U6czNjcmV0Pw==")
        }
    }

    @Test func emptyObjectIsAnonymous() throws {
        let credentials = try #require(RegistryCredentials.fromHeader("e30="))
        #expect(credentials == .anonymous)
        #expect(credentials.basicHeader == nil)
    }

    @Test func undecodableHeaderIsNil() {
        #expect(RegistryCredentials.fromHeader("not base64 !!") == nil)
        #expect(RegistryCredentials.fromHeader(nil) == nil)
    }

    @Test func authFieldFillsUserAndPassword() throws {
        let credentials = try RegistryCredentials.fromJSON(Array(#"{"auth":"Ym9iOnB3OndpdGg6Y29sb25z"}"#.utf8))
        #expect(credentials.username == "bob")
        #expect(credentials.password == "pw:with:colons")
    }

    @Test func loginServerNames() {
        #expect(LoginProbe.domain(ofServer: "https://index.docker.io/v1/") == "docker.io")
        #expect(LoginProbe.domain(ofServer: nil) == "docker.io")
        #expect(LoginProbe.domain(ofServer: "127.0.0.1:5000") == "127.0.0.1:5000")
        #expect(LoginProbe.domain(ofServer: "http://localhost:5000/v2/") == "localhost:5000")
    }
}
