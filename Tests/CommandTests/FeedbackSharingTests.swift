import Foundation
import PRXTesting
import Testing

/// Feedback files of runs that share a `feedback_dir`, and heartbeats of files whose times lag prx's clock.
@Suite(.runsProcesses) struct FeedbackSharingTests {
    private static func runID(home: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: home + "/history")
        let journal = try #require(names.filter { $0.hasSuffix(".jsonl") }.sorted().last)
        return String(journal.dropLast(".jsonl".count))
    }

    /// Waits up to 30 s for `path` to exist.
    private static func waitFor(_ path: String) async {
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Two runs sharing a feedback directory (here by `--set`; a `plugins:` entry shares it with every run) keep
    /// their own files: both named theirs `<dir>/1.feedback`, so that the second run emptied the first's file when
    /// its task started, and the first run's live and final feedback were the second's.
    @Test func runsSharingAFeedbackDirectoryKeepTheirOwnFiles() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let shared = bench.root.file("shared-feedback")
        let otherHome = bench.root.file("other-home")
        let first = try bench.tasks(1, in: "first") { _ in
            "echo '[who]first' >> \"$PRX_FEEDBACK_FILE\"\ntouch \(bench.root.file("first-wrote"))\n"
                + "for i in $(seq 600); do [ -e \(bench.root.file("release")) ] && break; sleep 0.05; done\n"
        }
        let second = try bench.tasks(1, in: "second") { _ in "echo '[who]second' >> \"$PRX_FEEDBACK_FILE\"\n" }
        let setting = ["--feedback", "--set", "local.feedback_dir=\(shared)"]
        let running = try PRXProcess(
            ["-T", first, "-C", "bash @TASK@", "-r"] + setting, home: bench.home, directory: bench.root.path)
        await Self.waitFor(bench.root.file("first-wrote"))
        let other = try await PRXProcess.run(
            ["-T", second, "-C", "bash @TASK@", "-r"] + setting, home: otherHome, directory: bench.root.path)
        #expect(other.status == 0, "\(other.stderr)")
        let firstRun = try Self.runID(home: bench.home)
        let live = try await bench.prx(["feedback", firstRun, "1"])
        #expect(live.stdout == "{\"who\":\"first\"}\n", "\(live.stderr)")
        let status = try await bench.prx(["status"])
        #expect(status.stdout.contains("{\"who\":\"first\"}"), "\(status.stdout)")
        try bench.root.write("release", "")
        let outcome = await running.wait(killingAfter: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.prx(["feedback", firstRun, "1"]).stdout == "{\"who\":\"first\"}\n")
        let secondRun = try Self.runID(home: otherHome)
        let secondFeedback = try await PRXProcess.run(["feedback", secondRun, "1"], home: otherHome)
        #expect(secondFeedback.stdout == "{\"who\":\"second\"}\n", "\(secondFeedback.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(shared)/\(firstRun)/1.feedback"))
        #expect(FileManager.default.fileExists(atPath: "\(shared)/\(secondRun)/1.feedback"))
    }

    /// A feedback directory only says where feedback files go: named by `--set` (even beside
    /// `local.feedback=false`) or by a `plugins:` entry that every run shares, it turned feedback on by itself, so
    /// that every run of such a configuration made feedback files unasked (`$PRX_FEEDBACK_FILE` set,
    /// `DIR/<run id>/1.feedback` created, `"feedback":{}` in `--json`). Feedback stays off; a heartbeat turns it on,
    /// with the files in the directory.
    @Test(arguments: ["set", "set with feedback off", "configuration"])
    func aFeedbackDirectoryAloneTurnsNoFeedbackOn(namedBy: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let directory = bench.root.file("feedback-dir")
        let folder = try bench.tasks(1) { _ in
            "printf %s \"${PRX_FEEDBACK_FILE:-none}\" > \(bench.root.file("seen"))\n"
        }
        let naming = switch namedBy {
        case "set": ["--set", "local.feedback_dir=\(directory)"]
        case "set with feedback off": ["--set", "local.feedback=false", "--set", "local.feedback_dir=\(directory)"]
        default: [String]()
        }
        if namedBy == "configuration" {
            try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    feedback_dir: \(directory)\n")
        }
        let arguments = ["-T", folder, "-C", "bash @TASK@", "-r", "--json", "results.jsonl"] + naming
        let off = try await bench.prx(arguments)
        #expect(off.status == 0, "\(off.stderr)")
        #expect(try bench.root.read("seen") == "none")
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory)")
        #expect(try bench.root.read("results.jsonl").contains("\"feedback\":null"))
        let offRun = try #require(bench.runIDs().first)
        let noFile = try await bench.prx(["feedback", offRun, "1"])
        #expect(noFile.status == 2)
        #expect(noFile.stderr.contains("had no feedback file"), "\(noFile.stderr)")

        let on = try await bench.prx(arguments + ["--heartbeat-timeout", "30"])
        #expect(on.status == 0, "\(on.stderr)")
        let onRun = try #require(bench.runIDs().first { $0 != offRun })
        #expect(try bench.root.read("seen") == "\(directory)/\(onRun)/1.feedback")
    }

    /// A heartbeat counts from when prx saw the file change, not from the file's modification time: a task that
    /// wrote every second to a file whose time lags prx's clock by 4 s (a file server's clock behind) was stopped
    /// as "no heartbeat for 3s" at the first look.
    @Test func aFileWhoseTimeLagsStillBeats() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in
            "for i in 1 2 3 4 5 6; do\n  echo \"[beat]$i\" >> \"$PRX_FEEDBACK_FILE\"\n"
                + "  touch -d \"@$(( $(date +%s) - 4 ))\" \"$PRX_FEEDBACK_FILE\"\n  sleep 1\ndone\n"
        }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", "3"], home: bench.home,
            directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 60)
        #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.first?["status"] == "SUCCESS", "\(records)")
    }
}
