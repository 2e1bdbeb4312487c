import PRXKernel
import PRXPlugins
import Testing

@Suite struct StopLimitsPolicyTests {
    /// Feeds results with these statuses (S success, F failed, T timeout, E error, C cancelled, K skipped) and
    /// returns the first decision with the position (1-based) of the result that caused it.
    static func firstDecision(
        _ outcomes: String, policy: StopLimitsPolicy = StopLimitsPolicy()
    ) -> (Int, StopDecision)? {
        var policy = policy
        var statistics = RunStatistics()
        for (index, outcome) in outcomes.enumerated() {
            let status: TaskStatus = switch outcome {
            case "S": .success
            case "F": .failed
            case "T": .timeout
            case "E": .error
            case "C": .cancelled
            default: .skipped
            }
            let result = TaskResult(
                task: TaskSpec(id: TaskID(index), label: "t\(index)", argv: ["true"]), status: status)
            statistics.record(result)
            if let decision = policy.evaluate(after: result, statistics: statistics) {
                return (index + 1, decision)
            }
        }
        return nil
    }

    @Test(arguments: [
        ("FFFFF", 5, "5 consecutive failures (limit: 5)"),
        ("SFFFFSFFFF", 10, "80.0% failure rate exceeds limit (50%)"),
        ("SSSSSSFFFFF", 11, "5 consecutive failures (limit: 5)"),
        ("TETEF", 5, "5 consecutive failures (limit: 5)"),
        ("FFFCKFF", 7, "5 consecutive failures (limit: 5)"),
        ("SFFFSFFFSF", 10, "70.0% failure rate exceeds limit (50%)"),
        ("SSFFSFFSFCCCCCF", 15, "60.0% failure rate exceeds limit (50%)"),
    ])
    func halts(outcomes: String, at position: Int, reason: String) throws {
        let (index, decision) = try #require(Self.firstDecision(outcomes))
        #expect(index == position)
        #expect(decision.reason == reason)
        #expect(decision.mode == .finishRunning)
    }

    @Test(arguments: [
        "FFFFSFFFFS",
        "SFFFSFFFS",
        "SSFFSFFSFCCCCC",
        "SFSFSFSFSF",
        "CCCCCCCCCC",
        "",
    ])
    func goesOn(outcomes: String) {
        #expect(Self.firstDecision(outcomes) == nil)
    }

    @Test func honoursCustomLimits() throws {
        let strict = StopLimitsPolicy(maxConsecutiveFailures: 2, maxFailureRate: 0.2, minTasksForRateCheck: 5)
        #expect(Self.firstDecision("FF", policy: strict)?.1.reason == "2 consecutive failures (limit: 2)")
        #expect(Self.firstDecision("SSSFSF", policy: strict)?.1.reason == "33.3% failure rate exceeds limit (20%)")
        #expect(Self.firstDecision("SSSSF", policy: strict) == nil)
    }

    /// The halt names the failure rate limit that was set: 0.999 was named `(100%)`, a limit the rate never exceeds.
    @Test func namesTheLimitSet() {
        let nearlyAll = StopLimitsPolicy(maxConsecutiveFailures: 100, maxFailureRate: 0.999, minTasksForRateCheck: 1)
        #expect(Self.firstDecision("F", policy: nearlyAll)?.1.reason == "100.0% failure rate exceeds limit (99.9%)")
        let half = StopLimitsPolicy(maxConsecutiveFailures: 100, maxFailureRate: 0.504, minTasksForRateCheck: 4)
        #expect(Self.firstDecision("SSFF", policy: half) == nil)
        #expect(Self.firstDecision("SSFFF", policy: half)?.1.reason == "60.0% failure rate exceeds limit (50.4%)")
    }
}
