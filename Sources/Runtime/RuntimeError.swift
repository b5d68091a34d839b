import LinuxSupport

/// Errors a runtime user can act on. Messages follow runc's wording where
/// callers (containerd, Docker) match on them.
public enum RuntimeError: Error, CustomStringConvertible {
    case system(SystemCallError)
    case invalidSpec(String)
    case containerExists(String)
    case containerNotFound(String)
    case invalidState(id: String, status: String, wanted: String)
    case executableNotFound(String)
    case childFailed(String)
    case hookFailed(String)
    case cgroup(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .system(let error): error.description
        case .invalidSpec(let reason): "invalid configuration: \(reason)"
        case .containerExists(let id): "container with id exists: \(id)"
        case .containerNotFound(let id): "container does not exist: \(id)"
        case .invalidState(let id, let status, let wanted): "container \(id) is \(status), \(wanted)"
        case .executableNotFound(let name): "exec: \"\(name)\": executable file not found in $PATH"
        case .childFailed(let reason): reason
        case .hookFailed(let reason): "error running hook: \(reason)"
        case .cgroup(let reason): "cgroup: \(reason)"
        case .invalidArgument(let reason): reason
        }
    }
}

/// Runs a throwing system-call block and lifts its error into `RuntimeError`.
@inline(__always)
@discardableResult
public func sys<T>(_ body: () throws(SystemCallError) -> T) throws(RuntimeError) -> T {
    do { return try body() } catch { throw .system(error) }
}
