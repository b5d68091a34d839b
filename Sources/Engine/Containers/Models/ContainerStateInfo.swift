/// A container's `State` in inspect (Docker's field names).
public struct ContainerStateInfo: Codable, Sendable {
    public var Status: String = "created"
    public var Running = false
    public var Paused = false
    public var Restarting = false
    public var OOMKilled = false
    public var Dead = false
    public var Pid: Int32 = 0
    public var ExitCode: Int32 = 0
    public var Error = ""
    public var StartedAt = ContainerStateInfo.zeroTime
    public var FinishedAt = ContainerStateInfo.zeroTime

    public static let zeroTime = "0001-01-01T00:00:00Z"

    public init() {}
}
