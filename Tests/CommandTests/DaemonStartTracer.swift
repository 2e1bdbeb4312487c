import CProcessTracing
import Foundation
import PRXTesting

/// Catches the daemon that the session leader of `prx -D` starts, by tracing the leader (`ptrace`) from a thread of
/// the test's own: the daemon, the leader's fork, starts stopped, and is let go on only as far as the test says,
/// one system call at a time, where a test that stops it with `SIGSTOP` once it sees it races the scheduler, and a
/// loaded machine lets the daemon go past the moment before the test looks.
///
/// Each catch runs on a thread of its own, which is the tracer: `ptrace` takes its requests from the thread that
/// attached, and waits with `__WNOTHREAD`, so that it reaps none of the test process's other children. The thread
/// ends with the catch, and the kernel lets go of whatever it still traces then (the session leader, on its way to its
/// end), as it does of a tracer's tracees when the tracer ends.
enum DaemonStartTracer {
    /// Finds the session leader with `leader` (polled every 100 µs while `launching` holds), traces it, and returns
    /// the daemon it starts, stopped (`SIGSTOP`) and no longer traced, at the first of its `exec` and then each of its
    /// system calls (an entry or an exit) at which `reached` holds of it: the daemon makes no system call but those
    /// `reached` was asked before; `nil` when the leader had started a child before it was traced, or the daemon
    /// ended, or 20 s passed.
    ///
    /// - Throws: ``TracingRefused`` when the session leader cannot be traced.
    static func catchDaemon(
        startedBy leader: @escaping @Sendable () -> Int32?, while launching: @escaping @Sendable () -> Bool,
        when reached: @escaping @Sendable (Int32) -> Bool
    ) async throws(TracingRefused) -> Int32? {
        try await BlockingCall.run { () throws(TracingRefused) -> Int32? in
            var catching = Catch(reached: reached)
            return try catching.run(startedBy: leader, while: launching)
        }
    }

    /// One catch, on the tracer's thread.
    private struct Catch {
        let reached: (Int32) -> Bool
        let deadline = Date().addingTimeInterval(20)
        /// The session leader's thread group.
        var leader: Int32 = 0
        /// The daemon, once one of its threads is seen.
        var daemon: Int32?
        /// Whether the daemon has run its `exec` (prx's program, not the leader's fork of it).
        var daemonExecuted = false

        init(reached: @escaping (Int32) -> Bool) {
            self.reached = reached
        }

        mutating func run(startedBy findLeader: () -> Int32?, while launching: () -> Bool) throws(TracingRefused)
            -> Int32?
        {
            while true {
                guard launching(), Date() < deadline else { return nil }
                if let found = findLeader() {
                    leader = found
                    break
                }
                usleep(100)
            }
            // The daemon is the leader's fork, which is reported only once every thread that may fork it is traced.
            guard try traceThreads(of: leader), children(of: leader).isEmpty else { return nil }
            while let (thread, status) = nextStop() {
                if let caught = try handle(thread, status) { return caught }
            }
            return nil
        }

        /// Traces each thread of `pid`, those it starts meanwhile too; `false` when it is gone.
        private func traceThreads(of pid: Int32) throws(TracingRefused) -> Bool {
            let options = PTRACE_O_TRACECLONE.rawValue | PTRACE_O_TRACEFORK.rawValue | PTRACE_O_TRACEVFORK.rawValue
                | PTRACE_O_TRACEEXEC.rawValue | PTRACE_O_TRACESYSGOOD.rawValue
            var traced: Set<Int32> = []
            while true {
                let threads = Set(Self.threads(of: pid))
                if threads.isEmpty { return false }
                if threads.isSubset(of: traced) { return true }
                for thread in threads.subtracting(traced) {
                    // A thread a traced one started meanwhile is traced already (EPERM), and one that ended is gone.
                    if Self.ptrace(PTRACE_SEIZE, thread, data: UInt(options)) != 0 && errno != ESRCH
                        && (traced.isEmpty || errno != EPERM)
                    {
                        throw TracingRefused(what: "the session leader", errorNumber: errno)
                    }
                    traced.insert(thread)
                }
            }
        }

        /// The next thread of a tracee to stop or end, and its status; `nil` when nothing is traced or the deadline
        /// passed. Looks again after 50 µs, and up to 2 ms while nothing stops, so that the tracer takes little of the
        /// CPU the traced processes need.
        private func nextStop() -> (Int32, Int32)? {
            var pause: UInt32 = 50
            while Date() < deadline {
                var status: Int32 = 0
                let thread = waitpid(-1, &status, __WALL | __WNOTHREAD | WNOHANG)
                if thread > 0 { return (thread, status) }
                if thread < 0 && errno != EINTR { return nil }
                usleep(pause)
                pause = min(pause * 2, 2000)
            }
            return nil
        }

