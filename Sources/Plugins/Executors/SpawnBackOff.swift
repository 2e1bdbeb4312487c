/// The waits of one task whose spawn the process limit refuses (`EAGAIN` from `clone`: the user's `ulimit -u`, or
/// the `pids.max` of prx's cgroup), as GNU parallel backs off when it cannot fork: a refusal is no failure of the
/// task while tasks of prx's run, since each one's end gives back a process. A task that memory or the limit on open
/// files refuses (``SpawnShortage/memory``, ``SpawnShortage/openFiles``) waits the same while tasks of prx's run,
/// whose ends give back memory and descriptors.
///
/// The task tries again when a running task ends, or after a delay that doubles from ``firstDelay`` up to
/// ``longestDelay`` (processes outside prx may give theirs back too). Once no task of prx's has been running for
/// ``patienceAlone`` of refusals by the process limit, nothing of prx's is left to end and the task gives up; a
/// refusal for memory or open files with no task of prx's running gives up at once, since nothing outside prx gives
/// prx's own memory or descriptors back.
struct SpawnBackOff {
    /// The delay after the first refusal.
    static let firstDelay: Duration = .milliseconds(10)
    /// The cap of the doubling delay.
    static let longestDelay: Duration = .seconds(1)
    /// How long refusals by the process limit go on with no task of prx's running before the task gives up.
    static let patienceAlone: Duration = .seconds(5)

    private var nextDelay = firstDelay
    /// The first refusal by the process limit since a task of prx's was last seen running.
    private var aloneSince: ContinuousClock.Instant?

    /// Creates the back-off of a task refused once.
    init() {}

    /// The most to wait before the next attempt, after a refusal for `shortage` at `now` while tasks of prx's were
    /// running or not (`othersRunning`); `nil` when the task should give up.
    mutating func delay(after shortage: SpawnShortage, othersRunning: Bool, now: ContinuousClock.Instant) -> Duration? {
        if othersRunning {
            aloneSince = nil
        } else if shortage != .processLimit {
            return nil
        } else if let aloneSince {
            if now - aloneSince >= Self.patienceAlone { return nil }
        } else {
            aloneSince = now
        }
        defer { nextDelay = min(nextDelay * 2, Self.longestDelay) }
        return nextDelay
    }
}
