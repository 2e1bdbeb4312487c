import Foundation
import PRXTesting
import Testing

/// `--source` and `--executor` given twice ran with the last value, the first dropped without a word
/// (swift-argument-parser's way with an option of one value), as did every other option of one value that prx adds
/// to parallelr's: `--json a --json b` wrote `b` alone, `--hook a.lua --hook b.lua` called `b`'s hooks alone. Each is
/// refused now, naming it, as `--stop-policy` was; parallelr's own options keep the last value, as argparse does.
@Suite(.runsProcesses) struct RepeatedOptionTests {
    /// An option of prx's own given twice beside `-T tasks -C 'bash @TASK@'`, and how it is named.
    struct Case: Sendable, CustomTestStringConvertible {
        var flags: [String]
        var option: String
        var count = 2
        var testDescription: String { flags.joined(separator: " ") }
    }

    static let cases = [
        Case(flags: ["--source", "glob", "--source", "dir"], option: "--source"),
        Case(flags: ["--executor", "local", "--executor=local"], option: "--executor"),
        Case(flags: ["--parser", "a.lua", "--pars", "b.lua"], option: "--parser"),
        Case(flags: ["--hook", "a.lua", "--hook", "b.lua", "--hook", "c.lua"], option: "--hook", count: 3),
        Case(flags: ["--json", "a.jsonl", "--json", "b.jsonl"], option: "--json"),
        Case(flags: ["--log-dir", "a", "--log-dir", "b"], option: "--log-dir"),
        Case(flags: ["--heartbeat-timeout", "5", "--heartbeat-timeout", "6"], option: "--heartbeat-timeout"),
    ]

    /// Each is refused, exit 2, before anything runs, by a run, a dry run and `--validate-config` alike.
    @Test(arguments: cases)
    func anOptionOfPRXsOwnGivenTwiceIsRefused(run: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        for (mode, outcome) in try await bench.prxInEveryMode(["-T", "tasks", "-C", "bash @TASK@"] + run.flags) {
            #expect(outcome.status == 2, "\(mode)")
            let refusal = "\(run.option) is given \(run.count) times, and takes one value: give it once"
            #expect(outcome.stderr == "prx: error: \(refusal) (see 'prx --help')\n", "\(mode)")
            #expect(!FileManager.default.fileExists(atPath: bench.logs), "\(mode)")
        }
    }

    /// `prx run`'s options of one value are all prx's own, its `-m` too.
    @Test func anOptionOfPRXRunGivenTwiceIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task{ cmd = 'true' }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "2", "-rm3"])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr
                == "prx: error: -m/--max is given 2 times, and takes one value: give it once (see 'prx run --help')\n")
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
    }

    /// An option of several values keeps each (`-T`), and parallelr's options of one value keep the last, as
    /// parallelr's argparse does: a parallelr command line runs as it did. (A `--sink` given twice adds nothing, and
    /// is refused: PluginFlagsTests.aSinkFlagThatAddsNothingIsRefused.)
    @Test func repeatableOptionsAndParallelrsOwnAreTakenAsBefore() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.tasks(1, in: "more") { _ in "true\n" }
        let outcome = try await bench.prx([
            "-T", "tasks", "-T", "more", "-C", "echo first @TASK@", "-C", "bash @TASK@", "-m", "3", "-m", "2", "-r",
            "--sink", "json", "--set", "json.path=run.jsonl",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Total Tasks: 2"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Workers: 2"), "\(outcome.stdout)")
        let lines = try String(contentsOfFile: bench.root.file("run.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "two results and the summary: \(lines)")
        #expect(!lines.contains { $0.contains("\"echo\"") }, "the last -C is the command: \(lines)")
    }
}
