// swift-tools-version: 6.1
import PackageDescription

// How the executables are linked (docs/decisions/0008-run-latency.md):
// with lld, relative relocations packed (RELR) so a start does not read and
// dirty megabytes of relocation table, and without exporting every symbol
// (nothing loads our executables as libraries).
let compactExecutable: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                  "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux])),
]
// berth-runtime and berth-monitor start on every `run` (the runtime once
// more for every exec), and the CLI on every command: fully static, they
// skip the dynamic loader and libstdc++'s relocations, which halves their
// start, at the price of a fixed load address for their own code. The
// runtime and monitor parse nothing from inside a container; the CLI parses
// the daemon's answers in Swift, and opens libarchive (for `cp` archives)
// on demand, which glibc's static dlopen maps at a random address.
let staticExecutable: [LinkerSetting] = compactExecutable + [
    // Release only: debug builds of FoundationEssentials do not link statically.
    .unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "Berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth-runtime", targets: ["berth-runtime"]),
        .executable(name: "berthd", targets: ["berthd"]),
        .executable(name: "berth", targets: ["berth"]),
        .executable(name: "berth-monitor", targets: ["berth-monitor"]),
        .executable(name: "berth-registry", targets: ["berth-registry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Only what Swift cannot call directly: variadic syscalls, clone, capset, CMSG macros.
        .target(name: "CLinux"),
        .target(name: "LinuxSupport", dependencies: ["CLinux"]),
        // Debian's libarchive (tar, gzip, zstd), as a system library.
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // zlib for the json-file log driver's rotated .gz files. A C target rather
        // than a bare system library, so zlib's stream pointers stay in C behind
        // descriptor-to-descriptor calls (Debian's zlib1g-dev).
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // Docker's json-file log driver: the writer runs in the per-container
        // monitor (no Foundation), the reader in the daemon.
        .target(name: "ContainerLogs", dependencies: ["LinuxSupport", "CZlib"]),
        .target(name: "OCI"),
        .target(name: "Runtime", dependencies: ["OCI", "LinuxSupport"]),
        .target(name: "Storage", dependencies: [
            "OCI", "LinuxSupport", "CLinux", "CArchive",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "Engine", dependencies: [
            "Storage", "OCI", "LinuxSupport", "Runtime", "ContainerLogs",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "EngineAPI", dependencies: [
            "Engine", "Distribution", "CLISupport", "Storage", "OCI", "LinuxSupport", "Runtime", "ContainerLogs",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // The Engine API client the CLI uses: blocking HTTP/1.1 over a unix socket.
        .target(name: "EngineClient", dependencies: ["OCI", "LinuxSupport", "CLISupport"]),
        // Tar creation and extraction for `berth cp`, over libarchive (see docs/decisions/0004).
        .target(name: "CArchiveOnDemand"),
        .target(name: "CopyArchive", dependencies: ["CArchiveOnDemand", "LinuxSupport"]),
        // What the CLI prints, testable apart from the executable: Go-template
        // formats, Docker's tables, sizes and times, image references.
        .target(name: "CLISupport"),
        // bcrypt checks for the registry's htpasswd logins: libxcrypt's crypt_r
        // (libcrypt-dev), wrapped so Swift never holds its 32 KiB state.
        .target(name: "CCrypt", linkerSettings: [.linkedLibrary("crypt")]),
        // The OCI distribution server behind `berth-registry`: no daemon code.
        .target(name: "RegistryServer", dependencies: [
            "Storage", "OCI", "LinuxSupport", "CCrypt",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The registry client berthd pulls and pushes with: HTTP(S) through
        // AsyncHTTPClient, blobs and layers straight into Storage.
        .target(name: "Distribution", dependencies: [
            "Storage", "OCI", "LinuxSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "berth-registry", dependencies: [
            "RegistryServer",
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: compactExecutable),
        .executableTarget(name: "berth-runtime", dependencies: ["Runtime", "OCI", "LinuxSupport"],
                          linkerSettings: staticExecutable),
        // One per running container: small, single-threaded, no Foundation.
        .executableTarget(name: "berth-monitor", dependencies: ["LinuxSupport", "CLinux", "ContainerLogs"],
                          linkerSettings: staticExecutable),
        .executableTarget(name: "berthd", dependencies: [
            "EngineAPI", "Engine", "Distribution", "Storage", "LinuxSupport",
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: compactExecutable),
        .executableTarget(name: "berth", dependencies: [
            "EngineClient", "CLISupport", "CopyArchive", "LinuxSupport", "OCI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: staticExecutable),
        .testTarget(name: "OCITests", dependencies: ["OCI"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "OCI"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "OCI"]),
        .testTarget(name: "ContainerLogsTests", dependencies: ["ContainerLogs", "LinuxSupport"]),
        .testTarget(name: "BerthCLITests", dependencies: ["CLISupport", "EngineClient"]),
        .testTarget(name: "RegistryServerTests", dependencies: ["RegistryServer"]),
        .testTarget(name: "DistributionTests", dependencies: ["Distribution", "OCI"]),
    ]
)
