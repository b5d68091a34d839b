import Engine
import LinuxSupport
import OCI

/// The STATUS column of `docker ps`, as the daemon words it: "Up 2 minutes",
/// "Exited (0) 5 seconds ago", "Up 3 seconds (Paused)", "Created".
enum ContainerStatusText {
    static func of(_ record: ContainerRecord) -> String {
        let state = record.state
        if state.Running {
            let up = humanDuration(since: state.StartedAt)
            if state.Paused { return "Up \(up) (Paused)" }
            return "Up \(up)"
        }
        if state.Restarting { return "Restarting (\(state.ExitCode)) \(humanDuration(since: state.FinishedAt)) ago" }
        if state.Dead { return "Dead" }
        if !record.hasBeenStarted || state.FinishedAt == ContainerStateInfo.zeroTime { return "Created" }
        return "Exited (\(state.ExitCode)) \(humanDuration(since: state.FinishedAt)) ago"
    }

    /// Docker's units.HumanDuration.
    static func humanDuration(since time: String) -> String {
        let now = Clock.unixTime()
        let seconds = Int(max(0, now - (RFC3339.unixTime(time) ?? now)))
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int((Double(seconds) / 3600).rounded())
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(seconds / 3600 / 24 / 365) years"
    }
}
