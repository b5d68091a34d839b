@testable import Distribution
import Testing

@Suite struct EndpointResolverTests {
    @Test func hubUsesMirrorsFirstButNotForPush() {
        let resolver = EndpointResolver(RegistryConfiguration(mirrors: ["mirror.example:5000", "http://127.0.0.1:6000/"]))
        let pull = resolver.endpoints(for: "docker.io")
        #expect(pull.map(\.baseURL) == ["https://mirror.example:5000", "http://127.0.0.1:6000", "https://registry-1.docker.io"])
        #expect(pull.map(\.isMirror) == [true, true, false])
        #expect(resolver.endpoints(for: "docker.io", forPush: true).map(\.baseURL) == ["https://registry-1.docker.io"])
    }

    @Test func otherHostsIgnoreMirrors() {
        let resolver = EndpointResolver(RegistryConfiguration(mirrors: ["http://127.0.0.1:6000"]))
        #expect(resolver.endpoints(for: "registry.example").map(\.baseURL) == ["https://registry.example"])
        #expect(resolver.endpoints(for: "registry.example")[0].verifiesTLS)
    }

    @Test func loopbackIsInsecureByDefault() {
        let resolver = EndpointResolver(RegistryConfiguration())
        for host in ["127.0.0.1:5000", "127.9.9.9", "localhost:5000", "[::1]:5000"] {
            let endpoints = resolver.endpoints(for: host)
            #expect(endpoints.map(\.baseURL) == ["https://" + host, "http://" + host])
            #expect(endpoints.allSatisfy { !$0.verifiesTLS })
        }
    }

    @Test func insecureByNameAndByRange() {
        let resolver = EndpointResolver(RegistryConfiguration(insecureRegistries: ["reg.example:5000", "10.1.0.0/16"]))
        #expect(resolver.isInsecure("reg.example:5000"))
        #expect(!resolver.isInsecure("reg.example:5001"))
        #expect(resolver.isInsecure("10.1.2.3:443"))
        #expect(!resolver.isInsecure("10.2.0.1"))
    }
}
