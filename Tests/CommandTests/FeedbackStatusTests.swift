import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct FeedbackStatusTests {
    private func runID(_ bench: Workbench) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: bench.home + "/history")
        return try #require(names.filter { $0.hasSuffix(".jsonl") }.sorted().last)
            .replacingOccurrences(of: ".jsonl", with: "")
    }

    @Test func feedbackIsKeptAndASilentTaskIsStoppedByItsHeartbeat() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = bench.root.file("tasks")
        try bench.root.write(
            "tasks/talks.sh",
            "echo '[progress]50' >> \"$PRX_FEEDBACK_FILE\"\nsleep 0.2\n"
                + "echo '[progress]90' >> \"$PRX_FEEDBACK_FILE\"\n")
        try bench.root.write("tasks/silent.sh", "sleep 30\n")
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", "1"])
        #expect(outcome.status == 1)
        let records = try await bench.summaryRecords()
        let silent = try #require(records.first { $0["task_file"]!.hasSuffix("silent.sh") })
        #expect(silent["status"] == "TIMEOUT")
        #expect(silent["error_message"]?.contains("no heartbeat") == true)
        let run = try runID(bench)
        let talksID = try #require(try await bench.prx(["history", run, "--json"]).stdout
            .firstMatch(of: /"id" : (\d+),\s*"key" : "[0-9a-f]+",\s*"label" : "[^"]*talks.sh"/)?.1)
        let feedback = try await bench.prx(["feedback", run, String(talksID)])
        #expect(feedback.status == 0, "\(feedback.stderr)")
        #expect(feedback.stdout.contains("\"progress\":\"90\""))
    }

    /// Without process groups, a task whose leader exited while a background job holds its output is not over (prx
    /// reads its output to the end), and its heartbeat is still watched, as its time limit is: it went unwatched from
    /// the leader's exit, so that a task silent for many times its heartbeat timeout ran on, `[stalled]` in
    /// `prx status`, until its time limit. The stop ends the wait, the job left running, as the time limit's does.
    @Test func withoutProcessGroupsATaskWaitingForItsJobsOutputIsStoppedByItsHeartbeat() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let pidFile = bench.root.file("job.pid")
        let folder = try bench.tasks(1) { _ in "sleep 60 & echo $! > '\(pidFile)'\necho early\n" }
        let outcome = try await bench.prx([
            "-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", "1", "-t", "10",
            "--set", "local.use_process_groups=false",
        ])
        let job = try #require(Int32(try bench.root.read("job.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(job, SIGKILL) }
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let record = try #require(try await bench.summaryRecords().first)
        #expect(record["status"] == "TIMEOUT")
        #expect(record["error_message"] == "no heartbeat for 1s", "\(record)")
        #expect(Double(record["duration_seconds"] ?? "") ?? 10 < 8, "\(record)")
        #expect(kill(job, 0) == 0, "the job is left running, as without process groups only the leader is prx's")
    }

    /// A task that is no task number is refused by name, exit 2: one below 1 (`-1` was read as an unknown option, and
    /// prx said "Missing expected argument '<task>'"; `0` was looked for), or one that is no number (`-x` and `--x`
    /// got that same message, `x` swift-argument-parser's "The value 'x' is invalid for '<task>'"). `--help` beside it
    /// still shows the help. A whole number past the largest task number (`99999999999999999999`) is too large, not
    /// "no task number", and one as far below 1 is below 1.
    @Test(arguments: [
        ("-1", "must be 1 or more"), ("0", "must be 1 or more"), ("-12", "must be 1 or more"),
        ("-x", "is not a task number"), ("--x", "is not a task number"), ("x", "is not a task number"),
        ("-1.5", "is not a task number"), ("-", "is not a task number"),
        ("99999999999999999999", "is too large, above 9223372036854775807"),
        ("+9223372036854775808", "is too large, above 9223372036854775807"),
        ("-99999999999999999999", "must be 1 or more"), ("1e3", "is not a task number"),
    ])
    func aTaskThatIsNoTaskNumberIsRefusedByName(task: String, problem: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 0)
        let run = try runID(bench)
        let outcome = try await bench.prx(["feedback", run, task])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "prx: error: task '\(task)' \(problem): prx numbers a run's tasks from 1 "
            + "(prx history \(run) lists them)\n")
        let help = try await bench.prx(["feedback", run, task, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: prx feedback <run> <task>"), "\(help.stdout)")
    }

    /// A task whose end its journal lacks (`LOST`: prx exited past a hook stuck in a C function after SIGTERM) shows
    /// its feedback file, as a running task does: `prx feedback` took it for a finished task without feedback and
    /// said "had no feedback file (run with --feedback)", exit 2, though the run had `--feedback` and the file held
    /// the task's line.
    @Test func aLostTaskShowsItsFeedbackFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "echo '[progress]50' >> \"$PRX_FEEDBACK_FILE\"\n" }
        try bench.root.write("hooks.lua", """
            return { on_finish = function(task)
              prx.write("looping", "yes") string.find(("a"):rep(60), ("a*"):rep(25) .. "b")
            end }
            """)
        let live = try await bench.prxOnceLooping(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--feedback", "--hook", "hooks.lua"])
        kill(live.process.processIdentifier, SIGTERM)
        let outcome = await live.wait(killingAfter: 20)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        let run = try runID(bench)
        let tasks = try await bench.prx(["history", run])
        #expect(tasks.stdout.contains(" LOST "), "\(tasks.stdout)")
        let feedback = try await bench.prx(["feedback", run, "1"])
        #expect(feedback.status == 0, "\(feedback.stderr)")
        #expect(feedback.stdout == "{\"progress\":\"50\"}\n", "\(feedback.stdout)")
    }

    /// A running task whose feedback file is gone (a task may remove its file and write a new one) or is no regular
    /// file shows no feedback, `{}`, as its end will record and as `prx status` shows it `[missing]`: `prx feedback`
    /// said `cannot read feedback file …: No such file or directory`, exit 2, to whoever polled it at that moment.
    @Test(arguments: ["rm -f", "rm -f \"$PRX_FEEDBACK_FILE\"; mkfifo"])
    func aRunningTaskWhoseFileIsNotThereShowsNoFeedback(removal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let ready = bench.root.file("ready")
        let folder = try bench.tasks(1) { _ in
            "echo '[a]1' >> \"$PRX_FEEDBACK_FILE\"\n\(removal) \"$PRX_FEEDBACK_FILE\"\ntouch '\(ready)'\nsleep 60\n"
        }
        let live = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r", "--feedback"], home: bench.home)
        try await live.whileRunning {
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: ready) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            let feedback = try await bench.prx(["feedback", try runID(bench), "1"])
            #expect(feedback.status == 0, "\(feedback.stderr)")
            #expect(feedback.stdout == "{}\n", "\(feedback.stdout)")
        }
    }

    /// The hint for a run without feedback files works for a recipe's run too: it said "(run with --feedback)", a flag
    /// `prx run` does not take; `--set local.feedback=true` gives a recipe's tasks their files.
    @Test(arguments: [false, true])
    func theHintForFeedbackFilesWorksForARecipe(followed: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let task = #"echo '[progress]50' >> "${PRX_FEEDBACK_FILE:-/dev/null}""#
        try bench.root.write("recipe.lua", "prx.task { sh = [[\(task)]] }")
        let hint = ["--set", "local.feedback=true"]
        #expect(try await bench.prx(["run", "recipe.lua", "-r"] + (followed ? hint : [])).status == 0)
        let feedback = try await bench.prx(["feedback", try runID(bench), "1"])
        if followed {
            #expect(feedback.status == 0 && feedback.stdout.contains(#""progress":"50""#), "\(feedback.stderr)")
        } else {
            #expect(feedback.status == 2)
            let expected = " had no feedback file (run with --feedback, or \(hint.joined(separator: " ")))\n"
            #expect(feedback.stderr.hasSuffix(expected), "\(feedback.stderr)")
        }
    }

    /// A task of a run that gave its tasks feedback files, which never ran its command (`ERROR`: its program not found;
    /// `SKIPPED`: its dependency failed), is said to have none for that reason: `prx feedback` said it "had no feedback
    /// file (run with --feedback, or --set local.feedback=true)", advice the run had followed.
    @Test(arguments: ["ERROR", "SKIPPED"])
    func aTaskThatNeverRanIsSaidToHaveNoFeedbackForThat(status: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "no-such-program-of-prx\n")
        try bench.root.write(
            "recipe.lua", "local a = prx.task { sh = 'exit 1' }\nprx.task { sh = 'true', after = { a } }\n")
        let arguments = status == "ERROR"
            ? ["-A", "hosts.txt", "-C", "@ARG@", "-r", "--feedback"]
            : ["run", "recipe.lua", "-r", "--set", "local.feedback=true"]
        #expect(try await bench.prx(arguments).status == 1)
        let run = try runID(bench)
        let task = status == "ERROR" ? "1" : "2"
        #expect(try await bench.prx(["history", run]).stdout.contains("\n\(task)   \(status) "))
        let feedback = try await bench.prx(["feedback", run, task])
        #expect(feedback.status == 2)
        let expected = "prx: error: task \(task) of run \(run) has no feedback: it never ran its command (\(status))\n"
        #expect(feedback.stderr == expected, "\(feedback.stderr)")
    }

    @Test func statusShowsALiveRunWithHeartbeatStates() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "echo '[step]one' >> \"$PRX_FEEDBACK_FILE\"\nsleep 60\n" }
        let live = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", "20"], home: bench.home)
        var status = try await bench.prx(["status"])
        let deadline = Date().addingTimeInterval(30)
        while !status.stdout.contains("[running]") && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            status = try await bench.prx(["status"])
        }
        let history = (try? await bench.prx(["history"]).stdout) ?? ""
        #expect(status.stdout.contains("1 running"), "\(status.stdout) \(history)")
        #expect(status.stdout.contains("[running]"))
        #expect(status.stdout.contains("\"step\":\"one\""))
        kill(live.process.processIdentifier, SIGTERM)
        _ = await live.wait()
        #expect(try await bench.prx(["status"]).stdout.contains("No prx run is going on."))
        let ended = try #require(try await bench.prx(["history"]).stdout.firstMatch(of: /\d{8}-\d{6}-\d+/)?.0)
        #expect(try await bench.prx(["status", String(ended)]).stdout.contains("Run \(ended) is not running (interrupted): "))
        let unknown = try await bench.prx(["status", "20000101-000000-1"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("prx: error: no run 20000101-000000-1"))
    }

    /// A run whose tasks have feedback files but no heartbeat timeout shows each running task as `[running]`
    /// whatever its file's age, and a run is listed only while its prx lives: once prx is killed (`SIGKILL`, its
    /// task stopped by the orphan guard), even before its parent waits for it (a zombie, here under a shell that
    /// `exec`s `sleep`), `prx status` shows no run, and `prx history` shows it killed.
    @Test func statusShowsNoTaskOfARunWhosePRXWasKilled() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "echo '[step]one' >> \"$PRX_FEEDBACK_FILE\"\nsleep 60\n" }
        let script = #""$0" -T "$1" -C 'bash @TASK@' -r --feedback >/dev/null 2>&1 & echo $! > prx.pid; exec sleep 60"#
        let parent = try PRXProcess(
            ["-c", script, PRXProcess.executablePath, folder], executable: "/bin/sh", home: bench.home,
            directory: bench.root.path)
        _ = try await parent.whileRunning(stoppedWith: SIGKILL) {
            var status = try await bench.prx(["status"])
            let deadline = Date().addingTimeInterval(30)
            while !status.stdout.contains("\"step\":\"one\"") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                status = try await bench.prx(["status"])
            }
            #expect(status.stdout.contains("[running]"), "\(status.stdout)")
            let written = try bench.root.read("prx.pid")
            let pid = try #require(Int32(written.trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(pid, SIGKILL)
            let state = {
                (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                    .split(separator: ")").last?.split(separator: " ").first
            }
            while state() != "Z" && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            #expect(state() == "Z", "prx (pid \(pid)) is no zombie awaiting its parent")
            let after = try await bench.prx(["status"])
            #expect(after.stdout == "No prx run is going on.\n", "\(after.stdout)")
            let history = try await bench.prx(["history"])
            #expect(history.stdout.contains(" killed "), "\(history.stdout)")
        }
    }

    /// `prx status` shows the control characters of a task's name and of the command line as escapes, as
    /// `prx history` does: it printed them raw, so that an escape sequence acted on the terminal and a line break in
    /// the command started a line of its own.
    @Test func statusEscapesControlCharacters() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "a\u{1B}[2Jb\n")
        let live = try PRXProcess(
            ["-A", lines, "-C", "sh -c 'sleep 60' \"x\nRun 9 (PID 9), fake\" @ARG@", "-r"], home: bench.home,
            directory: bench.root.path)
        try await live.whileRunning {
            var status = try await bench.prx(["status"])
            let deadline = Date().addingTimeInterval(30)
            while !status.stdout.contains("1 running") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                status = try await bench.prx(["status"])
            }
            #expect(status.stdout.contains("  a\\x1b[2Jb"), "\(status.stdout)")
            #expect(status.stdout.contains("\\nRun 9 (PID 9), fake"), "\(status.stdout)")
            #expect(!status.stdout.contains("\u{1B}"))
            #expect(status.stdout.split(separator: "\n").count == 2, "\(status.stdout)")
        }
    }

    /// `prx status` shows a running task's feedback with its C1 controls (U+009B, an 8-bit CSI), DEL and bidirectional
    /// controls (U+202E, which shows the rest of the line reversed) as JSON's `\u` escapes, as it shows the C0
    /// controls, so that the object still reads as the same JSON: it printed them raw, where it escapes them in the
    /// task's name. `prx feedback`, JSON for programs, gives the text as it is, as `--json` does.
    @Test func statusEscapesTheControlCharactersOfFeedback() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in
            "printf '[step]\\342\\200\\256gnidaol\\n[csi]\\302\\2332J\\177\\n' >> \"$PRX_FEEDBACK_FILE\"\nsleep 60\n"
        }
        let live = try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r", "--feedback"], home: bench.home)
        try await live.whileRunning {
            let status = try await bench.status(once: "\"step\"")
            let shown = #"{"csi":"\u009b2J\u007f","step":"\u202egnidaol"}"#
            #expect(status.hasSuffix("  " + shown + "\n"), "\(status)")
            #expect(!status.unicodeScalars.contains { [0x7F, 0x9B, 0x202E].contains($0.value) })
            let values = try JSONDecoder().decode([String: String].self, from: Data(shown.utf8))
            #expect(values == ["csi": "\u{9B}2J\u{7F}", "step": "\u{202E}gnidaol"])
            let feedback = try await bench.prx(["feedback", try runID(bench), "1"])
            #expect(feedback.stdout == "{\"csi\":\"\u{9B}2J\u{7F}\",\"step\":\"\u{202E}gnidaol\"}\n", "\(feedback.stdout)")
        }
    }

    /// `prx status` shows a run's start as `prx history` does, in the local time of the time zone prx runs in with
    /// its offset from UTC: it showed the journal's time cut to the second, the run's own local time without an
    /// offset, so that a run started in Asia/Kolkata read five and a half hours off `prx history` in UTC.
    @Test func statusShowsTheStartAsHistoryDoes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "sleep 60\n" }
        let live = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r"], home: bench.home, environment: ["TZ": "Asia/Kolkata"],
            directory: bench.root.path)
        try await live.whileRunning {
            var status = try await bench.prx(["status"], environment: ["TZ": "UTC0"])
            let deadline = Date().addingTimeInterval(30)
            while !status.stdout.contains("1 running") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                status = try await bench.prx(["status"], environment: ["TZ": "UTC0"])
            }
            let history = try await bench.prx(["history"], environment: ["TZ": "UTC0"])
            let start = try #require(history.stdout.firstMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000/)?.0)
            #expect(status.stdout.contains(", started \(start): 0 finished, 1 running"), "\(status.stdout)")
        }
    }

    /// A run's feedback is found from any directory: the journal named it relative to where the run started
    /// (`--log-dir logs`), and a recipe's (`prx.set("local.heartbeat_timeout", …)`) not at all, so that
    /// `prx status` showed no heartbeat state or feedback for either; nor for feedback turned on by a truth word
    /// other than `true` (`--set local.feedback=yes`), which the journal did not count as feedback at all.
    @Test(arguments: ["heartbeat", "recipe", "yes"])
    func statusFindsTheFeedbackFromAnyDirectory(turnedOnBy: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let body = "echo '[step]one' >> \"$PRX_FEEDBACK_FILE\"; sleep 60"
        try bench.root.write("recipe.lua", "prx.set(\"local.heartbeat_timeout\", 20)\nprx.task { sh = [[\(body)]] }\n")
        let folder = try bench.tasks(1) { _ in body + "\n" }
        let arguments = switch turnedOnBy {
        case "recipe": ["run", "recipe.lua", "-r", "--log-dir", "logs"]
        case "heartbeat": ["-T", folder, "-C", "bash @TASK@", "-r", "--heartbeat-timeout", "20", "--log-dir", "logs"]
        default: ["-T", folder, "-C", "bash @TASK@", "-r", "--set", "local.feedback=\(turnedOnBy)", "--log-dir", "logs"]
        }
        let live = try PRXProcess(arguments, home: bench.home, directory: bench.root.path)
        try await live.whileRunning {
            var status = try await PRXProcess.run(["status"], home: bench.home, directory: "/")
            let deadline = Date().addingTimeInterval(30)
            while !status.stdout.contains("\"step\":\"one\"") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                status = try await PRXProcess.run(["status"], home: bench.home, directory: "/")
            }
            #expect(status.stdout.contains("[running]"), "\(status.stdout)")
            #expect(status.stdout.contains("\"step\":\"one\""))
        }
    }

    /// `prx status` reads the run's `heartbeat_timeout` as the setting took it, `4_0` as forty seconds, so that a
    /// feedback file last written 25 seconds ago is `[stalled]`; read with Swift's `Double(_:)`, it was no timeout, and
    /// every task `[running]` however long its file had been silent.
    @Test func statusReadsTheHeartbeatAsTheSettingTookIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let body = "echo '[step]one' >> \"$PRX_FEEDBACK_FILE\"; touch -d '25 seconds ago' \"$PRX_FEEDBACK_FILE\"; "
            + "sleep 60"
        let folder = try bench.tasks(1) { _ in body + "\n" }
        let live = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--set", "local.heartbeat_timeout=4_0"],
            home: bench.home, directory: bench.root.path)
        try await live.whileRunning {
            var status = try await PRXProcess.run(["status"], home: bench.home, directory: bench.root.path)
            let deadline = Date().addingTimeInterval(10)
            while !status.stdout.contains("[stalled]") && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(100))
                status = try await PRXProcess.run(["status"], home: bench.home, directory: bench.root.path)
            }
            #expect(status.stdout.contains("[stalled]"), "\(status.stdout)")
        }
    }
}
