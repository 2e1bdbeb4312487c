import Foundation
import PRXTesting
import Testing

/// `prx status` counts the tasks of a live run not started yet, those waiting for a worker or, in a recipe, for their
/// dependencies, when the run knew how many tasks it had: it said `0 finished, 1 running` of a recipe whose five
/// other tasks waited for the running one, as if there were nothing left. A run reading its tasks as it goes (an
/// arguments file) does not know, and shows none.
@Suite(.runsProcesses) struct StatusWaitingTasksTests {
    @Test(arguments: [
        (["run", "recipe.lua", "-r"], "0 finished, 1 running, 5 waiting — prx run recipe.lua -r"),
        (["-T", "tasks", "-C", "bash @TASK@", "-m", "1", "-r"],
         "0 finished, 1 running, 2 waiting — prx -T tasks -C 'bash @TASK@' -m 1 -r"),
        (["-A", "lines.txt", "-C", "bash @ARG@", "-m", "1", "-r"],
         "0 finished, 1 running — prx -A lines.txt -C 'bash @ARG@' -m 1 -r"),
    ])
    func theTasksNotStartedYetAreCounted(arguments: [String], header: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let started = bench.root.file("started")
        let go = bench.root.file("go")
        let wait = "touch \(started); i=0; while [ ! -e \(go) ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n"
        let tasks = try bench.tasks(3) { _ in wait }
        try bench.root.write("lines.txt", (1...3).map { "\(tasks)/task\($0).sh\n" }.joined())
        try bench.root.write("recipe.lua", """
            local first = prx.task { "bash", "tasks/task1.sh", name = "first" }
            for i = 1, 5 do prx.task { "true", name = "after" .. i, after = first } end
            """)
        let run = try PRXProcess(arguments, home: bench.home, directory: bench.root.path)
        let status = try await run.whileRunning {
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: started) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            defer { _ = FileManager.default.createFile(atPath: go, contents: nil) }
            return try await bench.prx(["status"])
        }
        #expect(status.status == 0, "\(status.stderr)")
        let firstLine = status.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasSuffix(": " + header), "\(status.stdout)")
    }

    /// A run that knew its tasks' number and that a stop policy halted shows why in place of the tasks waiting: the
    /// halt cancelled them, and none will start (README: "in place of the tasks waiting"). Task 1 fails once task 2
    /// has started, which halts the run while task 2 runs; tasks 3 to 5 had not started.
    @Test func aHaltedRunShowsTheHaltInPlaceOfTheTasksWaiting() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let started = bench.root.file("started")
        let go = bench.root.file("go")
        let wait = "i=0; while [ ! -e \(go) ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n"
        _ = try bench.tasks(5) { index in
            index == 1
                ? "while [ ! -e \(started) ]; do sleep 0.05; done; exit 1\n"
                : index == 2 ? "touch \(started); " + wait : wait
        }
        let run = try PRXProcess(
            [
                "-T", "tasks", "-C", "bash @TASK@", "-m", "2", "-r", "--enable-stop-limits",
                "--set", "stop-limits.max_consecutive_failures=1",
            ], home: bench.home, directory: bench.root.path)
        let shown = try await run.whileRunning {
            defer { _ = FileManager.default.createFile(atPath: go, contents: nil) }
            return try await bench.status(once: "halted")
        }
        let firstLine = shown.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasSuffix(
            " 1 running, halted: 1 consecutive failures (limit: 1) — prx -T tasks -C 'bash @TASK@' -m 2 -r "
                + "--enable-stop-limits --set stop-limits.max_consecutive_failures=1"), "\(shown)")
        #expect(!firstLine.contains("waiting"), "\(shown)")
    }
}
