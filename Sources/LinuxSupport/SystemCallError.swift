import Glibc

/// A failed system call: which call, on what, and the kernel's reason.
public struct SystemCallError: Error, CustomStringConvertible, Equatable {
    public let call: String
    public let subject: String?
    public let errno: Int32

    public init(_ call: String, _ subject: String? = nil, errno: Int32 = Glibc.errno) {
        self.call = call
        self.subject = subject
        self.errno = errno
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        if let subject { return "\(call) \(subject): \(reason)" }
        return "\(call): \(reason)"
    }
}

/// Throws a `SystemCallError` when a call returned -1; returns the result otherwise.
@discardableResult
public func check<T: BinaryInteger>(_ result: T, _ call: String, _ subject: String? = nil) throws(SystemCallError) -> T {
    if result == -1 { throw SystemCallError(call, subject) }
    return result
}

/// Repeats a call while it fails with EINTR.
@discardableResult
public func retryingOnInterrupt<T: BinaryInteger>(_ call: String, _ subject: String? = nil, _ body: () -> T) throws(SystemCallError) -> T {
    while true {
        let result = body()
        if result == -1 && errno == EINTR { continue }
        return try check(result, call, subject)
    }
}
