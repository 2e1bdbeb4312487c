import Foundation
import PRXTesting
import Testing

/// The summary report and the main log wrote what a recipe gave them raw: a `stop_when` reason's escape sequence
/// (`- Halted: stop_when: ^[[2J…`, and the log's `Auto-stop:` line), an `on_error = "halt"` hook error's, a `cmd`
/// function's error message and a task's name acted on the terminal of whoever read them, where prx's warning lines
/// wrote the same message escaped. Both now write every control character as an escape (`\x1b`), as the warnings do;
/// the CSV summary keeps the text as it is, for the programs that read it, as `--json` does.
@Suite(.runsProcesses) struct ReportAndLogEscapingTests {
    /// Clears the screen and sets the colour to red.
    static let sequence = "\u{1B}[2J\u{1B}[31m"
    /// ``sequence`` as the report and the log write it.
    static let escapedSequence = #"\x1b[2J\x1b[31m"#

    /// A recipe run halted by a `stop_when` reason with an escape sequence, after a task named with one and a `cmd`
    /// function whose error holds one.
    @Test func aStopWhenReasonACmdErrorAndANameAreEscapedInTheReportAndTheLog() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "true", name = "a\27[2J\27[31mb" }
            prx.task { name = "c", after = "a\27[2J\27[31mb", cmd = function() error("bad\27[2J\27[31mcmd") end }
            prx.task { "true", name = "d", after = "c", after_any = true }
            prx.stop_when(function(s) if s.finished >= 2 then return "\27[2J\27[31mALL GOOD" end end)
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let reason = "stop_when: \(Self.escapedSequence)ALL GOOD"
        #expect(outcome.stdout.contains("\n- Halted: \(reason)\n"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("\u{1B}"))
        let log = try Self.mainLog(of: bench)
        #expect(log.contains(" - Auto-stop: \(reason)\n"), "\(log)")
        #expect(log.contains(" - Task completed: a\(Self.escapedSequence)b\n"), "\(log)")
        #expect(log.contains(" - Task failed: c - recipe.lua:2: bad\(Self.escapedSequence)cmd\n"), "\(log)")
        #expect(!log.contains("\u{1B}"))
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
        #expect(rows == [
            "a\(Self.sequence)b SUCCESS ", "c ERROR recipe.lua:2: bad\(Self.sequence)cmd",
            "d CANCELLED run halted: stop_when: \(Self.sequence)ALL GOOD",
        ])
    }

    /// A hook's error halting the run (`on_error = "halt"`): its warning line was escaped, the report's `- Halted:`
    /// line and the log's `Auto-stop:` line were not.
    @Test func aHookErrorHaltingTheRunIsEscapedInTheReportAndTheLog() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.config { on_error = "halt", workers = 1 }
            prx.task { "true", name = "a" }
            prx.task { "true", name = "b", after = "a" }
            prx.on_finish(function() error("bad\27[2J\27[31mred") end)
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let reason = "on_finish failed: recipe.lua:4: bad\(Self.escapedSequence)red"
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:4: bad\(Self.escapedSequence)red (in on_finish)\n"))
        #expect(outcome.stdout.contains("\n- Halted: \(reason)\n"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("\u{1B}"))
        let log = try Self.mainLog(of: bench)
        #expect(log.contains(" - Auto-stop: \(reason)\n"), "\(log)")
        #expect(!log.contains("\u{1B}"))
    }

    /// The configuration files the main log names as a run starts (`Script config: …`) were written raw, where the
    /// log's other lines were escaped: a line break in `PRX_CONFIG_DIR` started a line of its own, an escape sequence
    /// acted on the terminal. The log escapes every line now, and a daemon's summary report, which it takes as one
    /// entry of several lines, still comes out a line of the log for each of the report's.
    @Test(arguments: [false, true])
    func theConfigurationFilesTheLogNamesAreEscaped(daemon: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("cfg\n\(Self.sequence)/prx.yaml", "limits:\n  max_workers: 3\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "-r"] + (daemon ? ["-D"] : []),
            environment: ["PRX_CONFIG_DIR": bench.root.file("cfg\n\(Self.sequence)")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        if daemon {
            let pid = try #require(outcome.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) })
            let deadline = Date().addingTimeInterval(20)
            while LiveProcesses.isRunning(pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        }
        let log = try Self.mainLog(of: bench)
        let directory = "\(bench.root.path)/cfg\\n\(Self.escapedSequence)"
        #expect(log.contains(" - Script config: \(directory)/prx.yaml\n"), "\(log)")
        #expect(!log.contains("\u{1B}"))
        if daemon {
            let lines = log.split(separator: "\n")
            #expect(lines.contains { $0.hasSuffix(" - Parallel Task Execution Summary") }, "\(log)")
            #expect(lines.contains("Total Tasks: 1") && lines.contains("- Workers: 3"), "\(log)")
        }
    }

    /// The text of the bench's one main log.
    static func mainLog(of bench: Workbench) throws -> String {
        try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
    }
}
