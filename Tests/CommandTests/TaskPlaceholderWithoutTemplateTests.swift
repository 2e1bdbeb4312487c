import Foundation
import PRXTesting
import Testing

/// `@TASK@` is the template file with `-A`: a command using it without one is refused before anything runs, with one
/// line naming what gave the command, whether `-C` or `--set args-file.command` gave it. The `--set` was taken, and
/// each line reported not runnable (`@TASK@ has no value: arguments-only mode has no template file (-T)`), a dry run
/// exiting 1 and a run 1 after running nothing, where `-C` was refused at once (exit 2).
@Suite(.runsProcesses) struct TaskPlaceholderWithoutTemplateTests {
    @Test(arguments: [
        (["-C", "echo @TASK@ @ARG@"], "-C/--Command"),
        (["--set", "args-file.command=echo @TASK@ @ARG@"], "args-file.command"),
    ], [[String](), ["-r"]])
    func aCommandUsingTheTemplateFileWithoutOneIsRefused(given: ([String], String), mode: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\nh2\n")
        let outcome = try await bench.prx(["-A", "args.txt"] + given.0 + mode)
        #expect(outcome.status == 2, "\(outcome.stdout)")
        #expect(outcome.stderr.hasPrefix("prx: error: \(given.1) uses @TASK@, which with -A/--arguments-file is the "
            + "template file: give it with -T"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        #expect(bench.journals().isEmpty)
    }

    /// With the template file the same `--set` runs each line.
    @Test func theSameCommandWithATemplateFileRuns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        let template = try bench.root.write("template.sh", "true\n")
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-T", "template.sh", "--set", "args-file.command=echo @TASK@ @ARG@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("echo \(template) h1\n"), "\(outcome.stdout)")
    }
}