        /// Answers a stop or end of `thread`; returns the daemon once it is held.
        private mutating func handle(_ thread: Int32, _ status: Int32) throws(TracingRefused) -> Int32? {
            guard status & 0xff == 0x7f else { return nil }
            let signal = (status >> 8) & 0xff
            let event = UInt32(status >> 16)
            let group = Self.threadGroup(of: thread)
            if group != 0 && group != leader && daemon == nil { daemon = group }
            guard let daemon, group == daemon else {
                // The leader's threads, and what else the trace follows, go on as they would.
                Self.resume(thread, signal: Self.isDelivery(event: event, signal: signal) ? signal : 0)
                return nil
            }
            if event == PTRACE_EVENT_EXEC.rawValue {
                daemonExecuted = true
                // The daemon's own forks (its orphan guard, its tasks) are not followed.
                let options = PTRACE_O_TRACECLONE.rawValue | PTRACE_O_TRACESYSGOOD.rawValue
                _ = Self.ptrace(PTRACE_SETOPTIONS, thread, data: UInt(options))
            }
            let atSystemCall = signal == SIGTRAP | 0x80
            if daemonExecuted && (event == PTRACE_EVENT_EXEC.rawValue || atSystemCall) && reached(daemon) {
                return hold(daemon, stopped: thread)
            }
            Self.resume(
                thread, signal: Self.isDelivery(event: event, signal: signal) ? signal : 0,
                systemCalls: daemonExecuted)
            return nil
        }

        /// Stops every thread of `daemon` (`thread` is stopped already), sends it `SIGSTOP` and lets go of each, which
        /// so stops before it runs another instruction of its own; returns `daemon`, or `nil` when the deadline passed.
        private func hold(_ daemon: Int32, stopped thread: Int32) -> Int32? {
            var stopped: Set<Int32> = [thread]
            for other in Self.threads(of: daemon) where other != thread {
                _ = Self.ptrace(PTRACE_INTERRUPT, other)
            }
            while !Set(Self.threads(of: daemon)).isSubset(of: stopped) {
                guard let (next, status) = nextStop() else { return nil }
                guard status & 0xff == 0x7f else {
                    stopped.remove(next)
                    continue
                }
                if Self.threadGroup(of: next) == daemon {
                    stopped.insert(next)
                } else {
                    let signal = (status >> 8) & 0xff
                    Self.resume(next, signal: Self.isDelivery(event: UInt32(status >> 16), signal: signal) ? signal : 0)
                }
            }
            kill(daemon, SIGSTOP)
            for thread in stopped {
                _ = Self.ptrace(PTRACE_DETACH, thread)
            }
            return daemon
        }

        /// Whether a stop is a signal's delivery, whose signal the tracee is to get: no event, and no system call.
        private static func isDelivery(event: UInt32, signal: Int32) -> Bool {
            event == 0 && signal != SIGTRAP | 0x80
        }

        /// Lets `thread` go on, with `signal` delivered (0 for none), to its next system call when `systemCalls`.
        private static func resume(_ thread: Int32, signal: Int32, systemCalls: Bool = false) {
            _ = ptrace(systemCalls ? PTRACE_SYSCALL : PTRACE_CONT, thread, data: UInt(signal))
        }

        /// The threads of process `pid` (`/proc/PID/task`).
        private static func threads(of pid: Int32) -> [Int32] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap { Int32($0) }
        }

        /// The process (thread group) thread `thread` belongs to (`Tgid:` of `/proc/TID/status`); 0 when it is gone.
        private static func threadGroup(of thread: Int32) -> Int32 {
            guard let status = try? String(contentsOfFile: "/proc/\(thread)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Tgid:") })
            else { return 0 }
            return Int32(line.dropFirst("Tgid:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }

        /// The children of process `pid`, those of each of its threads.
        private func children(of pid: Int32) -> [Int32] {
            Self.threads(of: pid).flatMap { thread in
                ((try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/children", encoding: .utf8)) ?? "")
                    .split(separator: " ").compactMap { Int32($0) }
            }
        }

        /// `ptrace(request, thread, 0, data)`: 0 (or the value asked for), or -1 with `errno` set.
        ///
        /// The corresponding C function is `ptrace`.
        private static func ptrace(_ request: __ptrace_request, _ thread: Int32, data: UInt = 0) -> Int {
            cprocesstracing_ptrace(request, thread, 0, data)
        }
    }
}
