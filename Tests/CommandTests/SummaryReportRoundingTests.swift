import PRXTesting
import Testing

/// The summary report's figures are parallelr's `f"{value:.1f}"` and `:.2f`: the value's exact binary fraction rounded.
/// prx rounded the value times ten (or a hundred), whose own rounding can land on a tie: one task of 2000 succeeding is
/// 0.05%, which is 0.05000000000000000277 and parallelr's `Success Rate: 0.1%`, and 0.05 * 10 is exactly 0.5, which
/// prx rounded to even, `Success Rate: 0.0%`, as if none had.
@Suite(.runsProcesses) struct SummaryReportRoundingTests {
    @Test func theSuccessRateIsRoundedAsPythonRoundsIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = ["true,1"] + (2...2000).map { "false,\($0)" }
        let arguments = try bench.root.write("lines.txt", lines.joined(separator: "\n") + "\n")
        let outcome = try await bench.prx(["-A", arguments, "-S", "comma", "-C", "@ARG_1@ @ARG_2@", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("\nCompleted Successfully: 1\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("\nSuccess Rate: 0.1%\n"), "\(outcome.stdout)")
    }
}
