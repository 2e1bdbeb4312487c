import Foundation
import PRXTesting
import Testing

/// A task whose child finds no descriptor for its set-up (`EMFILE` as it opens `/dev/null` for its standard input,
/// after the spawn returned) waits for a running task, as a spawn the limit on open files refuses does, and starts.
///
/// No limit on open files makes the child alone find its table full: the child gets a copy of prx's table as the
/// clone begins, and the kernel takes the pidfd from prx's table after that copy, so that a copy with no descriptor
/// free leaves prx none for the pidfd, and the clone itself fails, in prx (only another thread of prx's closing a
/// descriptor between the two lets the child alone fail). A tracer makes the child's `openat` of `/dev/null` fail
/// with `EMFILE` instead, in each child prx clones while it is attached, and the test lets prx go once it saw one.
@Suite(.runsProcesses) struct ChildSetUpShortageTests {
    /// The first task (`sleep 8.N`) runs while the tracer takes prx over; the second starts 3 s after it (`-s 3`), and
    /// its child's set-up fails, each time it starts, until the tracer has let prx go: it waits for the first task
    /// (or the back-off's delay) meanwhile, and then runs. Every task succeeds, and the summary CSV, the JSON file and
    /// the history agree. Had the child's `EMFILE` been no shortage, the second task would have been `ERROR`,
    /// `cannot start sh: Too many open files`, at once.
    @Test(.enabled(
        if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"),
        "needs strace, and root to trace prx, which is no child of the test's"))
    func aTaskWhoseChildFindsNoDescriptorWaitsForARunningTaskAndStarts() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "8.\(Int.random(in: 100_000...999_999))"
        let folder = try bench.tasks(2) { $0 == 1 ? "sleep \(mark)\n" : "echo second\n" }
        let run = try PRXProcess(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "2", "-s", "3", "--json", bench.root.file("run.jsonl")],
            home: bench.home, directory: bench.root.path)
        let prx = run.process.processIdentifier
        defer { if run.process.isRunning { kill(prx, SIGKILL) } }
        #expect(await LiveProcesses.awaitCount(mark, atLeast: 1) == 1)

        let trace = bench.root.file("trace.txt")
        let tracer = try ChildProcess(
            "/usr/bin/strace",
            arguments: ["-f", "-qq", "-o", trace, "-P", "/dev/null", "-e", "trace=openat",
                        "-e", "inject=openat:error=EMFILE:when=1", "-p", String(prx)],
            standardOutput: .null, standardError: .null)
        let injected = #"openat(AT_FDCWD, "/dev/null", O_RDONLY) = -1 EMFILE (Too many open files) (INJECTED)"#
        let deadline = Date().addingTimeInterval(20)
        func sawInjection() -> Bool {
            (try? String(contentsOfFile: trace, encoding: .utf8))?.contains(injected) == true
        }
        while !sawInjection() && tracer.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(tracer.processIdentifier, SIGTERM)
        _ = await tracer.awaitTermination()
        #expect(sawInjection(), "\((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "no trace")")

        let outcome = await run.wait(killingAfter: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(
            outcome.stderr == "prx: warning: cannot start more processes (the limit on open files is reached: "
                + "ulimit -n); waiting for running tasks\n")
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["SUCCESS", "SUCCESS"], "\(records)")
        let json = try String(contentsOfFile: bench.root.file("run.jsonl"), encoding: .utf8).split(separator: "\n")
        let taskLines = json.filter { $0.contains(#""type":"task""#) }
        #expect(taskLines.count == 2 && taskLines.allSatisfy { $0.contains(#""status":"SUCCESS""#) }, "\(json)")
        let runID = try #require(bench.runIDs().first)
        #expect(try await bench.taskStatuses(of: runID).map { $0.split(separator: " ")[0] } == ["SUCCESS", "SUCCESS"])
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        #expect(output.contains("second\n"), "\(output)")
    }
}
