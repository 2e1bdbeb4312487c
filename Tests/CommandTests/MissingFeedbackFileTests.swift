import Foundation
import PRXTesting
import Testing

/// A feedback file that is missing while its task runs is a state of the file, not a silence: its going and its
/// coming back are changes, from which the heartbeat counts (found by the black-box hunt: a task that removed its
/// file was stopped at prx's first look after, as "no heartbeat for 8s" 2 s into the run).
@Suite(.runsProcesses) struct MissingFeedbackFileTests {
    /// The one task's object in the `--json` file `results.jsonl` of `bench`.
    private static func taskResult(_ bench: Workbench) throws -> [String: Any] {
        let lines = try bench.root.read("results.jsonl").split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        return try #require(objects.compactMap { $0 }.first { $0["type"] as? String == "task" })
    }

    /// Runs `script` as the one task with `--heartbeat-timeout 8` (a look every 2 s) and `--json results.jsonl`.
    private static func run(_ script: String, heartbeat: String = "8", in bench: Workbench) async throws
        -> PRXProcess.Outcome
    {
        let folder = try bench.tasks(1) { _ in script }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", heartbeat, "--json", "results.jsonl"],
            home: bench.home, directory: bench.root.path)
        return await run.wait(killingAfter: 60)
    }

    /// Tasks that remove their file and end within the timeout of its going succeed: one that removes it a moment
    /// in (the hunt's), one that removes it at its start, and one whose file comes back before a timeout from its
    /// going is over, and stays for longer than a timeout from then (its coming back a change too). The final
    /// feedback is what the file holds at the task's end: none (`{}`) for a file gone then.
    @Test(arguments: [
        ("sleep 1.5; rm \"$PRX_FEEDBACK_FILE\"; sleep 5", "{}"),
        ("rm \"$PRX_FEEDBACK_FILE\"; sleep 5", "{}"),
        ("rm \"$PRX_FEEDBACK_FILE\"; sleep 3; echo '[back]1' > \"$PRX_FEEDBACK_FILE\"; sleep 7.5", #"{"back":"1"}"#),
    ])
    func aTaskWhoseFileWentIsNotStoppedForIt(script: String, feedback: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await Self.run(script + "\n", in: bench)
        #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
        let result = try Self.taskResult(bench)
        #expect(result["status"] as? String == "SUCCESS", "\(result)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        #expect(journal.contains("\"feedback\":\(feedback)"), "\(journal)")
        let run = try #require(bench.runIDs().first)
        #expect(try await bench.prx(["feedback", run, "1"]).stdout == feedback + "\n")
    }

    /// A file that stays missing stops its task as a silent one: a timeout after prx saw it go, not at that look.
    @Test func aFileThatStaysMissingStopsItsTaskATimeoutLater() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await Self.run("rm \"$PRX_FEEDBACK_FILE\"; sleep 60\n", heartbeat: "2", in: bench)
        #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
        let result = try Self.taskResult(bench)
        #expect(result["status"] as? String == "TIMEOUT")
        #expect(result["message"] as? String == "no heartbeat for 2s")
        let duration = try #require(result["duration"] as? Double)
        #expect(duration >= 2, "stopped \(duration) s in, at the look that found the file gone")
    }

    /// `prx status` shows a task whose file is missing as `[missing]`, with no band guessed from times the file took
    /// with it; it showed the task with no state at all.
    @Test func statusShowsAMissingFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "rm \"$PRX_FEEDBACK_FILE\"\nsleep 60\n" }
        let live = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", "60"], home: bench.home,
            directory: bench.root.path)
        let status = try await live.whileRunning {
            var status = try await bench.prx(["status"])
            let deadline = Date().addingTimeInterval(30)
            while !status.stdout.contains("[missing]") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                status = try await bench.prx(["status"])
            }
            return status
        }
        #expect(status.stdout.contains("1 running"), "\(status.stdout)")
        #expect(status.stdout.contains("[missing]"), "\(status.stdout)")
        #expect(!status.stdout.contains("[running]"))
    }

    /// `prx status` shows a task with a FIFO or a symbolic link to a device in its file's place as `[missing]`, as
    /// `prx feedback` shows it no feedback: it showed `[running]` by the FIFO's or the device's times. A FIFO no one
    /// writes does not hold `prx status` up, nor does `/dev/zero` keep it reading.
    @Test(arguments: ["mkfifo \"$PRX_FEEDBACK_FILE\"", "ln -s /dev/zero \"$PRX_FEEDBACK_FILE\""])
    func statusShowsNoRegularFileAsMissing(replacement: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let ready = bench.root.file("ready")
        let folder = try bench.tasks(1) { _ in
            "rm \"$PRX_FEEDBACK_FILE\"\n\(replacement)\ntouch '\(ready)'\nsleep 60\n"
        }
        let live = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r", "--feedback"], home: bench.home)
        let status = try await live.whileRunning {
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: ready) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            return try await PRXProcess(["status"], home: bench.home).wait(killingAfter: 20)
        }
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("1 running"), "\(status.stdout)")
        #expect(status.stdout.contains("[missing]"), "\(status.stdout)")
        #expect(!status.stdout.contains("[running]"), "\(status.stdout)")
    }
}
