import Foundation
import PRXPlugins
import PRXTesting
import Testing
@testable import PRXCommand

extension Processes {
    @Suite(.serialized, .runsProcesses) struct RunKillerTests {
        @Test func aPIDTheRegistryDoesNotListIsRefusedAndLeftAlone() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            let killer = RunKiller(registry: bench.registry)
            #expect {
                try killer.stop(pid: sleeper.pid)
            } throws: { error in
                let failure = error as? CommandFailure
                return failure?.exitStatus == 2 && failure?.message.contains("not a running prx process") == true
            }
            #expect(sleeper.isRunning)
        }

        @Test func aRegisteredPIDNowNamingAnotherProcessIsRefusedAndItsEntryRemoved() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            var entry = try bench.entry(for: sleeper.pid)
            entry.identity = ProcessIdentity(
                startTicks: entry.identity.startTicks, commandLine: ["prx", "-T", "tasks", "-C", "bash @TASK@", "-r"])
            try bench.registry.write(entry)
            #expect(throws: CommandFailure.self) { try RunKiller(registry: bench.registry).stop(pid: sleeper.pid) }
            #expect(sleeper.isRunning)
            #expect(bench.registry.entry(pid: sleeper.pid) == nil)
        }

        /// An entry another user wrote, in a registry others can write to (a shared `PRX_HOME`), is not trusted, however
        /// well it copies a process's start and command line from `/proc`: `-k PID` and `-k all` stopped the process it
        /// named, any of the user's running `-k`, and `--list-workers` listed it as a run.
        @Test(.enabled(if: geteuid() == 0, "giving a file to another user needs root"))
        func anEntryAnotherUserWroteStopsNothing() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            try bench.registry.write(try bench.entry(for: sleeper.pid))
            #expect(chown(bench.root.file("run/\(sleeper.pid).json"), 65534, 65534) == 0)
            let killer = RunKiller(registry: bench.registry)
            #expect(throws: CommandFailure.self) { try killer.stop(pid: sleeper.pid) }
            #expect(try killer.stopAll { _ in true } == "No running prx processes found.\n")
            #expect(try bench.registry.liveEntries().isEmpty)
            #expect(sleeper.isRunning)
        }

        @Test func aRegisteredRunEndsOnSIGTERM() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            try bench.registry.write(try bench.entry(for: sleeper.pid))
            let started = Date()
            #expect(try RunKiller(registry: bench.registry).stop(pid: sleeper.pid) == .terminated)
            #expect(Date().timeIntervalSince(started) < 2)
            #expect(!sleeper.isRunning)
            #expect(bench.registry.entry(pid: sleeper.pid) == nil)
        }

        @Test func aRunIgnoringSIGTERMGetsSIGKILLAfterTheGraceTime() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let stubborn = try await ShellProcess("trap '' TERM; exec sleep 30", awaitingProgram: "sleep")
            defer { stubborn.stop() }
            try bench.registry.write(try bench.entry(for: stubborn.pid))
            let started = Date()
            let killer = RunKiller(registry: bench.registry)
            #expect(try await killer.awaitStop(pid: stubborn.pid) == .killed(after: .seconds(3)))
            // Well short of the 11 s a run's default grace would add, with room for a machine busy with other
            // tests (6 s was exceeded once beside the long memory tests).
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed >= 2.9 && elapsed < 9)
            #expect(!stubborn.isRunning)
            #expect(try stubborn.awaitExit() == .signaled(SIGKILL))
        }

        /// A run whose executor gives its tasks a grace after `SIGTERM` has that much more time before `SIGKILL`:
        /// after a fixed 3 s, a run whose tasks took a grace of 3 s or more was killed before it wrote their results.
        @Test func aRunHasItsTasksGraceBeforeTheKillersOwn() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let stubborn = try await ShellProcess("trap '' TERM; exec sleep 30", awaitingProgram: "sleep")
            defer { stubborn.stop() }
            var entry = try bench.entry(for: stubborn.pid)
            entry.stopGrace = 1.5
            try bench.registry.write(entry)
            let started = Date()
            let killer = RunKiller(registry: bench.registry)
            let outcome = try await killer.awaitStop(pid: stubborn.pid)
            #expect(outcome == .killed(after: .seconds(4.5)))
            #expect(Date().timeIntervalSince(started) >= 4.4)
            // In seconds as prx's other messages write them, not as `Duration` describes itself (`4.5 seconds`).
            let line = "Killed prx process 7 (SIGKILL: still running 4.5s after SIGTERM)\n"
            #expect(killer.line(pid: 7, outcome) == line)
            #expect(killer.line(pid: 7, .killed(after: .seconds(11))).contains("still running 11s after SIGTERM"))
            #expect(try stubborn.awaitExit() == .signaled(SIGKILL))
        }

        /// The entry is removed after the wait only while it is still the stopped run's: a new run given the PID in
        /// those seconds registers under it, and its entry was removed, so that `--list-workers` and `-k` did not see
        /// it.
        @Test func anEntryRewrittenByAnotherProcessDuringTheWaitIsLeft() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let stubborn = try await ShellProcess("trap '' TERM; exec sleep 30", awaitingProgram: "sleep")
            defer { stubborn.stop() }
            let pid = stubborn.pid
            let entry = try bench.entry(for: pid)
            try bench.registry.write(entry)
            let killer = RunKiller(registry: bench.registry)
            async let outcome = killer.awaitStop(pid: pid)
            try await Task.sleep(for: .seconds(1))
            var newRun = entry
            newRun.identity = ProcessIdentity(
                startTicks: entry.identity.startTicks + 1,
                commandLine: ["prx", "-T", "other", "-C", "bash @TASK@", "-r"])
            try bench.registry.write(newRun)
            #expect(try await outcome == .killed(after: .seconds(3)))
            #expect(bench.registry.entry(pid: pid)?.identity == newRun.identity)
        }

        @Test func killingAllAsksFirstAndReportsEachRun() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let sleepers = [
                try await ShellProcess("exec sleep 30", awaitingProgram: "sleep"),
                try await ShellProcess("exec sleep 30", awaitingProgram: "sleep"),
            ]
            defer { sleepers.forEach { $0.stop() } }
            for sleeper in sleepers {
                try bench.registry.write(try bench.entry(for: sleeper.pid))
            }
            let killer = RunKiller(registry: bench.registry)
            var asked: [Int] = []
            #expect(try killer.stopAll { count in asked.append(count); return false }
                == "Cancelled: no process was killed.\n")
            #expect(sleepers.allSatisfy { $0.isRunning })

            let report = try killer.stopAll { _ in true }
            #expect(asked == [2])
            #expect(report == sleepers.map { "Killed prx process \($0.pid) (ended after SIGTERM)\n" }.joined())
            #expect(!sleepers.contains { $0.isRunning })
            #expect(try killer.stopAll { _ in true } == "No running prx processes found.\n")
        }

        /// The answer is read from standard input whatever it is, as parallelr reads it, `yes` in any case; an input
        /// that ends with no answer, and no terminal to wait on, is refused with the way out (`--yes`).
        @Test func killingAllTakesItsAnswerFromAnyInput() throws {
            let notATerminal = try FileDescriptor.openForReadingAndWriting("/dev/null")
            defer { notATerminal.close() }
            #expect(throws: CommandFailure.self) {
                try Confirmation(assumeYes: false, input: notATerminal, readAnswer: { nil }).confirmKillingAll(2)
            }
            #expect(try Confirmation(assumeYes: true, input: notATerminal).confirmKillingAll(2))
            #expect(
                try Confirmation(assumeYes: false, input: notATerminal, readAnswer: { " YES" }).confirmKillingAll(2))
            #expect(try !Confirmation(assumeYes: false, input: notATerminal, readAnswer: { "no" }).confirmKillingAll(2))
        }
    }
}

extension RunKiller {
    /// ``stop(pid:)`` on a thread of its own (``BlockingCall``): it waits out the grace of a run that does not end.
    fileprivate func awaitStop(pid: Int32) async throws(CommandFailure) -> Outcome {
        try await BlockingCall.run { [self] () throws(CommandFailure) -> Outcome in try stop(pid: pid) }
    }
}
