extension Duration {
    /// The longest time prx waits, sleeps or lets a task run, in seconds: 10⁹, some 31 years, "never" in practice.
    public static let longestSeconds: Double = 1e9

    /// `seconds` held within 0…``longestSeconds`` (NaN as 0) as a duration: a time limit given as `1e300` waits as
    /// long as prx can, where `Duration.seconds(_:)` would trap and take the run down with it.
    public static func boundedSeconds(_ seconds: Double) -> Duration {
        .seconds(seconds.isNaN ? 0 : Swift.min(Swift.max(seconds, 0), longestSeconds))
    }
}
