import Foundation
import PRXKernel
import Testing

@Suite struct RunStatisticsTests {
    private static func result(
        _ status: TaskStatus, _ termination: TerminationStatus?, duration: Double
    ) -> TaskResult {
        TaskResult(
            task: TaskSpec(id: 1, label: "t", argv: ["t"]), status: status, termination: termination,
            startTime: Date(), endTime: Date(), duration: duration)
    }

    /// A task stopped while it ran (cancelled by a halt or an interruption) ran for its duration, which the
    /// duration statistics take in (they left it out, so a run halted during a long task reported only its short
    /// ones); a task cancelled before it started, or one that could not start, did not run.
    @Test func aTaskStoppedWhileRunningCountsInTheDurations() {
        var statistics = RunStatistics()
        statistics.record(Self.result(.success, .exited(0), duration: 1))
        statistics.record(Self.result(.cancelled, .signaled(15), duration: 30))
        statistics.record(
            TaskResult.notStarted(TaskSpec(id: 2, label: "u", argv: ["u"]), status: .cancelled, message: nil))
        statistics.record(Self.result(.error, nil, duration: 0.001))
        #expect(statistics.ran == 2)
        #expect(statistics.maxDuration == 30)
        #expect(statistics.minDuration == 1)
        #expect(statistics.averageDuration == 15.5)
        #expect(statistics.cancelled == 2)
    }
}
