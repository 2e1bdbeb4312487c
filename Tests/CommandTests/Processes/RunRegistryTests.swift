import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Synchronization
import Testing
@testable import PRXCommand

extension Processes {
    @Suite(.runsProcesses) struct RunRegistryTests {
        @Test func anEntryReadsBackAsWritten() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            var entry = try bench.entry(for: getpid(), startTime: Date(timeIntervalSince1970: 1_700_000_000))
            entry.finished = 3
            entry.total = 10
            try bench.registry.write(entry)
            #expect(bench.registry.entry(pid: getpid()) == entry)
            #expect(try bench.registry.liveEntries() == [entry])
            let names = try FileManager.default.contentsOfDirectory(atPath: bench.registry.directory)
            #expect(names == ["\(getpid()).json"])
        }

        /// The draft of an entry that a prx killed as it wrote left is deleted once that prx is gone; a live
        /// process's draft (being written) is left. They were never deleted.
        @Test func draftsOfEndedProcessesAreDeletedWhenListed() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let ended = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            ended.stop()
            try bench.registry.write(try bench.entry(for: getpid()))
            for pid in [ended.pid, getpid()] {
                try bench.root.write("run/\(pid).json.new", "{")
            }
            #expect(try bench.registry.liveEntries().map(\.pid) == [getpid()])
            let names = try FileManager.default.contentsOfDirectory(atPath: bench.registry.directory).sorted()
            #expect(names == ["\(getpid()).json", "\(getpid()).json.new"])
        }

        /// Only a PID's decimal digits name an entry: `+PID.json` and `0PID.json` were read as entries of PID, each
        /// listed beside `PID.json` (`-k all` stopped the run, then failed on its copies, exit 1), and left there
        /// while `PID.json` was deleted for them when its run had ended. They are not entries, and are left alone.
        @Test func aFileNamedOtherwiseThanByItsPIDsDigitsIsNoEntry() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            // A start time in whole seconds, which the entry's JSON holds exactly.
            let live = try bench.entry(for: getpid(), startTime: Date(timeIntervalSince1970: 1_700_000_000))
            try bench.registry.write(live)
            let ended = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            let endedEntry = try bench.entry(for: ended.pid)
            ended.stop()
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .secondsSince1970
            let copies = ["+\(getpid()).json", "0\(getpid()).json", "+\(ended.pid).json", "+\(ended.pid).json.new"]
            for name in copies {
                try encoder.encode(name.hasPrefix("+\(ended.pid)") ? endedEntry : live)
                    .write(to: URL(fileURLWithPath: bench.registry.directory + "/" + name))
            }

            #expect(try bench.registry.liveEntries() == [live])
            let names = try FileManager.default.contentsOfDirectory(atPath: bench.registry.directory).sorted()
            #expect(names == (copies + ["\(getpid()).json"]).sorted())
        }

        /// An entry holds the command line's hash, not its words: a run given thousands of task files one by one (a
        /// shell's `-T tasks/*`) wrote them all into its entry, some 120 KB for 3,000 files, twice a second while it
        /// ran. Its process is still told apart from another by the hash, and an entry an earlier prx wrote, with
        /// the words, is still read as its run's.
        @Test func anEntryHoldsTheCommandLinesHashNotItsWords() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            // GNU sleep adds up its arguments: 30 seconds, and 3,000 arguments of 32 bytes.
            let words = Array(repeating: "0.000000000000000000000000000000", count: 3000)
            let sleeper = try await ShellProcess(
                "exec sleep 30 " + words.joined(separator: " "), awaitingProgram: "sleep")
            defer { sleeper.stop() }
            let entry = try bench.entry(for: sleeper.pid)
            try bench.registry.write(entry)
            let path = bench.registry.directory + "/\(sleeper.pid).json"
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(size < 1000)
            #expect(try bench.registry.liveEntries().map(\.pid) == [sleeper.pid])

            let reused = ProcessIdentity(startTicks: entry.identity.startTicks, commandLine: ["sleep", "30"])
            #expect(reused != entry.identity)

            let earlier = """
                {"finished":0,"identity":{"commandLine":\(try String(decoding: JSONEncoder().encode(
                    ["sleep", "30"] + words), as: UTF8.self)),"startTicks":\(entry.identity.startTicks)},\
                "logFile":"/logs/run.log","pid":\(sleeper.pid),"startTime":1700000000,"status":"running",\
                "summaryFile":"/logs/run.csv"}
                """
            try Data(earlier.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try bench.registry.liveEntries().map(\.identity) == [entry.identity])
        }

        /// An earlier prx (before the identity held the command line's hash) reads an entry's identity by its words
        /// alone, and deleted, as it listed the runs (`--list-workers`, `-k`), each entry it could not read: every
        /// entry of this prx, which its run wrote again only once a task ended. An entry of a short command line now
        /// holds its words beside the hash, as that prx reads them, and it takes the run for live, as it took its own.
        @Test func anEarlierPRXReadsTheEntryOfAShortCommandLineAsLive() async throws {
            /// The identity and the entry as that prx read them (ProcessIdentity and RunEntry of 1172e61^).
            struct EarlierIdentity: Decodable, Equatable {
                var startTicks: UInt64
                var commandLine: [String]
            }
            struct EarlierEntry: Decodable {
                var pid: Int32
                var identity: EarlierIdentity
                var status: String
                var startTime: Date
                var logFile: String
                var summaryFile: String
                var finished: Int
                var total: Int?
            }
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let sleeper = try await ShellProcess("exec sleep 30 0", awaitingProgram: "sleep")
            defer { sleeper.stop() }
            let entry = try bench.entry(for: sleeper.pid, startTime: Date(timeIntervalSince1970: 1_700_000_000))
            try bench.registry.write(entry)
            let path = bench.registry.directory + "/\(sleeper.pid).json"
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let earlier = try decoder.decode(EarlierEntry.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
            // That prx's isLive: the identity it reads of the process now, its words as /proc/PID/cmdline has them.
            let now = EarlierIdentity(
                startTicks: try #require(ProcessStart.ticks(of: sleeper.pid)),
                commandLine: try #require(ProcessIdentity.commandLine(of: sleeper.pid)))
            #expect(earlier.identity == now)
            #expect(earlier.pid == sleeper.pid)
            #expect(try bench.registry.liveEntries() == [entry])
        }

        /// A directory named as an entry is no entry, and listing the runs leaves it with what it holds: it was
        /// deleted whole, as the entry of a process that had ended, by `--list-workers` and `-k`.
        @Test func aDirectoryNamedAsAnEntryIsLeftWithWhatItHolds() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let live = try bench.entry(for: getpid())
            try bench.registry.write(live)
            let directory = bench.registry.directory + "/999999999.json"
            try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
            try Data("kept\n".utf8).write(to: URL(fileURLWithPath: directory + "/sub/file"))
            #expect(try bench.registry.liveEntries().map(\.pid) == [getpid()])
            #expect(try String(contentsOfFile: directory + "/sub/file", encoding: .utf8) == "kept\n")
        }

        @Test func entriesOfEndedProcessesAndReusedPIDsAreDroppedWhenListed() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let ended = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            let endedEntry = try bench.entry(for: ended.pid)
            ended.stop()
            let reused = try await ShellProcess("exec sleep 30", awaitingProgram: "sleep")
            defer { reused.stop() }
            var reusedEntry = try bench.entry(for: reused.pid)
            reusedEntry.identity.startTicks -= 1
            let live = try bench.entry(for: getpid())
            for entry in [endedEntry, reusedEntry, live] {
                try bench.registry.write(entry)
            }
            try Data("not json".utf8).write(to: URL(fileURLWithPath: bench.registry.directory + "/999999999.json"))

            #expect(try bench.registry.liveEntries().map(\.identity) == [live.identity])
            let names = try FileManager.default.contentsOfDirectory(atPath: bench.registry.directory)
            #expect(names == ["\(getpid()).json"])
            #expect(reused.isRunning)
        }

        @Test func aRegistrationWritesThisProcessAndRemovesItAtTheEnd() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let files = try RunLogFiles(directory: "/logs", startTime: Date(timeIntervalSince1970: 1_700_000_000))
            let registration = RunRegistration(
                registry: bench.registry, logFile: files.mainLog, summaryFile: files.summaryCSV, startTime: Date(),
                total: 4) { Issue.record("warned: \($0)") }
            let entry = try #require(try bench.registry.liveEntries().first)
            #expect(entry.pid == getpid())
            #expect(entry.logFile == files.mainLog)
            #expect(entry.summaryFile == files.summaryCSV)
            #expect(entry.identity == ProcessIdentity(
                startTicks: entry.identity.startTicks, commandLine: CommandLine.arguments))
            #expect(entry.progress == "0/4")
            registration.record(finished: 2, immediately: true)
            #expect(bench.registry.entry(pid: getpid())?.progress == "2/4")
            registration.remove()
            #expect(try bench.registry.liveEntries().isEmpty)
        }

        /// The progress is written at most twice a second, and the final count at once; a count that came too soon
        /// after the last write is written when the half second is over, though no task finishes after it: it waited
        /// for the next task to finish, and so stayed stale while a long task ran.
        ///
        /// A count is "not written yet" only while the half second since the last write can not be over: each such
        /// check is made when the time since a moment before that write is under half a second, so that a test
        /// delayed by a crowded suite judges nothing it cannot judge (it once failed so, after 195 s in CI).
        @Test func theProgressIsWrittenAtMostTwiceASecondAndNoCountIsLeftUnwritten() async throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let beforeFirstWrite = Date()
            let registration = RunRegistration(
                registry: bench.registry, logFile: "/logs/run.log", summaryFile: "/logs/run.csv", startTime: Date()
            ) { Issue.record("warned: \($0)") }
            defer { registration.remove() }
            var sink = RunRegistrySink(registration: registration)
            func finished() -> Int? { bench.registry.entry(pid: getpid())?.finished }
            #expect(finished() == 0)
            sink.receive(.runStarted(RunInfo(startTime: Date(), maxInFlight: 2)))
            let result = TaskResult(task: TaskSpec(id: 1, label: "t", argv: ["true"]), status: .success)
            sink.receive(.taskFinished(result))
            sink.receive(.taskFinished(result))
            let firstSeen = finished()
            if Date().timeIntervalSince(beforeFirstWrite) < 0.5 {
                #expect(firstSeen == 0, "within 0.5 s of the last write")
            }
            let deadline = Date().addingTimeInterval(10)
            var beforeSecondWrite = Date()
            while Date() < deadline {
                let now = Date()
                if finished() == 2 { break }
                beforeSecondWrite = now
                try? await Task.sleep(for: .milliseconds(20))
            }
            #expect(finished() == 2)
            sink.receive(.taskFinished(result))
            let secondSeen = finished()
            if Date().timeIntervalSince(beforeSecondWrite) < 0.5 {
                #expect(secondSeen == 2, "within 0.5 s of the last write")
            }
            var statistics = RunStatistics()
            statistics.finished = 3
            sink.receive(.runFinished(RunSummary(startTime: Date(), endTime: Date(), statistics: statistics)))
            #expect(finished() == 3)
            #expect(bench.registry.entry(pid: getpid())?.progress == "3/?")
            registration.remove()
            try? await Task.sleep(for: .milliseconds(700))
            #expect(try bench.registry.liveEntries().isEmpty, "no scheduled write comes after the run")
        }

        /// An entry that cannot be written is one warning naming the path and the system's reason, however often the
        /// run tries again; a later write that can be made registers the run after all.
        @Test func aRegistrationThatCannotBeWrittenWarnsOnce() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let directory = try bench.root.write("run", "a file where the registry's directory should be\n")
            let warnings = Mutex<[String]>([])
            let registration = RunRegistration(
                registry: bench.registry, logFile: "/logs/run.log", summaryFile: "/logs/run.csv", startTime: Date()
            ) { message in warnings.withLock { $0.append(message) } }
            defer { registration.remove() }
            registration.record(finished: 1, immediately: true)
            #expect(warnings.withLock { $0 } == [
                "cannot register this run, so --list-workers and -k do not see it: cannot create directory "
                    + "\(directory): Not a directory",
            ])
            try FileManager.default.removeItem(atPath: directory)
            registration.record(finished: 2, immediately: true)
            #expect(bench.registry.entry(pid: getpid())?.finished == 2)
            #expect(warnings.withLock { $0.count } == 1)
        }

        /// A symbolic link to nothing in the registry's place is said so, with what to do: the warning said `cannot
        /// create directory …/run: No such file or directory` of a link that was there.
        @Test func aRegistryThatIsALinkToNothingIsSaidSo() throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let target = bench.root.file("gone/run")
            try FileManager.default.createSymbolicLink(atPath: bench.registry.directory, withDestinationPath: target)
            let warnings = Mutex<[String]>([])
            let registration = RunRegistration(
                registry: bench.registry, logFile: "/logs/run.log", summaryFile: "/logs/run.csv", startTime: Date()
            ) { message in warnings.withLock { $0.append(message) } }
            defer { registration.remove() }
            let directory = bench.registry.directory
            #expect(warnings.withLock { $0 } == [
                "cannot register this run, so --list-workers and -k do not see it: cannot create directory "
                    + "\(directory): \(directory) is a symbolic link to \(target), which does not exist: create that "
                    + "directory, or remove the link",
            ])
        }

        /// A symbolic link to nothing whose target is relative, or another link, is said so with the path that is
        /// missing, from where prx ran: the warning named the target as the link holds it (`gone/run`, `hop`), which
        /// names another directory from the user's, or a link that is there.
        @Test(arguments: [false, true])
        func aLinkToNothingNamesThePathThatIsMissing(throughAnotherLink: Bool) throws {
            let bench = try RegistryBench()
            defer { bench.root.remove() }
            let directory = bench.registry.directory
            let parent = String(directory[..<directory.lastIndex(of: "/")!])
            let written = throughAnotherLink ? "hop" : "gone/run"
            let missing = throughAnotherLink ? bench.root.file("elsewhere/run") : parent + "/gone/run"
            if throughAnotherLink {
                try FileManager.default.createSymbolicLink(atPath: parent + "/hop", withDestinationPath: missing)
            }
            try FileManager.default.createSymbolicLink(atPath: directory, withDestinationPath: written)
            let warnings = Mutex<[String]>([])
            let registration = RunRegistration(
                registry: bench.registry, logFile: "/logs/run.log", summaryFile: "/logs/run.csv", startTime: Date()
            ) { message in warnings.withLock { $0.append(message) } }
            defer { registration.remove() }
            #expect(warnings.withLock { $0 } == [
                "cannot register this run, so --list-workers and -k do not see it: cannot create directory "
                    + "\(directory): \(directory) is a symbolic link to \(written), which leads to \(missing), which "
                    + "does not exist: create that directory, or remove the link",
            ])
        }

        /// A run whose registry entry cannot be written warns and runs on, writing every result, with the exit status
        /// of its tasks: the registry only serves `--list-workers` and `-k`. It stopped before its first task (exit
        /// 2, with Foundation's wording of the reason) and, when the entry could not be updated later, ended with
        /// exit 1 and "a sink failed:" followed by Foundation's error.
        @Test(arguments: [false, true])
        func aRunWhoseEntryCannotBeWrittenWarnsAndRunsOn(failsLater: Bool) async throws {
            let bench = try Workbench()
            defer { bench.root.remove() }
            let registry = bench.home + "/run"
            if failsLater {
                try bench.root.write("tasks/task1.sh", "rm -rf \"$PRX_HOME/run\" && echo file > \"$PRX_HOME/run\"\n")
                try bench.root.write("tasks/task2.sh", "sleep 0.6\n")
            } else {
                try bench.root.write("home/run", "a file where the registry's directory should be\n")
                try bench.tasks(2) { _ in "true\n" }
            }
            let outcome = try await bench.prx(["-T", bench.root.file("tasks"), "-C", "bash @TASK@", "-r", "-m", "1"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let what = failsLater
                ? "cannot update this run's entry in the run registry, which --list-workers and -k read"
                : "cannot register this run, so --list-workers and -k do not see it"
            #expect(outcome.stderr == "prx: warning: \(what): cannot create directory \(registry): Not a directory\n")
            let rows = try await bench.summaryRecords()
            #expect(rows.map { $0["status"] } == ["SUCCESS", "SUCCESS"])
            #expect(outcome.stdout.contains("Completed Successfully: 2"))
        }
    }
}
