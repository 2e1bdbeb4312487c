import Foundation
import PRXTesting
import Testing

/// A task script whose `#!` line names an interpreter that cannot be run is reported in words that name that
/// interpreter, in the run (its CSV, output file and `--json`) and in the dry run alike: `execve` fails for it with the
/// error a missing or unexecutable program gives, and the run said `command not found: /…/t/a.sh` of the script, which
/// is there, while the dry run called it runnable.
@Suite(.runsProcesses) struct BadInterpreterTests {
    /// A missing interpreter, one prx may not execute, one named by an interpreter that is itself a script, one named
    /// by a line with a Windows line end (its carriage return written `\r`, which printed would hide the name), and,
    /// in the run only (the dry run does not tell a program from another file), one that is no program.
    @Test func aScriptsInterpreterThatCannotRunIsNamed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = bench.root.path
        try bench.root.write("t/a.sh", "#!/nonexistent/interp\necho x\n", executable: true)
        try bench.root.write("readable", "#!/bin/sh\n")
        try bench.root.write("t/b.sh", "#! \(root)/readable -e\necho x\n", executable: true)
        try bench.root.write("wrap", "#!/nonexistent/interp\n", executable: true)
        try bench.root.write("t/c.sh", "#!\(root)/wrap\necho x\n", executable: true)
        try bench.root.write("garbage", "echo x\n", executable: true)
        try bench.root.write("t/e.sh", "#!\(root)/garbage\necho x\n", executable: true)
        try bench.root.write("t/f.sh", "#!/bin/sh\r\necho x\r\n", executable: true)
        let reasons = [
            "\(root)/t/a.sh":
                "bad interpreter /nonexistent/interp: No such file or directory (named by the #! line of \(root)/t/a.sh)",
            "\(root)/t/b.sh":
                "bad interpreter \(root)/readable: Permission denied (named by the #! line of \(root)/t/b.sh)",
            "\(root)/t/c.sh": "bad interpreter /nonexistent/interp: No such file or directory (named by the #! line of "
                + "\(root)/wrap, the interpreter of \(root)/t/c.sh)",
            "\(root)/t/f.sh": "bad interpreter /bin/sh\\r: No such file or directory (named by the #! line of "
                + "\(root)/t/f.sh, which ends with a carriage return, as Windows ends lines)",
        ]
        let formatError = "bad interpreter \(root)/garbage: Exec format error (named by the #! line of \(root)/t/e.sh)"

        let dryRun = try await bench.prx(["-T", "t", "-C", "@TASK@"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        for (script, reason) in reasons {
            #expect(dryRun.stdout.contains("# \(script): not runnable: \(reason)\n"), "\(dryRun.stdout)")
        }
        #expect(dryRun.stdout.contains("\n\(root)/t/e.sh\n"), "\(dryRun.stdout)")

        let run = try await bench.prx(["-T", "t", "-C", "@TASK@", "-r", "--json", "run.jsonl"])
        #expect(run.status == 1, "\(run.stderr)")
        let records = try await bench.summaryRecords()
        let messages = Dictionary(uniqueKeysWithValues: records.map { ($0["task_file"] ?? "", $0["error_message"]) })
        #expect(messages == reasons.merging(["\(root)/t/e.sh": formatError]) { $1 }, "\(records)")
        let output = try String(contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        let json = try bench.root.read("run.jsonl")
        for reason in reasons.values {
            #expect(output.contains(reason), "\(output)")
            // JSON writes the backslash of `\r` as `\\`.
            #expect(json.contains(reason.replacingOccurrences(of: "\\", with: "\\\\")), "\(json)")
        }
    }

    /// A program named without a slash is named by where the search of the `PATH` the task gets found it.
    @Test func aScriptFoundInThePATHIsNamedByItsPath() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = bench.root.path
        try bench.root.write("bin/tool", "#!/nonexistent/interp\n", executable: true)
        try bench.root.write("args.txt", "\(root)/bin\n")
        let reason =
            "bad interpreter /nonexistent/interp: No such file or directory (named by the #! line of \(root)/bin/tool)"
        let dryRun = try await bench.prx(["-A", "args.txt", "-E", "PATH", "-C", "tool"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        #expect(dryRun.stdout.hasPrefix("# \(root)/bin: not runnable: \(reason)\n"), "\(dryRun.stdout)")
        let run = try await bench.prx(["-A", "args.txt", "-E", "PATH", "-C", "tool", "-r"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try await bench.summaryRecords().map { $0["error_message"] } == [reason])
    }
}
