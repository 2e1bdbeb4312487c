import Foundation
import PRXTesting
import Testing

/// A user the process limit holds, for ``ProcessLimitTests``.
private enum LimitedUser {
    /// The start of a command that runs the rest of its words as a user the process limit holds (root ignores it;
    /// as root, `nobody`), in a user namespace of its own, where the limit counts that run's processes alone.
    static let command = getuid() == 0
        ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "unshare", "--user", "--map-root-user"]
        : ["unshare", "--user", "--map-root-user"]

    /// Whether that user can run the built prx under `prlimit`, in that namespace.
    static var canRunPRX: Bool {
        get async {
            (try? await PRXProcess.run(
                command + ["prlimit", "--nproc=64", "test", "-x", PRXProcess.executablePath],
                executable: "/usr/bin/env", home: "/nonexistent").status) == 0
        }
    }
}

/// prx under a process limit (`ulimit -u`) that its tasks reach.
@Suite(
    .runsProcesses,
    .enabled(
        "no user namespace with setpriv, unshare and prlimit for a user the process limit holds, or it cannot run prx"
    ) { await LimitedUser.canRunPRX })
struct ProcessLimitTests {
    /// At a process limit that leaves no room for a thread, even `prx --help` ends at once with one line and exit
    /// status 2, where it hung for ever, printing nothing: Swift's first step off the main thread waited for a
    /// thread that Dispatch retried every second to make.
    @Test
    func aProcessLimitLeavingNoRoomForAThreadIsAnError() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try PRXProcess(
            LimitedUser.command + ["prlimit", "--nproc=1", PRXProcess.executablePath, "--help"],
            executable: "/usr/bin/env", home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: error: cannot start a thread: the process limit is reached (ulimit -u, or the "
            + "cgroup's pids.max), or memory is short\n")
        #expect(outcome.stdout.isEmpty)
    }

    /// At the lowest process limit that lets prx start (the limit below it stops even `--help`), a run cannot have
    /// its process monitor thread, the first thread it makes, and is refused as it begins, with one line naming the
    /// limit, exit status 2 and no file made: the thread started with the first task, and every task waited 5 s and
    /// was `ERROR` for it, with nothing said on standard error.
    @Test
    func aRunWhoseMonitorThreadTheProcessLimitRefusesIsRefusedAsItBegins() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        #expect(chmod(bench.root.path, 0o777) == 0)
        let lines = try bench.root.write("lines.txt", "1\n2\n")
        let tooLowForPRX = "prx: error: cannot start a thread: the process limit is reached"
        var outcome: PRXProcess.Outcome?
        for limit in 2...16 {
            let run = try PRXProcess(
                LimitedUser.command + ["prlimit", "--nproc=\(limit)", PRXProcess.executablePath,
                                    "-A", lines, "-C", "echo @ARG@", "-r"],
                executable: "/usr/bin/env", home: bench.home, directory: bench.root.path)
            let tried = await run.wait(killingAfter: 20)
            if !tried.stderr.hasPrefix(tooLowForPRX) {
                outcome = tried
                break
            }
        }
        let refused = try #require(outcome)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr == "prx: error: cannot start prx's process monitor thread: Resource temporarily "
            + "unavailable (the process limit: ulimit -u, or the cgroup's pids.max)\n")
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    /// Every process limit that lets prx start but refuses a run one of the threads it needs, the one that watches for
    /// signals as much as its process monitor, is one line naming the limit, exit status 2: the
    /// signals thread's line gave the C library's words alone (`cannot start the thread that watches for signals:
    /// Resource temporarily unavailable`), where the monitor's said which limit to raise.
    @Test
    func eachThreadARunIsRefusedIsNamedWithTheLimit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        #expect(chmod(bench.root.path, 0o777) == 0)
        let lines = try bench.root.write("lines.txt", "1\n2\n")
        var refusals: [String] = []
        for limit in 2...24 {
            let run = try PRXProcess(
                LimitedUser.command + ["prlimit", "--nproc=\(limit)", PRXProcess.executablePath,
                                    "-A", lines, "-C", "echo @ARG@", "-r", "-m", "8"],
                executable: "/usr/bin/env", home: bench.home, directory: bench.root.path)
            let tried = await run.wait(killingAfter: 20)
            if tried.stderr.hasPrefix("prx: error: cannot start a thread: the process limit is reached") { continue }
            // The first limit under which the run begins ends the refusals.
            guard tried.stderr.hasPrefix("prx: error: cannot start ") else { break }
            #expect(tried.status == 2, "\(tried.stderr)")
            refusals.append(tried.stderr)
        }
        #expect(refusals.contains { $0.hasPrefix("prx: error: cannot start the thread that watches for signals") },
                "\(refusals)")
        for refusal in refusals {
            #expect(refusal.hasPrefix("prx: error: cannot start "), "\(refusal)")
            #expect(refusal.hasSuffix(": Resource temporarily unavailable (the process limit: ulimit -u, or the "
                + "cgroup's pids.max)\n"), "\(refusal)")
        }
    }

    /// At `-m` well above what the process limit holds (prx's own threads count against it too), the tasks it
    /// refuses wait for running ones to end and run, with one warning. prx recorded each of them at once as
    /// ERROR ("cannot start sleep: Resource temporarily unavailable"), most of the run in a moment.
    @Test
    func tasksTheProcessLimitRefusesWaitForRunningOnesToEnd() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // The limited user writes prx's files in the bench.
        #expect(chmod(bench.root.path, 0o777) == 0)
        let limit = ProcessInfo.processInfo.activeProcessorCount + 14
        let workers = min(limit + 10, 100)
        let lines = try bench.root.write("lines.txt", String(repeating: "0.3\n", count: 2 * workers))
        let outcome = try await PRXProcess.run(
            LimitedUser.command + ["prlimit", "--nproc=\(limit)", PRXProcess.executablePath,
                                "-A", lines, "-C", "sleep @ARG@", "-m", "\(workers)", "-r"],
            executable: "/usr/bin/env", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warning = "prx: warning: cannot start more processes (process limit reached: ulimit -u, or the cgroup's "
            + "pids.max); waiting for running tasks\n"
        #expect(outcome.stderr.components(separatedBy: warning).count == 2, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.count == 2 * workers)
        let notRun = records.filter { $0["status"] != "SUCCESS" }.map { $0["error_message"] ?? "" }
        #expect(notRun.isEmpty, "\(notRun.count) tasks did not succeed: \(notRun.first ?? "")")
    }
}
