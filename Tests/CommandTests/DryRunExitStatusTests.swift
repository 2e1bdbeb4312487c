import Foundation
import PRXTesting
import Testing

/// A dry run that finds a task it cannot run exits 1, as the run would fail that task, once it has printed every line;
/// it exited 0, so that `prx … && prx … -r` passed a preflight the run then failed.
@Suite(.runsProcesses) struct DryRunExitStatusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Files to write, by name, before prx runs.
        var files: [String: String]
        var arguments: [String]
        /// The dry run's first line, which marks the task that cannot run.
        var firstLine: String
        var lastLine: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "a placeholder without a value", files: ["two.txt": "a,b\nc\n"],
            arguments: ["-A", "two.txt", "-S", "comma", "-C", "echo @ARG_2@"],
            firstLine: "echo b", lastLine: "# dry run: 2 tasks, 1 not runnable; add -r to run them"),
        Case(
            name: "fewer fields than -E names", files: ["hosts.txt": "alpha,1\n"],
            arguments: ["-A", "hosts.txt", "-S", "comma", "-E", "HOST,PORT,ENV", "-C", "true"],
            firstLine: "# alpha,1: not runnable: hosts.txt:1: 3 environment variable names (-E) but only 2 fields",
            lastLine: "# dry run: 1 task, 1 not runnable; add -r to run it"),
        Case(
            name: "a task file over max_file_size",
            files: ["tasks/big.sh": String(repeating: "#", count: 1_048_577), "tasks/ok.sh": "true\n"],
            arguments: ["-T", "tasks", "-C", "bash @TASK@"],
            firstLine: "# ROOT/tasks/big.sh: not runnable: task file ROOT/tasks/big.sh is 1048577 bytes, over "
                + "max_file_size 1048576",
            lastLine: "# dry run: 2 tasks, 1 not runnable; add -r to run them"),
    ]

    @Test(arguments: cases)
    func aDryRunWithATaskThatCannotRunExitsOne(_ example: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for (name, contents) in example.files { try bench.root.write(name, contents) }
        let outcome = try await bench.prx(example.arguments)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == example.firstLine.replacing("ROOT", with: bench.root.path), "\(outcome.stdout)")
        #expect(lines.last == example.lastLine, "\(outcome.stdout)")
    }

    /// A dry run whose tasks can all run exits 0, as before.
    @Test func aDryRunWhoseTasksCanAllRunExitsZero() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("two.txt", "a,b\nc,d\n")
        let outcome = try await bench.prx(["-A", "two.txt", "-S", "comma", "-C", "echo @ARG_2@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "echo b\necho d\n# dry run: 2 tasks; add -r to run them\n")
    }

    /// A recipe's dry run (`prx run recipe.lua` without `-r`) is held to the same rule, for its own tasks and for
    /// those of its `prx.source`s.
    @Test(arguments: [
        #"prx.task { "echo", "a\0b", name = "nul" }"#,
        #"prx.source("args-file", { file = "two.txt", separator = "comma", command = "echo @ARG_2@" })"#,
    ])
    func aRecipesDryRunWithATaskThatCannotRunExitsOne(line: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("two.txt", "a,b\nc\n")
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"ok\" }\n" + line + "\n")
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("ok: true\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains(": not runnable: "), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix(", 1 not runnable; add -r to run them\n"), "\(outcome.stdout)")
    }
}
