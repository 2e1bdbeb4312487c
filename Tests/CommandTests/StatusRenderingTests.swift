import PRXPlugins
import Testing
@testable import PRXCommand

@Suite struct StatusRenderingTests {
    /// Where a running task is, in `prx status`: what its executor last reported, saying what it has not, and that
    /// it has reported nothing yet; job ids and hosts with their control characters escaped, as task names are.
    @Test(arguments: [
        (RunRecord.Placement(attempt: 1, jobID: "81234", host: "c017"), "job 81234 on c017"),
        (RunRecord.Placement(attempt: 1, jobID: "81234", host: nil), "job 81234, host not known yet"),
        (RunRecord.Placement(attempt: 2, jobID: nil, host: "c017"), "on c017, job id not known"),
        (RunRecord.Placement(attempt: 1, jobID: nil, host: nil), "job and host not known"),
        (RunRecord.Placement(attempt: 1, jobID: "8\n1", host: "c\u{1B}[31m"), #"job 8\n1 on c\x1b[31m"#),
        (nil, "not placed yet"),
    ])
    func aRunningTasksPlacementIsSaid(placement: RunRecord.Placement?, shown: String) {
        #expect(StatusRendering.placement(placement) == shown)
    }
}
