import Foundation
import PRXTesting
import Testing

/// The shared workspace a task removes is made again for the tasks after it, as parallelr makes it before every task;
/// a directory the user named as a task's working directory is not.
@Suite(.runsProcesses) struct WorkspaceRemakingTests {
    /// Every task after the first was `ERROR`, `cannot change to working directory …/workspace: No such file or
    /// directory`, and the run exited 1.
    @Test func aWorkspaceATaskRemovedIsMadeAgain() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("abc.txt", "a\nb\nc\n")
        let outcome = try await bench.prx(
            ["-A", lines, "-C", #"sh -c 'rm -rf "$PWD"; echo $0' @ARG@"#, "-r", "-m", "1"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let rows = try await bench.summaryRecords()
        #expect(rows.map { "\($0["task_file"]!) \($0["status"]!) \($0["error_message"]!)" }
            == ["a SUCCESS ", "b SUCCESS ", "c SUCCESS "])
    }

    /// A recipe task's `cwd` is the user's directory, not prx's: removed, it stays removed, and the task after it
    /// that names it cannot start.
    @Test func aTasksOwnDirectoryIsNotMadeAgain() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("mine/keep", "")
        try bench.root.write("recipe.lua", """
            prx.task { sh = 'rm -rf "$PWD"', cwd = "mine", name = "a" }
            prx.task { "true", cwd = "mine", name = "b", after = "a" }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        let rows = try await bench.summaryRecords()
        #expect(rows.map { "\($0["task_file"]!) \($0["status"]!)" } == ["a SUCCESS", "b ERROR"])
        #expect(rows.last?["error_message"]?.hasPrefix("cannot change to working directory ") == true, "\(rows)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("mine")))
    }
}
