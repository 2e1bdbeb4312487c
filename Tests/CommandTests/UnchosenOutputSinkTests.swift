import Foundation
import PRXTesting
import Testing

/// The task output file is the `output` sink, which every run of flags mode chooses unless `--no-task-output-log`
/// turns it off. A `--set output.…` or a configuration file's `plugins: output:` beside that flag was told to choose
/// the sink "with --sink output", which is refused beside `--no-task-output-log` (`--sink output and
/// --no-task-output-log exclude each other`): the hint led to a second refusal. It now says to leave the flag out.
@Suite(.runsProcesses) struct UnchosenOutputSinkTests {
    @Test func aSetOfTheOutputSinkBesideNoTaskOutputLogSaysToLeaveTheFlagOut() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "--no-task-output-log", "--set", "output.path=out.txt", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: --set output.path=out.txt: no selected plugin is called 'output' "
            + "(choose sink output by leaving out --no-task-output-log; selected: glob, local, log, csv)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("out.txt")))
    }

    @Test func aFilesSettingsOfTheOutputSinkBesideNoTaskOutputLogSayToLeaveTheFlagOut() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let file = bench.root.file("home/cfg/prx.yaml")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  output:\n    path: out.txt\n")
        let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "--no-task-output-log"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: warning: \(file):3: the settings of sink output are not used, as the run "
            + "does not choose it (choose it by leaving out --no-task-output-log)\n")
    }

    /// A plugin a flag of its own chooses is still told by that flag.
    @Test func aSetOfAnUnchosenSinkStillNamesItsFlag() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "--set", "json.path=out.jsonl"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: --set json.path=out.jsonl: no selected plugin is called 'json' "
            + "(choose sink json with --sink json; selected: glob, local, log, csv, output)\n")
    }
}
