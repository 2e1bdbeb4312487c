import Foundation
import PRXTesting
import Testing

/// prx under a limit on open descriptors (`ulimit -n`): as many workers as the limit holds, and none under a limit
/// that holds not even one.
@Suite(.runsProcesses) struct DescriptorLimitTests {
    /// Under a low soft limit on descriptors (`ulimit -Sn 128`), prx raises it to the hard limit, which holds its
    /// workers: most starts at `-m 100` failed with "Too many open files".
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
        let warning = try #require(
            outcome.descriptorLimitWarning(askedAs: "-m 100", limit: 64), "\(outcome.stderr)")
        #expect(warning.workers >= 1 && warning.workers < 100 && warning.needed > 64)
        #expect(outcome.stdout.contains("- Workers: \(warning.workers)\n"))
        let records = try await bench.summaryRecords()
        #expect(records.count == 60)
        #expect(records.allSatisfy { $0["status"] == "SUCCESS" })
    }

    /// The warning that the hard descriptor limit holds fewer workers names what asked for them, in the user's words:
    /// the configuration file's key at its line, or the recipe's `prx.config` at its line. It said `-m 100` whatever
    /// gave the count, a flag nobody typed.
    @Test func theWarningNamesWhatAskedForTheWorkers() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...20).map { _ in "0.1\n" }.joined())
        let path = try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 100\n")
        let fromFile = try await bench.prx(["-A", lines, "-C", "sleep @ARG@", "-r"], ulimit: "-n 64")
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let fileWarning = fromFile.descriptorLimitWarning(askedAs: "\(path):2: limits.max_workers 100", limit: 64)
        #expect(fileWarning != nil, "\(fromFile.stderr)")

        try FileManager.default.removeItem(atPath: path)
        try bench.root.write("recipe.lua", """
            prx.config { workers = 100 }
            for i = 1, 20 do prx.task { sh = "sleep 0.1", name = "t" .. i } end
            """)
        let fromRecipe = try await bench.prx(["run", "recipe.lua", "-r"], ulimit: "-n 64")
        #expect(fromRecipe.status == 0, "\(fromRecipe.stderr)")
        let recipeWarning = fromRecipe.descriptorLimitWarning(
            askedAs: "recipe.lua:1: prx.config workers 100", limit: 64)
        #expect(recipeWarning != nil, "\(fromRecipe.stderr)")
    }

    /// A script configuration may raise `max_allowed_workers` as far as a whole number goes, and a file's
    /// `max_workers` ask for as many: the descriptors those workers need are more than a number holds, and the sum
    /// overflowed, stopping prx with an illegal instruction before anything ran. The limit holds them as any other.
    @Test func theLargestNumberOfWorkersIsHeldToTheLimit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "1\n2\n3\n")
        let path = try bench.root.write(
            "script/prx.yaml", "limits:\n  max_allowed_workers: \(Int.max)\n  max_workers: \(Int.max)\n")
        let outcome = try await bench.prx(
            ["-A", lines, "-C", "echo @ARG@", "-r"], ulimit: "-n 64",
            environment: ["PRX_CONFIG_DIR": bench.root.file("script")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "prx: warning: \(path):3: limits.max_workers \(Int.max) needs more than \(Int.max) open files; "
                + "the limit is 64 (ulimit -n): running "), "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 3 && records.allSatisfy { $0["status"] == "SUCCESS" }, "\(records)")
    }

    /// The workers a limit holds run every task, with `--json` open beside the other result files: at the lowest
    /// limit prx runs under (one worker, the limit its refusal names), and at 40. The lowest was taken from one
    /// refusal at 20, which counts no descriptor numbered above 20: one the test process leaked there made the run
    /// at that limit refused.
    @Test(arguments: [nil, 40])
    func theWorkersALimitHoldsRunEveryTask(limit: Int?) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...60).map { "\($0 % 10)\n" }.joined())
        let arguments = ["-A", lines, "-C", "sleep 0.0@ARG@", "-m", "20", "-r", "--json", bench.root.file("run.jsonl")]
        // Without a limit given, the one a refusal at 20 names. A descriptor that the test process let prx inherit,
        // numbered between 20 and that limit, takes a place only under it, where prx names one more: the limit each
        // refusal names is tried in turn, until prx runs.
        var lowest = limit ?? 20
        var outcome: PRXProcess.Outcome
        repeat {
            outcome = try await bench.prx(arguments, ulimit: "-n \(lowest)")
            let least = outcome.stderr.firstMatch(of: /a run needs at least (\d+), for prx's own files and one worker/)
            guard limit == nil, let needed = least.flatMap({ Int($0.1) }), needed > lowest else { break }
            lowest = needed
        } while true
        #expect(lowest > 20, "\(outcome.stderr)")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warning = try #require(
            outcome.descriptorLimitWarning(askedAs: "-m 20", limit: lowest), "\(outcome.stderr)")
        #expect(warning.workers >= (limit == nil ? 1 : 2))
        #expect(outcome.stdout.contains("- Workers: \(warning.workers)\n"), "\(outcome.stdout)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 60)
        #expect(records.filter { $0["status"] != "SUCCESS" }.map { $0["error_message"] ?? "" } == [])
    }

    /// Every task of `-m 100` runs under a soft limit on open files below what they need (`ulimit -Sn 256`, the
    /// hard one high) and under a hard one (`ulimit -n 128`, fewer workers with a warning), with `--json` open and
    /// descriptors the starter left open (`inherited`): prx raised the soft limit to exactly its estimate, which
    /// counted 22 of prx's own where it holds 24 and none inherited, and a start then found no descriptor for its
    /// pidfd (`cannot start sleep: Too many open files`, tens of tasks `ERROR`, and no warning under the soft limit),
    /// and under the hard limit the workers it ran did not fit in it.
    @Test(arguments: [("-Sn 256", 0), ("-Sn 256", 4), ("-n 128", 0), ("-n 128", 4)])
    func everyTaskRunsUnderALowDescriptorLimit(ulimit: String, inherited: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", (1...200).map { _ in "0.5\n" }.joined())
        let leftOpen = (0..<inherited).map { " \(5 + $0)</dev/null" }.joined()
        let outcome = try await PRXProcess(
            ["-c", "ulimit \(ulimit) && exec\(leftOpen) && exec \"$0\" \"$@\"", PRXProcess.executablePath,
             "-A", lines, "-C", "sleep @ARG@", "-m", "100", "-r", "--json", bench.root.file("run.jsonl")],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path
        ).wait(killingAfter: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        if ulimit == "-n 128" {
            let warning = try #require(
                outcome.descriptorLimitWarning(askedAs: "-m 100", limit: 128), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("- Workers: \(warning.workers)\n"))
        } else {
            #expect(outcome.stderr == "")
            #expect(outcome.stdout.contains("- Workers: 100\n"))
        }
        let records = try await bench.summaryRecords()
        #expect(records.count == 200)
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
        #expect(outcome.stderr.hasPrefix("prx: error: the limit on open files is 20 (ulimit -n): a run needs at least "))
        #expect(outcome.stderr.hasSuffix(", for prx's own files and one worker\n"))
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
    }
}
