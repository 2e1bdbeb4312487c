#if os(Linux)
import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// A sink slower than a task's output holds the task back, rather than prx's memory growing with what it writes;
/// the task's time limit, other tasks' ends and the monitor's thread go on meanwhile.
@Suite(.serialized) struct OutputBackPressureTests {
    /// `seq 1 30000000` writes 258,888,897 bytes (247 MiB).
    private static let lastNumber = 30_000_000

    /// Whether `file` holds the first bytes of `seq 1 lastNumber`, all of them when `whole`.
    private static func holdsSeqOutput(_ file: String, whole: Bool) async throws -> Bool {
        let compared = whole ? "" : " | head -c \"$(stat -c %s '\(file)')\""
        let check = try ChildProcess(
            "/bin/sh", arguments: ["-c", "seq 1 \(lastNumber)\(compared) | cmp -s - '\(file)'"],
            standardOutput: .null, standardError: .null)
        return await check.awaitExit() == 0
    }

    /// A field of this process's `/proc/self/status`, in kilobytes.
    private static func ownMemory(_ field: String) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("\(field):") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""))
    }

    /// Sets this process's peak resident memory (`VmHWM`) to what it holds now.
    private static func resetPeakMemory() throws {
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The ids of this process's threads that are process monitors' (``LocalProcessExecutor``'s).
    private static func monitorThreads() throws -> Set<String> {
        let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
        return Set(threads.filter { thread in
            (try? String(contentsOfFile: "/proc/self/task/\(thread)/comm", encoding: .utf8)) == "prx monitor\n"
        })
    }

    /// The CPU time, in clock ticks, that thread `thread` of this process has taken so far.
    private static func cpuTicks(ofThread thread: String) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/self/task/\(thread)/stat", encoding: .utf8)
        let afterName = try #require(stat.range(of: ") "))
        // After the name: the state, 10 fields, then the user and the system time.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        return try #require(Int(fields[11])) + #require(Int(fields[12]))
    }

    /// In a process of its own: the peak resident memory is the whole process's, which other tests running meanwhile
    /// would raise.
    @Test func aSlowSinkHoldsATaskBackRatherThanPRXsMemoryGrowing() async {
        await #expect(processExitsWith: .success) {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            // 100 MiB/s: 2.5 s for the task's output, which the task writes many times as fast.
            let sink = SlowOutputSink(directory: directory.path, secondsPerMiB: 0.01)
            let task = TaskSpec(id: 1, label: "seq", argv: ["seq", "1", "\(Self.lastNumber)"])
            let scheduler = Scheduler(
                configuration: SchedulerConfiguration(maxInFlight: 1), executor: LocalProcessExecutor())

            try Self.resetPeakMemory()
            let before = try Self.ownMemory("VmRSS")
            let summary = await scheduler.run(source: ArrayTaskSource([task]), sinks: [sink])
            let growth = try Self.ownMemory("VmHWM") - before

            #expect(summary.statistics.succeeded == 1)
            // The backlog's 4 MiB, where reading on held the output whole (236 MB).
            #expect(growth < 32 * 1024, "prx's peak resident memory grew by \(growth) kB")
            #expect(try await Self.holdsSeqOutput(sink.file(of: 1), whole: true))
            #expect(SinkConformance.outputViolations(in: sink.log.entries).isEmpty)
        }
    }

    @Test func aTaskPastItsTimeLimitIsStoppedWhileItsOutputIsHeldBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 10 MiB/s: the writer cannot finish in its time limit, unless prx reads its output on into memory.
        let sink = SlowOutputSink(directory: directory.path, secondsPerMiB: 0.1)
        let writer = TaskSpec(id: 1, label: "seq", argv: ["seq", "1", "\(Self.lastNumber)"], timeout: 2)
        let quiet = TaskSpec(id: 2, label: "quiet", argv: ["sh", "-c", "sleep 0.5; echo done"])
        let scheduler = Scheduler(
            configuration: SchedulerConfiguration(maxInFlight: 2), executor: LocalProcessExecutor())

        let summary = await scheduler.run(source: ArrayTaskSource([writer, quiet]), sinks: [sink])

        let results = sink.log.events.compactMap { event -> TaskResult? in
            if case .taskFinished(let result) = event { return result }
            return nil
        }
        #expect(summary.statistics.timedOut == 1)
        #expect(results.map(\.task.id) == [2, 1])
        #expect(results.map(\.status) == [.success, .timeout])
        // Each on time: the other task's end was seen while the writer's output was held back, and the writer was
        // stopped at its limit.
        #expect(results[0].duration < 1.5)
        #expect(results[1].duration < 3.5)
        #expect(try String(contentsOfFile: sink.file(of: 2), encoding: .utf8) == "done\n")
        #expect(try await Self.holdsSeqOutput(sink.file(of: 1), whole: false))
        #expect(SinkConformance.outputViolations(in: sink.log.entries).isEmpty)
    }

    /// A held-back task whose pipes' writers all close (its output done, it runs on) leaves the monitor asleep: the
    /// pipes' hang-up is not reported again and again while their reading is paused.
    @Test func aHeldBackTaskThatClosesItsOutputLeavesTheMonitorIdle() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 2 MiB/s: the sinks are behind for 2 s once the backlog is full.
        let sink = SlowOutputSink(directory: directory.path, secondsPerMiB: 0.5)
        // 5 MiB into a pipe enlarged to 1 MiB: what is left once the backlog is full fits in the pipe, and the task
        // closes its output while its reading is paused.
        let writer = "import fcntl, sys; fcntl.fcntl(1, 1031, 1 << 20); sys.stdout.buffer.write(b'x' * (5 << 20))"
        let script = "python3 -c \"\(writer)\"; exec >&- 2>&-; sleep 2"
        let task = TaskSpec(id: 1, label: "close", argv: ["sh", "-c", script])
        let executor = LocalProcessExecutor()
        let scheduler = Scheduler(configuration: SchedulerConfiguration(maxInFlight: 1), executor: executor)
        let others = try Self.monitorThreads()
        try executor.beginRun()
        // The thread names itself once it runs.
        var monitors: Set<String> = []
        for _ in 0..<500 where monitors.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            monitors = try Self.monitorThreads().subtracting(others)
        }
        try #require(!monitors.isEmpty, "no thread named \"prx monitor\" started with the run")
        let before = try monitors.map { try ($0, Self.cpuTicks(ofThread: $0)) }

        let summary = await scheduler.run(source: ArrayTaskSource([task]), sinks: [sink])
        // Another test's executor may have started a monitor at the same moment: this one's took the least.
        let ticks = try before.map { thread, ticks in try Self.cpuTicks(ofThread: thread) - ticks }.min() ?? 0

        #expect(summary.statistics.succeeded == 1)
        #expect((try FileManager.default.attributesOfItem(atPath: sink.file(of: 1))[.size] as? Int) == 5 << 20)
        // A loop woken at every wait for 2 s takes up to 200 ticks (75 to 200 here, as busy as the 2 cores were); an
        // idle one, none.
        #expect(ticks < 20, "the monitor took \(ticks) clock ticks")
    }
}
#endif
