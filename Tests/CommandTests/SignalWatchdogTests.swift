import Foundation
import PRXTesting
import Testing

/// The watchdog that ends a run which cannot end after a signal (csystem_start_signal_watchdog).
@Suite(.runsProcesses) struct SignalWatchdogTests {
    /// prx started in a workbench with a standard output of the test's (a pipe), its standard error into the bench's
    /// `stderr.txt`, and a grace of 0.1 s for each of the executor's four rounds, so that the watchdog waits 0.4 s +
    /// 10 s; killed should it still run 120 s from its start.
    private struct WatchedPRX {
        let run: ChildProcess
        /// The file prx's standard error goes to.
        let errors: String
        private let killer: DispatchWorkItem

        init(_ arguments: [String], in bench: Workbench, standardOutput: Int32) throws {
            errors = bench.root.file("stderr.txt")
            let errorsDescriptor = open(errors, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            try #require(errorsDescriptor >= 0)
            defer { close(errorsDescriptor) }
            run = try ChildProcess(
                PRXProcess.executablePath, arguments: arguments + ["--set", "local.termination_grace=0.1"],
                environment: ProcessInfo.processInfo.environment.merging(["PRX_HOME": bench.home]) { _, new in new },
                directory: bench.root.path, standardOutput: .descriptor(standardOutput),
                standardError: .descriptor(errorsDescriptor))
            let pid = run.processIdentifier
            killer = DispatchWorkItem { kill(pid, SIGKILL) }
            DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: killer)
        }

        /// Kills prx if it still runs, and the kill to come with it.
        func stop() {
            killer.cancel()
            if run.isRunning { kill(run.processIdentifier, SIGKILL) }
        }
    }

    /// Fills the pipe whose writing end is `descriptor` through a description of its own, non-blocking, so that prx's
    /// own writes to it still block.
    private static func fill(pipeWritingTo descriptor: Int32) throws {
        let filler = open("/proc/self/fd/\(descriptor)", O_WRONLY | O_NONBLOCK)
        try #require(filler >= 0)
        let page = [UInt8](repeating: 0x2E, count: 4096)
        while write(filler, page, page.count) > 0 {}
        close(filler)
    }

    /// A run held at its end after SIGTERM, here by a standard output no one reads (a full pipe), is ended by the
    /// watchdog once the executor's grace and `SignalTrap.watchdogMargin` have passed, with one line naming the
    /// signal and exit status 143, the interrupted run's own; the results it wrote before are on disk, so the line
    /// says that only the report is not printed. It stayed in `write(2)` for as long as the pipe was not read, deaf to
    /// further signals, as it did when the process limit left it no thread to go on. Asynchronous, waiting with
    /// `Task.sleep`: the run takes over 10 s, for which a synchronous test would hold one of the few threads of the
    /// suite's pool.
    @Test func theWatchdogEndsARunThatCannotEndAfterASignal() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let lines = try bench.root.write("lines.txt", "\(mark)\n\(mark)\n")
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        let watched = try WatchedPRX(
            ["-A", lines, "-C", "sleep @ARG@", "-m", "2", "-r"], in: bench, standardOutput: ends[1])
        defer { watched.stop() }
        let (run, pid) = (watched.run, watched.run.processIdentifier)
        // The suite runs many prx at once on few cores: the start may take a while.
        let deadline = Date().addingTimeInterval(60)
        while LiveProcesses.matching(mark).count < 2 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(LiveProcesses.matching(mark).count == 2)
        try Self.fill(pipeWritingTo: ends[1])
        let signalled = Date()
        kill(pid, SIGTERM)
        while run.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let waited = Date().timeIntervalSince(signalled)
        #expect(await run.awaitTermination() == .exited(143))
        #expect(waited >= 10 && waited < 40, "\(waited) s")
        let stderr = try String(contentsOfFile: watched.errors, encoding: .utf8)
        // Its results all written, only its report is not.
        #expect(stderr.contains(Self.unprintedReport(after: "SIGTERM")), "\(stderr)")
        #expect(await LiveProcesses.awaitGone(mark).isEmpty)
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["CANCELLED", "CANCELLED"])
    }

    /// The watchdog's warning for a run held by its summary report alone, `signal` its first signal.
    private static func unprintedReport(after signal: String) -> String {
        "prx: warning: standard output took no more of the summary report for 11 s after \(signal); prx exits without "
            + "printing the rest, with the run's own status (every result of the run is written)\n"
    }

    /// A signal that comes while the summary report waits for a standard output no one reads (a full pipe), every
    /// result written, changes nothing the run wrote: the watchdog ends prx with the run's own status (0 here), saying
    /// that the report is not printed. It said that the run made no progress and that prx exited without the results
    /// it had not written, exit 130, though the journal said finished.
    @Test func aRunHeldByItsReportEndsWithItsOwnStatus() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        try Self.fill(pipeWritingTo: ends[1])
        let watched = try WatchedPRX(["-T", folder, "-C", "sh @TASK@", "-r"], in: bench, standardOutput: ends[1])
        defer { watched.stop() }
        let (run, pid) = (watched.run, watched.run.processIdentifier)
        let deadline = Date().addingTimeInterval(60)
        func ended() -> Bool {
            let journal = bench.journals().first.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            return journal?.contains(#""event":"run_finished""#) == true
        }
        while !ended() && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(ended())
        kill(pid, SIGINT)
        while run.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(await run.awaitTermination() == .exited(0))
        let stderr = try String(contentsOfFile: watched.errors, encoding: .utf8)
        #expect(stderr == Self.unprintedReport(after: "SIGINT"), "\(stderr)")
        let shown = try await bench.prx(["history"])
        #expect(shown.stdout.contains(" finished  prx -T "), "\(shown.stdout)")
    }

    /// A run calling a recipe's `on_finish` for each task a signal cancelled, each call within its second, is making
    /// progress: the watchdog lets it end, every result written. Counting only the sinks' flushes, it cut such a
    /// run short once the calls passed its patience (the stop grace and 10 s; here 0.4 s and 10 s), all lost.
    @Test func theWatchdogLetsARunEndWhoseHooksTakeTheirTime() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            prx.task { "sleep", "\(mark)", name = "first" }
            for i = 1, 26 do prx.task { "true", name = "t" .. i } end
            prx.on_finish(function(task, result) local t = os.clock(); while os.clock() - t < 0.5 do end end)

            """)
        let run = try PRXProcess(
            ["run", "recipe.lua", "-r", "--set", "local.termination_grace=0.1"], home: bench.home,
            directory: bench.root.path)
        let pid = run.process.processIdentifier
        defer { if run.process.isRunning { kill(pid, SIGKILL) } }
        let deadline = Date().addingTimeInterval(60)
        while LiveProcesses.matching(mark).isEmpty && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(!LiveProcesses.matching(mark).isEmpty)
        kill(pid, SIGTERM)
        while run.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let outcome = await run.wait()
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("made no progress"), "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 27)
        #expect(records.filter { $0["status"] == "CANCELLED" }.count == 27)
    }
}
