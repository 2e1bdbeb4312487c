import Foundation
import PRXTesting
import Testing

/// prx runs a task's words as they are, with no shell, so its first word is always the program. Written as a shell
/// would quote it (the dry run, the CSV's `command`, the log and the output file), that word was left plain when
/// its characters needed no quotes, though a shell reads it as something else in that place: `x=1 echo` is an
/// assignment before `echo`, `if echo a` the start of an `if`. Such a program is now quoted (`'x=1' echo`), so
/// that the line runs, in a shell, the program prx runs.
@Suite(.runsProcesses) struct ProgramWordQuotingTests {
    /// A task whose program a shell would take for something else, and how each rendering writes it.
    struct Case: CustomTestStringConvertible, Sendable {
        /// The program, made as a script on the tasks' `PATH`.
        var program: String
        /// The arguments file's one line.
        var line: String
        var arguments: [String]
        /// The task's command as the CSV, the log and the output file write it.
        var command: String
        /// The dry run's line: the command after any `NAME=value` prefixes.
        var dryRun: String
        var testDescription: String { dryRun }
    }

    static let cases: [Case] = [
        Case(
            program: "x=1", line: "x=1", arguments: ["-C", "@ARG@ echo hi"], command: "'x=1' echo hi",
            dryRun: "'x=1' echo hi"),
        Case(
            program: "if", line: "a", arguments: ["-C", "if echo @ARG@"], command: "'if' echo a",
            dryRun: "'if' echo a"),
        Case(
            program: "time", line: "a", arguments: ["-C", "time echo @ARG@"], command: "'time' echo a",
            dryRun: "'time' echo a"),
        Case(
            program: "FOO=bar", line: "a", arguments: ["-E", "X", "-C", "FOO=bar echo @ARG@"],
            command: "'FOO=bar' echo a", dryRun: "X=a 'FOO=bar' echo a"),
    ]

    /// The dry run's line, run by `sh`, runs the program prx runs (which says its name and arguments); the CSV,
    /// the log and the output file write the command as the dry run does.
    @Test(arguments: cases)
    func aProgramAShellWouldTakeForSomethingElseIsQuoted(_ example: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("bin/\(example.program)", "#!/bin/sh\necho \"ran ${0##*/} $*\"\n", executable: true)
        let path = bench.root.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let arguments = try bench.root.write("args.txt", example.line + "\n")
        let ran = "ran \(example.command.replacing("'", with: ""))\n"

        let dryRun = try await bench.prx(["-A", arguments] + example.arguments, environment: ["PATH": path])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout == example.dryRun + "\n# dry run: 1 task; add -r to run it\n")
        let shell = try await PRXProcess.run(
            ["-c", dryRun.stdout], executable: "/bin/sh", home: bench.home, environment: ["PATH": path])
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout == ran)

        let run = try await bench.prx(["-A", arguments, "-r", "-d"] + example.arguments, environment: ["PATH": path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try await bench.summaryRecords().map { $0["command"] } == [example.command])
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Command: \(example.command)\n"))
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        #expect(output.contains("Command: \(example.command)\nStatus: SUCCESS\n"))
        #expect(output.contains("STDOUT:\n\(ran)"))
    }

    /// With no program of that name, prx's task is `ERROR` (the command was not found), which the dry run reports, and
    /// the command as prx writes it fails in `sh` as a command not found (status 127), where unquoted it ran `echo`.
    @Test func aProgramNamedLikeAnAssignmentIsNotFoundInAShellAsInPRX() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("eq.txt", "x=1\n")
        let dryRun = try await bench.prx(["-A", arguments, "-C", "@ARG@ echo"])
        #expect(dryRun.stdout == "# x=1: not runnable: command not found: x=1\n"
            + "# dry run: 1 task, 1 not runnable; add -r to run it\n")
        let shell = try await PRXProcess.run(["-c", "'x=1' echo"], executable: "/bin/sh", home: bench.home)
        #expect(shell.status == 127)
        #expect(shell.stdout.isEmpty)
        let run = try await bench.prx(["-A", arguments, "-C", "@ARG@ echo", "-r"])
        #expect(run.status == 1)
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["ERROR"])
    }
}
