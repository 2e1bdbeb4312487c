import Foundation
import PRXTesting
import Testing

/// A `local.feedback_dir` under which the run's feedback directory cannot be made is refused before the run, one line
/// naming the setting (and the configuration file's line or the `--set` that gave it) with the system's reason, exit
/// 2, as a log directory is: every task was an `ERROR` of its own ("cannot create feedback file …: Not a directory"),
/// exit 1.
@Suite(.runsProcesses) struct FeedbackDirectoryRefusalTests {
    @Test(arguments: [false, true])
    func aFeedbackDirectoryUnderAFileIsRefused(fromConfigurationFile: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        var arguments = ["-A", "args.txt", "-C", "echo @ARG@", "-r", "--feedback"]
        if fromConfigurationFile {
            try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    feedback_dir: args.txt\n")
        } else {
            arguments += ["--set", "local.feedback_dir=args.txt"]
        }
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let file = bench.root.file("args.txt")
        let place = fromConfigurationFile ? "\(bench.home)/cfg/prx.yaml:3: " : "--set local.feedback_dir=args.txt: "
        let line = try #require(outcome.stderr.split(separator: "\n").last)
        let start = "prx: error: \(place)cannot create the feedback directory (local.feedback_dir) \(file)/"
        #expect(line.hasPrefix(start), "\(outcome.stderr)")
        #expect(line.hasSuffix(": \(file) is not a directory"), "\(outcome.stderr)")
        #expect(bench.journals().isEmpty)
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    /// A `heartbeat_timeout` written as Python's `float()` reads it (`1_0`, ` 10`), which the setting takes, turns
    /// feedback on as `10` does, and so has its directory made, or refused, before the run: read with Swift's
    /// `Double(_:)`, it was taken for no timeout, and every task was an `ERROR` of its own, exit 1.
    @Test(arguments: ["1_0", " 10"])
    func aFeedbackDirectoryUnderAFileIsRefusedWhateverFormTheHeartbeatHas(heartbeat: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        let outcome = try await bench.prx([
            "-A", "args.txt", "-C", "echo @ARG@", "-r", "--set", "local.heartbeat_timeout=\(heartbeat)",
            "--set", "local.feedback_dir=args.txt",
        ])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let file = bench.root.file("args.txt")
        let line = try #require(outcome.stderr.split(separator: "\n").last)
        #expect(line.hasPrefix(
            "prx: error: --set local.feedback_dir=args.txt: cannot create the feedback directory (local.feedback_dir) "
                + "\(file)/"))
        #expect(line.hasSuffix(": \(file) is not a directory"), "\(outcome.stderr)")
        #expect(bench.journals().isEmpty)
    }

    /// The feedback directory is made as the run starts, and holds the tasks' files once it ends.
    @Test func theFeedbackDirectoryIsMadeUnderOneThatIsNotThereYet() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-C", "echo @ARG@", "-r", "--feedback", "--set", "local.feedback_dir=fb/shared"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let runID = try #require(bench.runIDs().first)
        let files = try FileManager.default.contentsOfDirectory(atPath: bench.root.file("fb/shared/\(runID)"))
        #expect(files.sorted() == ["1.feedback", "2.feedback"])
    }
}
