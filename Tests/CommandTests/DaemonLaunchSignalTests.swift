import Foundation
import PRXTesting
import Testing

/// The name the kernel gives prx's processes (`/proc/PID/comm`).
private let processName = String(URL(fileURLWithPath: PRXProcess.executablePath).lastPathComponent.prefix(15))

/// Whether process `pid` catches `signal` (`SigCgt` in `/proc/PID/status`).
private func catches(_ pid: Int32, _ signal: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
        let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
    else { return false }
    return mask & (1 << UInt64(signal - 1)) != 0
}

/// The state letter of process `pid` (field 3 of `/proc/PID/stat`: `T` once stopped).
private func state(of pid: Int32) -> Substring? {
    let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    return stat?.split(separator: ")").last?.split(separator: " ").first
}

/// The children of process `pid`, those of each of its threads.
private func children(of pid: Int32) -> [Substring] {
    let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    return threads.flatMap { thread in
        ((try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/children", encoding: .utf8)) ?? "")
            .split(separator: " ")
    }
}

/// SIGINT, SIGTERM or SIGHUP to `prx -D` while it launches the daemon: the launcher was killed (143, nothing on its
/// standard output or error) while the daemon it had started ran its tasks, its PID told to no one.
@Suite(.runsProcesses) struct DaemonLaunchSignalTests {
    /// A moment of the launch, at which the test holds one of its processes (`SIGSTOP`) while it signals the launcher,
    /// each a state of the processes seen from outside.
    enum Moment: String, CaseIterable, CustomTestStringConvertible {
        /// The session leader runs and has not started the daemon: no daemon process exists.
        case beforeTheDaemonExists
        /// The daemon runs and does not catch the signal yet: it has made nothing.
        case daemonStarting
        /// The daemon catches the signal and has not registered its run: it makes its files.
        case daemonSettingUp
        /// The daemon's run has begun, its first task running, and the launcher, held since before the daemon registered
        /// its run, has not read its report.
        case daemonRunning

        var testDescription: String { rawValue }
    }

    /// A launch of a daemon whose three tasks sleep, from a workbench of its own.
    private struct Launch {
        let bench: Workbench
        let folder: String
        let mark: String
        let process: PRXProcess
        var launcher: Int32 { process.process.processIdentifier }

        init() throws {
            bench = try Workbench()
            mark = "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
            folder = try bench.tasks(3) { [mark] _ in "sleep \(mark)\n" }
            process = try PRXProcess(
                ["-T", folder, "-C", "bash @TASK@", "-r", "-m", "1", "-D"], home: bench.home,
                directory: bench.root.path)
        }

        /// The prx processes started with the launch's folder but the launcher, those that lead their session (the
        /// session leader) or not (the daemon).
        func copies(leadingTheirSession: Bool) -> [Int32] {
            LiveProcesses.matching(folder).filter { pid in
                pid != launcher && (getsid(pid) == pid) == leadingTheirSession
                    && (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == processName + "\n"
            }
        }

        /// Whether the daemon's run is in the run registry.
        var isRegistered: Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: bench.home + "/run")) ?? [])
                .contains { $0.hasSuffix(".json") }
        }

        /// Holds the launch at `moment`: waits for it (20 s at most) and stops the process to hold, then checks that
        /// the launch is still there; returns that process, or `nil` (the process going on) when the launch went past
        /// the moment.
        func hold(at moment: Moment, signal: Int32) async -> Int32? {
            let deadline = Date().addingTimeInterval(20)
            func awaitFirst(_ find: () -> Int32?) async -> Int32? {
                while process.process.isRunning && Date() < deadline {
                    if let found = find() { return found }
                    try? await Task.sleep(for: .microseconds(200))
                }
                return nil
            }
            switch moment {
            case .beforeTheDaemonExists:
                guard let leader = await awaitFirst({ copies(leadingTheirSession: true).first }) else { return nil }
                return stop(leader, while: { children(of: leader).isEmpty })
            case .daemonStarting:
                guard let daemon = await awaitFirst({ copies(leadingTheirSession: false).first }) else { return nil }
                return stop(daemon, while: { !catches(daemon, signal) })
            case .daemonSettingUp:
                guard let daemon = await awaitFirst(catchDaemon) else { return nil }
                return step(daemon, until: { catches(daemon, signal) }, while: { !isRegistered })
            case .daemonRunning:
                guard let daemon = await awaitFirst(catchDaemon),
                    step(daemon, until: { catches(daemon, signal) }, while: { !isRegistered }) != nil
                else { return nil }
                // The daemon, held, has neither registered its run nor reported it to the launcher.
                let launcher = stop(launcher, while: { !isRegistered })
                kill(daemon, SIGCONT)
                guard let launcher else { return nil }
                _ = await LiveProcesses.awaitCount(mark, atLeast: 1)
                return launcher
            }
        }

        /// The daemon, stopped as the session leader starts it: the session leader (the launcher's child leading its
        /// session), stopped once seen, runs a few hundred microseconds at a time until it has a child, the daemon,
        /// which is stopped before the leader goes on; `nil` when the leader is not there yet, or ended. The daemon is
        /// so caught within moments of its `exec` however long the machine makes the test wait between two looks,
        /// where a look through `/proc` for it may come once it has registered its run.
        func catchDaemon() -> Int32? {
            guard let leader = children(of: launcher).compactMap({ Int32($0) }).first(where: { getsid($0) == $0 })
            else { return nil }
            let started = { children(of: leader).compactMap { Int32($0) }.first }
            guard step(leader, until: { started() != nil }, while: { true }) != nil, let daemon = started() else {
                return nil
            }
            halt(daemon)
            kill(leader, SIGCONT)
            return daemon
        }

        /// Stops `pid` and returns it when `stillThere` holds once it is stopped; else lets it go on and returns `nil`.
        private func stop(_ pid: Int32, while stillThere: () -> Bool) -> Int32? {
            halt(pid)
            if stillThere() { return pid }
            kill(pid, SIGCONT)
            return nil
        }

        /// Stops `pid`, then lets it run a few hundred microseconds at a time until `reached` holds, and returns it,
        /// stopped, when `stillThere` holds then; else lets it go on and returns `nil`. A moment that lasts
        /// milliseconds of the process's own time is so caught however long the machine makes the test wait between
        /// two looks at it, where a test that only looks may find it over.
        private func step(_ pid: Int32, until reached: () -> Bool, while stillThere: () -> Bool) -> Int32? {
            halt(pid)
            while LiveProcesses.isRunning(pid) && stillThere() && !reached() {
                kill(pid, SIGCONT)
                usleep(300)
                halt(pid)
            }
            return stop(pid, while: { stillThere() && reached() })
        }

        /// Sends `pid` `SIGSTOP` and waits until it is stopped (or gone).
        private func halt(_ pid: Int32) {
            kill(pid, SIGSTOP)
            while LiveProcesses.isRunning(pid) && state(of: pid) != "T" {
                usleep(100)
            }
        }
    }

    /// Whichever moment of the launch the signal comes at, the launch ends one of two ways: the launcher printed the
    /// daemon's PID and exited 0 (the signal came once it was printing it), or it stopped the daemon, waited for its
    /// end, said so in one line and exited with 128 + the signal, no daemon and no task of it left running.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP], Moment.allCases)
    func aSignalDuringTheLaunchLeavesNoDaemonUntold(signal: Int32, moment: Moment) async throws {
        var held: (launch: Launch, pid: Int32)?
        // The moment lasts some milliseconds: a launch that goes past it before the test sees it is tried again.
        for _ in 1...10 where held == nil {
            let launch = try Launch()
            if let pid = await launch.hold(at: moment, signal: signal) {
                held = (launch, pid)
                break
            }
            _ = await launch.process.wait(killingAfter: 60)
            for daemon in launch.copies(leadingTheirSession: false) { kill(daemon, SIGTERM) }
            _ = await LiveProcesses.awaitGone(launch.mark, seconds: 10)
            launch.bench.root.remove()
        }
        let (launch, holder) = try #require(held, "the launch went past \(moment.rawValue) ten times")
        let bench = launch.bench
        // A daemon left running would run its tasks for hours.
        defer {
            for daemon in launch.copies(leadingTheirSession: false) { kill(daemon, SIGTERM) }
            bench.root.remove()
        }
        kill(launch.launcher, signal)
        // For the launcher to take the signal before the process held goes on.
        try await Task.sleep(for: .milliseconds(100))
        kill(holder, SIGCONT)
        let outcome = await launch.process.wait(killingAfter: 60)

        if let pid = outcome.stdout.firstMatch(of: /^prx: daemon started, PID (\d+)\n/).flatMap({ Int32($0.1) }) {
            #expect(moment == .daemonRunning, "announced at \(moment.rawValue)")
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(LiveProcesses.isRunning(pid), "the daemon announced is not running")
            kill(pid, SIGTERM)
            #expect(await LiveProcesses.awaitGone(launch.mark, seconds: 10).isEmpty)
            return
        }
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? ""
        #expect(outcome.status == 128 + signal, "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        let line = outcome.stderr.wholeMatch(of: /prx: launch stopped by (\w+): the daemon, PID \d+, (.*)\n/)
        #expect(line?.1 == Substring(name), "\(outcome.stderr)")
        // The session leader, which the launcher does not wait for, is gone once it has started the daemon.
        _ = await LiveProcesses.awaitGone(launch.folder, seconds: 5)
        #expect(launch.copies(leadingTheirSession: false).isEmpty, "a daemon runs on: \(outcome.stderr)")
        #expect(LiveProcesses.matching(launch.mark).isEmpty, "a task runs on: \(outcome.stderr)")
        let listed = try await bench.prx(["--list-workers"])
        #expect(listed.stdout == "No running prx processes found.\n", "\(listed.stdout)")
        guard let ending = line?.2 else { return }
        if moment == .daemonSettingUp || moment == .daemonRunning {
            #expect(ending.hasPrefix("has ended; log file: "), "\(ending)")
        }
        // A daemon whose run began wrote every result, each task stopped or never started, and its journal says that a
        // signal interrupted it.
        if let summary = ending.firstMatch(of: /^has ended; log file: .+; summary file: (.+)$/)?.1 {
            #expect(FileManager.default.fileExists(atPath: String(summary)))
            let records = try await bench.summaryRecords()
            #expect(records.count == 3)
            #expect(records.allSatisfy { $0["status"] == "CANCELLED" }, "\(records)")
            let history = try await bench.prx(["history"])
            #expect(history.stdout.contains("  interrupted  "), "\(history.stdout)")
        } else {
            #expect(ending == "ended before its run began")
        }
    }
}
