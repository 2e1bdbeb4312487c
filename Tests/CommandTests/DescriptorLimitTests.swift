import Foundation
@testable import PRXCommand
import PRXTesting
import Testing

/// prx under a limit on open descriptors (`ulimit -n`): as many workers as the limit holds, and none under a limit
/// that holds not even one.
@Suite(.runsProcesses) struct DescriptorLimitTests {
    /// Under a low soft limit on descriptors (`ulimit -Sn 128`), prx raises it within the hard limit to what its
    /// workers need: most starts at `-m 100` failed with "Too many open files".
    @Test func aLowDescriptorLimitIsRaisedForTheWorkers() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...150).map { "\($0)\n" }.joined())
        let outcome = try await bench.prx(["-A", lines, "-C", "sleep 0.@ARG@", "-m", "100", "-r"], ulimit: "-Sn 128")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().filter { $0["status"] == "SUCCESS" }.count == 150)
    }

    /// A task sees the descriptor limits the user gave prx, not those prx raised for its workers: under
    /// `ulimit -Sn 64`, the tasks of `-m 100` saw `ulimit -Sn` 432.
    @Test func aTaskSeesTheDescriptorLimitPRXWasGiven() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "1\n2\n")
        let outcome = try await PRXProcess.run(
            ["-c", #"ulimit -Sn 64 && echo "$(ulimit -Hn)" > hard && exec "$0" "$@""#, PRXProcess.executablePath,
             "-A", lines, "-C", #"sh -c 'echo "limits $(ulimit -Sn) $(ulimit -Hn)"' @ARG@"#, "-m", "100", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let hard = try String(contentsOfFile: bench.root.file("hard"), encoding: .utf8).dropLast()
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        #expect(output.components(separatedBy: "limits 64 \(hard)\n").count == 3, "\(output)")
    }

    /// Under a hard descriptor limit too low for `-m` (`ulimit -n 64`), prx runs as many workers as the limit
    /// holds and says so: at `-m 100` most tasks failed at once with "Too many open files", and nothing warned.
    @Test func aHardDescriptorLimitTooLowForTheWorkersRunsFewerWithAWarning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...60).map { _ in "0.1\n" }.joined())
        let outcome = try await bench.prx(["-A", lines, "-C", "sleep @ARG@", "-m", "100", "-r"], ulimit: "-n 64")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let workers = DescriptorBudget.workers(within: 64)
        #expect(outcome.stderr.contains("prx: warning: -m 100 needs about \(DescriptorBudget.needed(forWorkers: 100)) "
            + "open files; the limit is 64 (ulimit -n): running \(workers) workers\n"))
        #expect(outcome.stdout.contains("- Workers: \(workers)\n"))
        let records = try await bench.summaryRecords()
        #expect(records.count == 60)
        #expect(records.allSatisfy { $0["status"] == "SUCCESS" })
    }

    /// The workers a limit holds run every task, with `--json` open beside the other result files: at the lowest
    /// limit prx runs under (one worker), and at 40, where prx ran 2 workers, counting 32 descriptors of its own (it
    /// holds 21) and 4 a task, where 3 or 4 fit.
    @Test(arguments: [DescriptorBudget.needed(forWorkers: 1), 40])
    func theWorkersALimitHoldsRunEveryTask(limit: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...60).map { "\($0 % 10)\n" }.joined())
        let outcome = try await bench.prx(
            ["-A", lines, "-C", "sleep 0.0@ARG@", "-m", "20", "-r", "--json", bench.root.file("run.jsonl")],
            ulimit: "-n \(limit)")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let workers = DescriptorBudget.workers(within: limit)
        #expect(workers >= (limit == 40 ? 3 : 1))
        #expect(outcome.stdout.contains("- Workers: \(workers)\n"), "\(outcome.stdout)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 60)
        #expect(records.filter { $0["status"] != "SUCCESS" }.map { $0["error_message"] ?? "" } == [])
    }

    /// Under a limit that holds not even one worker, the run is refused before it makes any file, with one line
    /// naming `ulimit -n` and exit status 2: at 18 to 24 prx warned it would run one worker, then every task was
    /// `ERROR` ("cannot start prx's process monitor thread: Too many open files"), exit status 1.
    @Test func aLimitHoldingNoWorkerRefusesTheRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "1\n2\n")
        let outcome = try await bench.prx(["-A", lines, "-C", "sleep 0.@ARG@", "-r"], ulimit: "-n 20")
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: the limit on open files is 20 (ulimit -n): a run needs at least "
            + "\(DescriptorBudget.needed(forWorkers: 1)), for prx's own files and one worker\n")
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
    }
}
