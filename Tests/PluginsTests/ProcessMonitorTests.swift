#if os(Linux)
import Foundation
import Glibc
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct ProcessMonitorTests {
    /// A started monitor with process groups and a grace of 5 s, and a spawner whose children start a session of
    /// their own when `newSession` says so.
    private static func started(newSession: Bool) throws -> (ProcessMonitor, ProcessSpawner) {
        let monitor = ProcessMonitor(settings: ProcessMonitor.Settings(
            terminationGrace: .seconds(5), outputLimit: 100, useProcessGroups: true, adoptsOrphans: false))
        try monitor.start()
        let spawner = ProcessSpawner(
            environment: SpawnEnvironment(entries: []), defaultWorkingDirectory: nil, newSession: newSession,
            searchPath: "/bin:/usr/bin")
        return (monitor, spawner)
    }

    /// Starts `task` with `spawner` as the executor does, entered as a leader in the ``TaskProcessLedger`` until
    /// ``watch(_:of:by:timeout:)`` has its report: the test runner is the subreaper of the tests that adopt orphans,
    /// and their monitors would take a child of its in a session of its own that the ledger does not know for a
    /// stray, and reap it.
    private static func spawn(_ task: TaskSpec, with spawner: ProcessSpawner) throws -> ProcessSpawner.SpawnedProcess {
        let ledger = TaskProcessLedger.shared
        ledger.beginSpawn()
        var leader: ProcessID?
        defer { ledger.endSpawn(leader: leader) }
        let process = try spawner.spawn(task)
        leader = process.pid
        return process
    }

    /// Watches `process`, started for `task`, with the time limit `timeout`, counted from now.
    private static func watch(
        _ process: ProcessSpawner.SpawnedProcess, of task: TaskSpec, by monitor: ProcessMonitor, timeout: Duration?
    ) async -> ProcessMonitor.Report {
        let report = await monitor.watch(
            ProcessMonitor.Request(
                process: process, taskID: task.id, timeout: timeout, heartbeat: nil, output: nil, start: .now),
            latch: CancellationLatch())
        TaskProcessLedger.shared.leaderEnded(process.pid)
        return report
    }

    /// The spawn returns before the child has made its session, so a task may have to be stopped while it leads no
    /// process group yet. A child started without a session of its own stays in that state for good: the monitor,
    /// which signals process groups, must reach it by its own id.
    @Test func aTaskThatLeadsNoGroupYetIsStoppedByItsOwnID() async throws {
        let (monitor, spawner) = try Self.started(newSession: false)
        let task = TaskSpec(id: 1, label: "sleep", argv: ["sleep", "30"])
        let process = try Self.spawn(task, with: spawner)
        let report = await Self.watch(process, of: task, by: monitor, timeout: .milliseconds(200))
        #expect(spawner.release(process, of: task) == nil)
        #expect(report.stopCause == .timeout)
        // SIGTERM, at the time limit: not SIGKILL after the grace, nor the end of the 30 s sleep.
        #expect(report.exit?.status == .signaled(SIGTERM))
        #expect(report.end - report.leaderEnd < .seconds(5))
    }

    /// The orphan guard's table as the guard reads it: the memory prx shares with it (the only shared mapping of
    /// the table's size in `/proc/self/maps`): its slots, past the 8 bytes of the grace, and their pipes after them
    /// (two inodes a slot, aligned to 8 bytes).
    private static func orphanGuardTable() throws -> (
        slots: UnsafeBufferPointer<Int32>, pipes: UnsafeBufferPointer<UInt64>
    ) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let slotsSize = (OrphanGuard.capacity * 4 + 7) / 8 * 8
        let size = (8 + slotsSize + OrphanGuard.capacity * 2 * 8 + page - 1) / page * page
        // Read to the end: Foundation's String(contentsOfFile:) stops at the first read of a file in /proc.
        let file = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        defer { try? file.close() }
        let maps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        let tables = maps.compactMap { line -> UInt? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let bounds = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            guard fields[1] == "rw-s", bounds.count == 2, bounds[1] - bounds[0] == size else { return nil }
            return bounds[0]
        }
        let start = try #require(tables.count == 1 ? tables.first : nil, "shared mappings of \(size) bytes: \(tables)")
        return (
            UnsafeBufferPointer(start: UnsafePointer<Int32>(bitPattern: start + 8), count: OrphanGuard.capacity),
            UnsafeBufferPointer(
                start: UnsafePointer<UInt64>(bitPattern: start + 8 + UInt(slotsSize)), count: 2 * OrphanGuard.capacity))
    }

    /// A process started in a session of its own is in the orphan guard's table once the spawn returns, so that a
    /// prx killed at any moment after leaves it to the guard: it was entered only when the monitor took it over,
    /// and a prx killed in between left it running. It is there as its group, with the inodes of its output pipes
    /// (which the guard reads from once prx is gone, and no other), and released once it is finished.
    @Test func aProcessIsGuardedOnceItIsStarted() async throws {
        let (monitor, spawner) = try Self.started(newSession: true)
        let task = TaskSpec(id: 1, label: "sleep", argv: ["sleep", "30"])
        let process = try Self.spawn(task, with: spawner)
        let table = try Self.orphanGuardTable()
        let pid = process.pid.rawValue
        let slot = try #require(table.slots.firstIndex(of: pid))
        let inodes = [process.stdout, process.stderr].map { FileIdentity(ofOpenDescriptor: $0.rawValue)?.inode }
        #expect(inodes.allSatisfy { $0 != nil && $0 != 0 })
        #expect([table.pipes[2 * slot], table.pipes[2 * slot + 1]] == inodes)
        let report = await Self.watch(process, of: task, by: monitor, timeout: .zero)
        #expect(report.stopCause == .timeout)
        #expect(!table.slots.contains(pid))
        // Another test's process may have taken the slot since, with pipes of its own.
        #expect([table.pipes[2 * slot], table.pipes[2 * slot + 1]] != inodes)
    }

    /// A process whose pipes cannot be registered with epoll is killed and reaped once it has ended, by probes: the
    /// monitor waited for it on its own thread, so one that does not end at `SIGKILL` (stuck in `chdir` on a hung
    /// mount; here, traced by a process that never collects its end, which keeps its parent from reaping it) held
    /// every other process's time limit and output. The tracer is let go once the other process's report is in,
    /// or after 20 s, before which the other process's time limit must have fallen due.
    @Test func aProcessThatCannotBeWatchedHoldsUpNoOther() async throws {
        let (monitor, spawner) = try Self.started(newSession: true)
        // Long enough to outlast the set-up on a loaded machine (the suite's runner: over 30 s once), which must end
        // it by SIGKILL, not by its own exit.
        let held = TaskSpec(id: 1, label: "held", argv: ["sleep", "600"])
        var unwatchable = try Self.spawn(held, with: spawner)
        let answer = Pipe()
        let tracer = try ChildProcess(
            "/usr/bin/env",
            arguments: [
                "python3", "-c",
                "import ctypes, sys, time; seized = ctypes.CDLL(None).ptrace(0x4206, int(sys.argv[1]), 0, 0); "
                    + "print(seized, flush=True); time.sleep(60)",
                "\(unwatchable.pid.rawValue)",
            ],
            standardOutput: .descriptor(answer.fileHandleForWriting.fileDescriptor))
        try answer.fileHandleForWriting.close()
        let letGo = DispatchWorkItem { kill(tracer.processIdentifier, SIGKILL) }
        let heldUntil = ContinuousClock.now + .seconds(20)
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: letGo)
        defer {
            letGo.cancel()
            if tracer.isRunning { kill(tracer.processIdentifier, SIGKILL) }
        }
        var seized = ""
        while !seized.hasSuffix("\n") {
            let chunk = answer.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seized += String(decoding: chunk, as: UTF8.self)
        }
        guard seized == "0\n" else {
            kill(unwatchable.pid.rawValue, SIGKILL)
            _ = try? unwatchable.pid.wait(blocking: true)
            TaskProcessLedger.shared.leaderEnded(unwatchable.pid)
            Issue.record("PTRACE_SEIZE answered \(seized)")
            return
        }
        // epoll refuses /dev/null (EPERM): it cannot be polled.
        unwatchable.stdout.close()
        unwatchable.stdout = FileDescriptor(rawValue: open("/dev/null", O_RDONLY | O_CLOEXEC))
        async let heldReport = Self.watch(unwatchable, of: held, by: monitor, timeout: nil)
        let timed = TaskSpec(id: 2, label: "timed", argv: ["sleep", "30"])
        let process = try Self.spawn(timed, with: spawner)
        let report = await Self.watch(process, of: timed, by: monitor, timeout: .milliseconds(200))
        // The monitor's own clock: a test runner whose threads are busy with other tests may resume this one late.
        #expect(report.end < heldUntil, "the time limit fell due only once the tracer was gone")
        letGo.cancel()
        if tracer.isRunning { kill(tracer.processIdentifier, SIGKILL) }
        _ = await tracer.awaitExit()
        #expect(report.stopCause == .timeout)
        #expect(spawner.release(process, of: timed) == nil)
        let unwatched = await heldReport
        #expect(unwatched.failure == Errno(EPERM))
        #expect(unwatched.exit?.status == .signaled(SIGKILL))
    }
}
#endif
