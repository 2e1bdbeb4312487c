import Foundation
import PRXKernel
import PRXPlugins
import Testing

@Suite struct FirstHaltingStopPolicyTests {
    /// The calls the policies of one test were asked, in order.
    final class Calls {
        var asked: [String] = []
    }

    /// Halts at the `haltsAt`-th call it gets, a result's, a start's or a placement's, with its name as the reason.
    struct Counting: StopPolicy {
        var name: String
        var haltsAt: Int?
        var calls: Calls
        var seen = 0

        mutating func evaluate(after result: TaskResult, statistics: RunStatistics) -> StopDecision? {
            decision("\(name): result")
        }

        mutating func evaluate(afterStart start: TaskStart) -> StopDecision? {
            decision("\(name): start")
        }

        mutating func evaluate(afterPlacement placement: TaskPlacement) -> StopDecision? {
            decision("\(name): placement")
        }

        private mutating func decision(_ call: String) -> StopDecision? {
            calls.asked.append(call)
            seen += 1
            return seen == haltsAt ? StopDecision(reason: name) : nil
        }
    }

    static let task = TaskSpec(id: TaskID(1), label: "t1", argv: ["true"])
    static let start = TaskStart(task: task, workerID: 1, attempt: 1, time: Date())
    static let result = TaskResult(task: task, status: .failed)
    static let placement = TaskPlacement(task: task, workerID: 1, attempt: 1, jobID: "81234", host: nil)

    /// Each start, placement and result goes to every policy in order while none halts.
    @Test func everyPolicyIsAskedUntilOneHalts() {
        let calls = Calls()
        var policy = FirstHaltingStopPolicy([
            Counting(name: "a", haltsAt: nil, calls: calls), Counting(name: "b", haltsAt: 3, calls: calls),
        ])
        #expect(policy.evaluate(afterStart: Self.start) == nil)
        #expect(policy.evaluate(afterPlacement: Self.placement) == nil)
        #expect(policy.evaluate(after: Self.result, statistics: RunStatistics())?.reason == "b")
        #expect(calls.asked == ["a: start", "b: start", "a: placement", "b: placement", "a: result", "b: result"])
    }

    /// Two policies halting at once: the first decides, and the one after it is not asked.
    @Test func theFirstToHaltDecides() {
        let calls = Calls()
        var policy = FirstHaltingStopPolicy([
            Counting(name: "a", haltsAt: 1, calls: calls), Counting(name: "b", haltsAt: 1, calls: calls),
        ])
        #expect(policy.evaluate(after: Self.result, statistics: RunStatistics())?.reason == "a")
        #expect(calls.asked == ["a: result"])
    }

    /// No policy is no stop policy at all, and one is itself.
    @Test func combiningNoneOrOneAddsNothing() {
        #expect(FirstHaltingStopPolicy.combining([]) == nil)
        #expect(FirstHaltingStopPolicy.combining([StopLimitsPolicy()]) is StopLimitsPolicy)
        #expect(FirstHaltingStopPolicy.combining([StopLimitsPolicy(), StopLimitsPolicy()]) is FirstHaltingStopPolicy)
    }
}
