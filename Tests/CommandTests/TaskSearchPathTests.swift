import Foundation
import PRXTesting
import Testing

/// A program named without a slash is looked for in the `PATH` its task gets, as `env(1)`, `execvpe` and Python's
/// `subprocess` with `env=` look: prx looked in its own, so a task whose `-E` or `env` put a directory on its `PATH`
/// was `command not found` (while `sh -c`, whose shell searches the task's, found the program).
@Suite(.runsProcesses) struct TaskSearchPathTests {
    /// The probe's name, on no `PATH` but the tasks' own.
    static let probe = "prx-path-probe"

    /// Writes the probe into `bin/` of `bench`: it makes the file `ran-<its first argument>` in the bench's root,
    /// with the shell's own redirection (an empty `PATH` finds no `touch`).
    static func writeProbe(in bench: Workbench) throws {
        try bench.root.write("bin/" + probe, "#!/bin/sh\n: > \"\(bench.root.path)/ran-$1\"\n", executable: true)
    }

    /// `-E PATH`: the line whose `PATH` holds the probe's directory runs it, the other is `command not found`.
    @Test func flagsModeLooksInTheLinesPath() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try Self.writeProbe(in: bench)
        let arguments = try bench.root.write("args.txt", "\(bench.root.file("bin")):/usr/bin:/bin\n/usr/bin:/bin\n")
        let outcome = try await bench.prx(["-A", arguments, "-E", "PATH", "-C", "\(Self.probe) flags", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let rows = try await bench.summaryRecords().map { "\($0["status"]!) \($0["error_message"]!)" }.sorted()
        #expect(rows == ["ERROR command not found: \(Self.probe)", "SUCCESS "])
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran-flags")))
    }

    /// A recipe's `env`, for a task's table and for its `cmd` function's; a task without it looks in prx's `PATH`,
    /// and an empty `PATH` is the task's working directory, as for `execvp`.
    @Test func aRecipeLooksInTheTasksPath() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try Self.writeProbe(in: bench)
        let bin = bench.root.file("bin")
        try bench.root.write("recipe.lua", """
            local path = "\(bin):" .. os.getenv("PATH")
            prx.task { "\(Self.probe)", "table", name = "table", env = { PATH = path } }
            prx.task { name = "cmd", cmd = function() return { "\(Self.probe)", "cmd" } end, env = { PATH = path } }
            prx.task { "\(Self.probe)", "empty", name = "empty", cwd = "\(bin)", env = { PATH = "" } }
            prx.task { "\(Self.probe)", "own", name = "own", env = { OTHER = "1" } }
            prx.task { "\(Self.probe)", "none", name = "none" }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }.sorted()
        let notFound = "ERROR command not found: \(Self.probe)"
        #expect(rows == ["cmd SUCCESS ", "empty SUCCESS ", "none \(notFound)", "own \(notFound)", "table SUCCESS "])
        for name in ["table", "cmd", "empty"] {
            #expect(FileManager.default.fileExists(atPath: bench.root.file("ran-" + name)), "\(name)")
        }
    }
}
