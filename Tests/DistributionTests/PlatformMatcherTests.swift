@testable import Distribution
import OCI
import Testing

@Suite struct PlatformMatcherTests {
    static func entry(_ arch: String, _ variant: String? = nil, os: String = "linux") throws -> Descriptor {
        Descriptor(mediaType: MediaType.ociManifest, digest: try Digest(sha256Hex: String(repeating: "a", count: 64)), size: 1,
                   platform: Platform(architecture: arch, os: os, variant: variant))
    }

    @Test func defaultIsThisMachine() throws {
        let entries = [try Self.entry("s390x"), try Self.entry(Platform.hostArchitecture), try Self.entry("amd64", os: "windows")]
        let chosen = try PlatformMatcher(requested: nil).choose(entries)
        #expect(chosen.platform?.architecture == Platform.hostArchitecture)
        #expect(chosen.platform?.os == "linux")
    }

    @Test func aliasesAndVariants() throws {
        let entries = [try Self.entry("arm", "v6"), try Self.entry("arm", "v7"), try Self.entry("arm64", "v8")]
        #expect(try PlatformMatcher(requested: "linux/armhf").choose(entries).platform?.variant == "v7")
        #expect(try PlatformMatcher(requested: "linux/arm/v6").choose(entries).platform?.variant == "v6")
        #expect(try PlatformMatcher(requested: "linux/aarch64").choose(entries).platform?.architecture == "arm64")
        // An arm variant nobody has falls back to the architecture alone.
        #expect(try PlatformMatcher(requested: "linux/arm/v5").choose(entries).platform?.architecture == "arm")
    }

    @Test func noMatchSaysWhatWasWanted() throws {
        #expect(throws: RegistryClientError.self) { try PlatformMatcher(requested: "linux/riscv64").choose([try Self.entry("amd64")]) }
        do {
            _ = try PlatformMatcher(requested: "linux/riscv64").choose([try Self.entry("amd64")])
        } catch let error as RegistryClientError {
            #expect(error.description == "no matching manifest for linux/riscv64 in the manifest list entries")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
