import LinuxSupport
import OCI

/// The keys of Docker's daemon.json that berthd reads now; unknown keys are
/// accepted (a daemon.json written for Docker must not stop berthd).
struct DaemonConfiguration: Decodable {
    var dataRoot: String?
    var execRoot: String?
    var hosts: [String]?
    var debug: Bool?
    var registryMirrors: [String]?
    var insecureRegistries: [String]?
    var cgroupParent: String?
    var storageDriver: String?
    var dns: [String]?
    var maxConcurrentDownloads: Int?
    var maxConcurrentUploads: Int?
    var maxDownloadAttempts: Int?

    enum CodingKeys: String, CodingKey {
        case dataRoot = "data-root", execRoot = "exec-root", hosts, debug
        case registryMirrors = "registry-mirrors", insecureRegistries = "insecure-registries"
        case cgroupParent = "cgroup-parent", storageDriver = "storage-driver", dns
        case maxConcurrentDownloads = "max-concurrent-downloads", maxConcurrentUploads = "max-concurrent-uploads"
        case maxDownloadAttempts = "max-download-attempts"
    }

    static func load(_ path: String, required: Bool) throws -> DaemonConfiguration {
        guard SmallFile.exists(path) else {
            if required { throw DaemonConfigurationError("configuration file \(path) does not exist") }
            return DaemonConfiguration()
        }
        let text = try SmallFile.read(path)
        do { return try JSON.decode(DaemonConfiguration.self, from: Array(text.utf8)) } catch {
            throw DaemonConfigurationError("unable to configure the daemon with file \(path): \(error)")
        }
    }
}

struct DaemonConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
