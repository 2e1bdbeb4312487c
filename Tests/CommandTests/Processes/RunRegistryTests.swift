import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing
@testable import PRXCommand

extension Processes {
    @Suite struct RunRegistryTests {
        @Test func anEntryReadsBackAsWritten() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            var entry = try bench.entry(for: getpid(), startTime: Date(timeIntervalSince1970: 1_700_000_000))
            entry.finished = 3
            entry.total = 10
            try bench.registry.write(entry)
            #expect(bench.registry.entry(pid: getpid()) == entry)
            #expect(bench.registry.liveEntries() == [entry])
            let names = try FileManager.default.contentsOfDirectory(atPath: bench.registry.directory)
            #expect(names == ["\(getpid()).json"])
        }

        @Test func entriesOfEndedProcessesAndReusedPIDsAreDroppedWhenListed() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let ended = try ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            let endedEntry = try bench.entry(for: ended.pid)
            ended.stop()
            let reused = try ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { reused.stop() }
            var reusedEntry = try bench.entry(for: reused.pid)
            reusedEntry.identity.startTicks -= 1
            let live = try bench.entry(for: getpid())
            for entry in [endedEntry, reusedEntry, live] {
                try bench.registry.write(entry)
            }
            try Data("not json".utf8).write(to: URL(fileURLWithPath: bench.registry.directory + "/999999999.json"))

            #expect(bench.registry.liveEntries().map(\.identity) == [live.identity])
            let names = try FileManager.default.contentsOfDirectory(atPath: bench.registry.directory)
            #expect(names == ["\(getpid()).json"])
            #expect(reused.isRunning)
        }

        @Test func aRegistrationWritesThisProcessAndRemovesItAtTheEnd() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let files = try RunLogFiles(directory: "/logs", startTime: Date(timeIntervalSince1970: 1_700_000_000))
            let registration = try RunRegistration(
                registry: bench.registry, logFile: files.mainLog, summaryFile: files.summaryCSV, startTime: Date(),
                total: 4)
            let entry = try #require(bench.registry.liveEntries().first)
            #expect(entry.pid == getpid())
            #expect(entry.logFile == files.mainLog)
            #expect(entry.summaryFile == files.summaryCSV)
            #expect(entry.identity.commandLine == CommandLine.arguments)
            #expect(entry.progress == "0/4")
            try registration.record(finished: 2)
            #expect(bench.registry.entry(pid: getpid())?.progress == "2/4")
            registration.remove()
            #expect(bench.registry.liveEntries().isEmpty)
        }

        @Test func theSinkWritesAtStartAtMostTwiceASecondAndAtTheEnd() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let registration = try RunRegistration(
                registry: bench.registry, logFile: "/logs/run.log", summaryFile: "/logs/run.csv", startTime: Date())
            defer { registration.remove() }
            var sink = RunRegistrySink(registration: registration)
            func finished() -> Int? { bench.registry.entry(pid: getpid())?.finished }
            try registration.record(finished: 99)

            try sink.receive(.runStarted(RunInfo(startTime: Date(), maxInFlight: 2)))
            #expect(finished() == 0)
            let result = TaskResult(task: TaskSpec(id: 1, label: "t", argv: ["true"]), status: .success)
            try sink.receive(.taskFinished(result))
            #expect(finished() == 0, "within 0.5 s of the last write")
            usleep(600_000)
            try sink.receive(.taskFinished(result))
            #expect(finished() == 2)
            try sink.receive(.taskFinished(result))
            #expect(finished() == 2)
            var statistics = RunStatistics()
            statistics.finished = 3
            try sink.receive(.runFinished(RunSummary(startTime: Date(), endTime: Date(), statistics: statistics)))
            #expect(finished() == 3)
            #expect(bench.registry.entry(pid: getpid())?.progress == "3/?")
        }
    }
}
