import Foundation
import PRXTesting
import Testing

/// `--resume` and `--resume-failed` of a run whose task source changed since: a task that did not succeed and is no
/// longer in the source was dropped without a word, and the resumption exited 0, so that `--resume-failed RUN &&
/// deploy` went on though the task never ran again.
@Suite(.runsProcesses) struct ResumeChangedSourceTests {
    @Test(arguments: ["--resume-failed", "--resume"])
    func aFailedTaskGoneFromTheTaskFolderIsWarnedOfAndFailsTheRun(flag: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let log = bench.root.file("runs.log")
        try bench.root.write("t/a.sh", "echo a >> \(log); exit 1\n")
        try bench.root.write("t/b.sh", "echo b >> \(log)\n")
        #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 1)
        let run = try #require(bench.runIDs().first)
        try FileManager.default.moveItem(atPath: bench.root.file("t/a.sh"), toPath: bench.root.file("t/c.sh"))

        let again = try await bench.prx([flag, run])
        #expect(again.status == 1)
        let label = bench.root.file("t/a.sh")
        #expect(again.stderr == "prx: warning: task '\(label)' did not succeed in run \(run) and is no longer in the "
            + "task source; it was not run again\n")
        let resumer = try #require(bench.runIDs().last)
        let journal = try String(contentsOfFile: bench.home + "/history/\(resumer).jsonl", encoding: .utf8)
        let ran = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").sorted()
        // c.sh is a task the finished run never had: --resume runs it, --resume-failed does not.
        #expect(ran == (flag == "--resume" ? ["a", "a", "b"] : ["a", "b"]))
        #expect(journal.contains("\"task_started\"") == (flag == "--resume"))
        // The failure stands in the chain: resuming the resumption says so again.
        let third = try await bench.prx([flag, resumer])
        #expect(third.status == 1)
        #expect(third.stderr.contains("task '\(label)' did not succeed in run \(resumer)"))
    }

    /// A run given its task files one by one, as a shell's `t/*.sh` gives them, or by a quoted pattern: a file
    /// removed since is a task the source no longer has, as it is for a `-T` folder, where the resumption refused,
    /// exit 2 (`task path does not exist: t/a.sh (-T)`, `no file matches the pattern t/a*.sh (-T)`), and ran nothing.
    /// The value is passed over with a warning, the others' files run, and the gone task that failed is warned of,
    /// exit 1; one that succeeded is only passed over, exit 0.
    @Test(arguments: [["t/a.sh", "t/b.sh", "t/c.sh"], ["t/a*.sh", "t/b.sh", "t/c.sh"]])
    func aTaskFileNamedByItsOwnValueAndGoneIsWarnedOf(values: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let log = bench.root.file("runs.log")
        try bench.root.write("t/a.sh", "echo a >> \(log); exit 1\n")
        try bench.root.write("t/b.sh", "echo b >> \(log); exit 1\n")
        try bench.root.write("t/c.sh", "echo c >> \(log)\n")
        #expect(try await bench.prx(values.flatMap { ["-T", $0] } + ["-C", "sh @TASK@", "-r"]).status == 1)
        let run = try #require(bench.runIDs().first)
        try FileManager.default.removeItem(atPath: bench.root.file("t/a.sh"))
        try bench.root.write("t/b.sh", "echo b >> \(log)\n")

        let again = try await bench.prx(["--resume-failed", run])
        #expect(again.status == 1)
        #expect(again.stderr == "prx: warning: task path names nothing now: \(values[0]) (-T); passed over, as its "
            + "files are gone since the run this resumes\n"
            + "prx: warning: task '\(bench.root.file("t/a.sh"))' did not succeed in run \(run) and is no longer in "
            + "the task source; it was not run again\n")
        let ran = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").sorted()
        #expect(ran == ["a", "b", "b", "c"])

        let resumer = try #require(bench.runIDs().last)
        try FileManager.default.removeItem(atPath: bench.root.file("t/c.sh"))
        let third = try await bench.prx(["--resume-failed", resumer])
        #expect(third.status == 1, "\(third.stderr)")
        #expect(third.stderr.contains("task path names nothing now: t/c.sh (-T)"))
        #expect(third.stderr.contains("task '\(bench.root.file("t/a.sh"))' did not succeed"))
        #expect(!third.stderr.contains("t/c.sh' did not succeed"))
    }

    /// A run whose task files are all gone since (its folder removed or emptied, each file it named removed): the
    /// resumption was refused, exit 2, with `no task files found in the given paths (-T)`, not a word of the tasks it
    /// was asked to run again. It runs none and warns of each task that did not succeed, exit 1, as it does when
    /// some files are left; the values that name nothing are passed over with their warning, as then.
    @Test(arguments: [
        (["t"], "removed"), (["t"], "emptied"), (["t/a.sh", "t/b.sh", "t/c.sh"], "removed"),
    ])
    func aRunWhoseTaskFilesAreAllGoneWarnsOfEachFailedTask(values: [String], gone: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/a.sh", "exit 1\n")
        try bench.root.write("t/b.sh", "exit 1\n")
        try bench.root.write("t/c.sh", "exit 0\n")
        #expect(try await bench.prx(values.flatMap { ["-T", $0] } + ["-C", "sh @TASK@", "-r"]).status == 1)
        let run = try #require(bench.runIDs().first)
        if gone == "emptied" {
            for name in ["a", "b", "c"] { try FileManager.default.removeItem(atPath: bench.root.file("t/\(name).sh")) }
        } else {
            try FileManager.default.removeItem(atPath: bench.root.file("t"))
        }

        let again = try await bench.prx(["--resume-failed", run])
        #expect(again.status == 1, "\(again.stderr)")
        let passedOver = gone == "emptied" ? [] : values.map {
            "prx: warning: task path names nothing now: \($0) (-T); passed over, as its files are gone since the run "
                + "this resumes\n"
        }
        let failed = ["a", "b"].map {
            "prx: warning: task '\(bench.root.file("t/\($0).sh"))' did not succeed in run \(run) and is no longer in "
                + "the task source; it was not run again\n"
        }
        #expect(again.stderr == (passedOver + failed).joined())
        #expect(again.stdout.contains("Total Tasks: 0"), "\(again.stdout)")
    }

    @Test func aFailedLineGoneFromTheArgumentsFileIsWarnedOfAndFailsTheRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let log = bench.root.file("runs.log")
        try bench.root.write("a.txt", "ok1\nbad1\nok2\n")
        let command = "sh -c 'echo $0 >> \(log); [ ${0#bad} = $0 ]' @ARG@"
        #expect(try await bench.prx(["-A", "a.txt", "-C", command, "-r"]).status == 1)
        let run = try #require(bench.runIDs().first)
        try bench.root.write("a.txt", "ok1\nok2\n")
        try FileManager.default.removeItem(atPath: log)

        let again = try await bench.prx(["--resume-failed", run])
        #expect(again.status == 1)
        let warnings = again.stderr.split(separator: "\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("prx: warning: task '") == true)
        #expect(warnings.first?.contains("bad1") == true)
        #expect(!FileManager.default.fileExists(atPath: log))
    }
}
