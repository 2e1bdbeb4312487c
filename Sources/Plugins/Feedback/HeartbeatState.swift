/// How lively a running task looks, from the time since it last changed its feedback file (`prx status`).
///
/// taskwatcher's bands, as fractions of the heartbeat timeout: `running` below 25%, `silent` below 50%,
/// `stalled` below 75%. It names nothing from 75% on; prx calls that `stalled` too, as it is the last stretch
/// before the task is stopped at 100%.
public enum HeartbeatState: String, Sendable, Hashable, CaseIterable {
    /// Updated within the last quarter of the timeout, or no heartbeat is watched.
    case running
    /// Quiet for a quarter of the timeout or more.
    case silent
    /// Quiet for half the timeout or more.
    case stalled

    /// The state of a task whose feedback file last changed `sinceUpdate` seconds ago, under a heartbeat
    /// timeout of `timeout` seconds.
    ///
    /// A task is `running` when no heartbeat is watched (`timeout` is `nil` or not above 0), and when the file
    /// seems to have changed in the future (a clock that moved back).
    public static func classify(sinceUpdate: Double, timeout: Double?) -> HeartbeatState {
        guard let timeout, timeout > 0 else { return .running }
        let fraction = sinceUpdate / timeout
        if !(fraction >= 0.25) { return .running }
        if fraction < 0.5 { return .silent }
        return .stalled
    }
}
