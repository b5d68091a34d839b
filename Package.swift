// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth-runtime", targets: ["berth-runtime"]),
    ],
    targets: [
        // Only what Swift cannot call directly: variadic syscalls, clone, capset, CMSG macros.
        .target(name: "CLinux"),
        .target(name: "LinuxSupport", dependencies: ["CLinux"]),
        .target(name: "OCI"),
        .target(name: "Runtime", dependencies: ["OCI", "LinuxSupport"]),
        .executableTarget(name: "berth-runtime", dependencies: ["Runtime", "OCI", "LinuxSupport"]),
        .testTarget(name: "OCITests", dependencies: ["OCI"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "OCI"]),
    ]
)
