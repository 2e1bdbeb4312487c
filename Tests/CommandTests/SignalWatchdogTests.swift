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
        "prx: warning: standard output took no more of the summary report for 11s after \(signal); prx exits without "
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
        let (termination, stderr) = try await Self.runOnAFullPipe(
            ["-T", folder, "-C", "sh @TASK@", "-r"], in: bench, signalling: SIGINT, onceTheJournalHas: "run_finished")
        #expect(termination == .exited(0))
        #expect(stderr == Self.unprintedReport(after: "SIGINT"), "\(stderr)")
        let shown = try await bench.prx(["history"])
        #expect(shown.stdout.contains(" finished  prx -T "), "\(shown.stdout)")
    }

    /// A run writing its JSON Lines to its own standard output (`--json /dev/stdout`), a full pipe no one reads: at
    /// SIGTERM the JSON file's writes are given up once the reader has taken nothing for 2 s, the rest of its lines
    /// lost, and the summary report then waits on the same pipe until the watchdog ends prx. The watchdog names the
    /// sink that failed, as the warning prx gives after its report does, and says that not every result is written.
    /// It said `(every result of the run is written)`, and no line named the JSON file, prx warning of a sink's
    /// failure only after its report, though `prx history` showed the results lost. The main log, which is not the
    /// sink that failed, has the warning too, as it has prx's other warnings: it had none, the watchdog writing to
    /// standard error alone.
    @Test func aRunHeldByItsReportAfterASinkFailedSaysWhatWasLost() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "1\n2\n")
        let (termination, stderr) = try await Self.runOnAFullPipe(
            ["-A", lines, "-C", "true @ARG@", "-r", "--json", "/dev/stdout"], in: bench, signalling: SIGTERM,
            onceTheJournalHas: "run_started")
        #expect(termination == .exited(143))
        let failure = "a sink failed: cannot write to /dev/stdout: Operation canceled (the run was interrupted and the "
            + "FIFO's reader took nothing for 2s; the rest is left out)\n"
        #expect(
            stderr == "prx: warning: \(failure)"
                + "prx: warning: standard output took no more of the summary report for 11s after SIGTERM; prx "
                + "exits without printing the rest, with the run's own status (a sink failed: not every result of "
                + "the run is written)\n",
            "\(stderr)")
        let shown = try await bench.prx(["history"])
        #expect(shown.stdout.contains(" interrupted (results lost)  prx -A "), "\(shown.stdout)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.components(separatedBy: " - WARNING - [MainThread] - \(failure)").count == 2, "\(log)")
    }

    /// Runs prx with `arguments` in `bench`, its standard output a full pipe no one reads, sends it `signal` once its
    /// journal has a line of `event`, and returns how it ended and what it wrote to standard error.
    private static func runOnAFullPipe(
        _ arguments: [String], in bench: Workbench, signalling signal: Int32, onceTheJournalHas event: String
    ) async throws -> (ChildProcess.Termination, String) {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        try fill(pipeWritingTo: ends[1])
        let watched = try WatchedPRX(arguments, in: bench, standardOutput: ends[1])
        defer { watched.stop() }
        let deadline = Date().addingTimeInterval(60)
        func written() -> Bool {
            let journal = bench.journals().first.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            return journal?.contains(#""event":"\#(event)""#) == true
        }
        while !written() && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(written())
        kill(watched.run.processIdentifier, signal)
        while watched.run.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        return (await watched.run.awaitTermination(), try String(contentsOfFile: watched.errors, encoding: .utf8))
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
