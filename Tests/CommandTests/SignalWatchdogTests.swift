import Foundation
import PRXTesting
import Testing

/// The watchdog that ends a run which cannot end after a signal (csystem_start_signal_watchdog).
@Suite(.runsProcesses) struct SignalWatchdogTests {
    /// A run held at its end after SIGTERM, here by a standard output no one reads (a full pipe), is ended by the
    /// watchdog once the executor's grace and `SignalTrap.watchdogMargin` have passed, with one line naming the
    /// signal and exit status 143; the results it wrote before are on disk. It stayed in `write(2)` for as long as
    /// the pipe was not read, deaf to further signals, as it did when the process limit left it no thread to go on.
    /// Asynchronous, waiting with `Task.sleep`: the run takes over 10 s, for which a synchronous test would hold one
    /// of the few threads of the suite's pool.
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
        let errors = bench.root.file("stderr.txt")
        let errorsDescriptor = open(errors, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(errorsDescriptor >= 0)
        // A grace of 0.1 s for each of the executor's four rounds: the watchdog waits 0.4 s + 10 s.
        let run = try ChildProcess(
            PRXProcess.executablePath,
            arguments: ["-A", lines, "-C", "sleep @ARG@", "-m", "2", "-r", "--set", "local.termination_grace=0.1"],
            environment: ProcessInfo.processInfo.environment.merging(["PRX_HOME": bench.home]) { _, new in new },
            directory: bench.root.path, standardOutput: .descriptor(ends[1]),
            standardError: .descriptor(errorsDescriptor))
        close(errorsDescriptor)
        let pid = run.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: killer)
        defer {
            killer.cancel()
            if run.isRunning { kill(pid, SIGKILL) }
        }
        // The suite runs many prx at once on few cores: the start may take a while.
        let deadline = Date().addingTimeInterval(60)
        while LiveProcesses.matching(mark).count < 2 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(LiveProcesses.matching(mark).count == 2)
        // Filled through a description of its own, non-blocking, so that prx's own writes still block.
        let filler = open("/proc/self/fd/\(ends[1])", O_WRONLY | O_NONBLOCK)
        try #require(filler >= 0)
        let page = [UInt8](repeating: 0x2E, count: 4096)
        while write(filler, page, page.count) > 0 {}
        close(filler)
        let signalled = Date()
        kill(pid, SIGTERM)
        while run.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let waited = Date().timeIntervalSince(signalled)
        #expect(await run.awaitTermination() == .exited(143))
        #expect(waited >= 10 && waited < 40, "\(waited) s")
        let stderr = try String(contentsOfFile: errors, encoding: .utf8)
        let message = "prx: error: the run made no progress for 11 s after SIGTERM; prx exits without the results it "
            + "had not written\n"
        #expect(stderr.contains(message), "\(stderr)")
        #expect(await LiveProcesses.awaitGone(mark).isEmpty)
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["CANCELLED", "CANCELLED"])
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
