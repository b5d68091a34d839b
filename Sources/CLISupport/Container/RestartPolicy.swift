/// `--restart no|always|unless-stopped|on-failure[:N]`; the name is checked
/// by the daemon, the count here.
public struct RestartPolicy: Equatable, Sendable {
    public var name: String
    public var maximumRetryCount: Int

    public init(parsing policy: String) throws(FlagValueError) {
        if policy.isEmpty {
            name = ""
            maximumRetryCount = 0
            return
        }
        let parts = policy.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 && parts[0].isEmpty {
            throw FlagValueError("invalid restart policy format: no policy provided before colon")
        }
        var count = 0
        if parts.count == 2 && !parts[1].isEmpty {
            guard let value = Int(parts[1]) else {
                throw FlagValueError("invalid restart policy format: maximum retry count must be an integer")
            }
            count = value
        }
        name = parts[0]
        maximumRetryCount = count
    }
}
