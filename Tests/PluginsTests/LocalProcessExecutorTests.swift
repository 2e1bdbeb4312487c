#if os(Linux)
import CSystem
import Foundation
import Glibc
import PRXKernel
import PRXPlugins
import PRXTesting
import Synchronization
import Testing

@Suite struct LocalProcessExecutorTests {
    /// A fresh temporary directory, removed by the caller's `defer`.
    private static func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prx-executor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func task(_ argv: [String], timeout: Double? = nil, environment: [String: String] = [:],
                             workingDirectory: String? = nil) -> TaskSpec {
        TaskSpec(id: 1, label: argv.joined(separator: " "), argv: argv, environment: environment,
                 workingDirectory: workingDirectory, timeout: timeout)
    }

    private static func shell(_ script: String, timeout: Double? = nil) -> TaskSpec {
        task(["sh", "-c", script], timeout: timeout)
    }

    private static func pid(in file: URL) throws -> pid_t {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Whether `pid` is gone within a few seconds (init may take a moment to reap an orphan).
    private static func isGone(_ pid: pid_t) async throws -> Bool {
        for _ in 0..<250 {
            if kill(pid, 0) == -1 && errno == ESRCH { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits until `file` holds a whole line: the shell creates it before `echo` writes the line.
    private static func waitForLine(_ file: URL) async throws {
        for _ in 0..<500 where (try? String(contentsOf: file, encoding: .utf8))?.hasSuffix("\n") != true {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test(arguments: [(Int32(0), TaskStatus.success), (Int32(3), TaskStatus.failed)])
    func reportsTheExitCode(code: Int32, status: TaskStatus) async {
        let executor = LocalProcessExecutor()
        let result = await executor.execute(
            Self.shell("exit \(code)"), context: ExecutionContext(workerID: 4, attempt: 2))
        #expect(result.status == status)
        #expect(result.termination == .exited(code))
        #expect(result.exitCode == code)
        #expect(result.message == (code == 0 ? nil : "Exit code \(code)"))
        #expect(result.workerID == 4)
        #expect(result.attempts == 2)
        #expect(result.jobID.flatMap { pid_t($0) } != nil)
        #expect(result.startTime != nil)
        #expect(result.duration > 0)
    }

    /// A time limit past what a `Duration` holds waits as long as prx can, instead of trapping after the start.
    @Test func aTimeLimitBeyondAnyDurationIsNoLimit() async {
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 1e300))
        let result = await executor.execute(
            Self.shell("exit 0", timeout: 1e300), context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
    }

    @Test func aSignalNotFromPRXIsAFailure() async {
        let result = await LocalProcessExecutor().execute(
            Self.shell("kill -9 $$"), context: ExecutionContext(workerID: 1))
        #expect(result.status == .failed)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.message == "killed by signal 9 (SIGKILL)")
    }

    @Test func theTaskEnvironmentIsAddedToTheBase() async {
        let executor = LocalProcessExecutor(configuration: .init(
            baseEnvironment: ["PATH": "/usr/bin:/bin", "KEPT": "base", "REPLACED": "base"]))
        let task = Self.task(["sh", "-c", "printf '%s %s %s' \"$KEPT\" \"$REPLACED\" \"$ADDED\""],
                             environment: ["REPLACED": "task", "ADDED": "new"])
        let result = await executor.execute(task, context: ExecutionContext(workerID: 1))
        #expect(result.stdoutTail == "base task new")
    }

    @Test func theWorkingDirectoryIsHonoured() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = directory.resolvingSymlinksInPath().path
        let executor = LocalProcessExecutor()
        let own = await executor.execute(Self.task(["pwd", "-P"], workingDirectory: directory.path),
                                         context: ExecutionContext(workerID: 1))
        #expect(own.stdoutTail == expected + "\n")
        let byDefault = await LocalProcessExecutor(configuration: .init(defaultWorkingDirectory: directory.path))
            .execute(Self.task(["pwd", "-P"]), context: ExecutionContext(workerID: 1))
        #expect(byDefault.stdoutTail == expected + "\n")
        let missing = await executor.execute(Self.task(["pwd"], workingDirectory: directory.path + "/missing"),
                                             context: ExecutionContext(workerID: 1))
        #expect(missing.status == .error)
        #expect(missing.message?.hasPrefix("cannot change to working directory") == true)
    }

    @Test func theChildStartsCleanInASessionOfItsOwn() async throws {
        // An ignored signal and a descriptor without close-on-exec in prx must not reach the task. Each probe is the
        // task's own process reading its own state (a shell would show its own passing state around its forks).
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let inheritable = dup(STDERR_FILENO)
        try #require(inheritable >= 0)
        defer { close(inheritable) }
        let executor = LocalProcessExecutor()
        func run(_ argv: [String]) async -> String {
            await executor.execute(Self.task(argv), context: ExecutionContext(workerID: 1)).stdoutTail
        }
        let status = await run(["cat", "/proc/self/status"]).split(separator: "\n")
        #expect(status.contains("SigBlk:\t0000000000000000"))
        #expect(status.contains("SigIgn:\t0000000000000000"))
        // 3 is the directory ls itself opens.
        #expect(await run(["ls", "/proc/self/fd"]) == "0\n1\n2\n3\n")
        #expect(await run(["readlink", "/proc/self/fd/0"]) == "/dev/null\n")
        let stat = await run(["cat", "/proc/self/stat"])
        let pid = try #require(stat.split(separator: " ").first)
        // After the command's name: state, parent, process group, session.
        let fields = try #require(stat.split(separator: ") ").last).split(separator: " ")
        #expect(fields[2] == pid)
        #expect(fields[3] == pid)
    }

    @Test func keepsTheTailOfEachStream() async {
        let executor = LocalProcessExecutor(configuration: .init(maxOutputCapture: 5))
        let result = await executor.execute(Self.shell("echo out; echo 'last error' >&2"),
                                            context: ExecutionContext(workerID: 1))
        #expect(result.stdoutTail == "out\n")
        #expect(result.stderrTail == "rror\n")
    }

    @Test func tenMegabytesOfOutputLeaveExactlyTheLastCharacters() async {
        let limit = 1000
        let executor = LocalProcessExecutor(configuration: .init(maxOutputCapture: limit))
        let result = await executor.execute(Self.task(["seq", "1", "1500000"]), context: ExecutionContext(workerID: 1))
        var expected = ""
        var number = 1_500_000
        while expected.count < limit {
            expected = "\(number)\n" + expected
            number -= 1
        }
        #expect(result.status == .success)
        #expect(result.stdoutTail == String(expected.suffix(limit)))
    }

    @Test func theTailIsCutAtCharactersNotBytes() async {
        let executor = LocalProcessExecutor(configuration: .init(maxOutputCapture: 3))
        let result = await executor.execute(Self.shell("printf 'ééééééééé'"), context: ExecutionContext(workerID: 1))
        #expect(result.stdoutTail == "ééé")
    }

    /// Characters as parallelr (Python) counts them, code points: a `\r\n` is two, a letter and its combining
    /// accent two. Counted as Swift's characters (grapheme clusters), the tail held one or two more.
    @Test func theTailCountsCodePoints() async {
        let executor = LocalProcessExecutor(configuration: .init(maxOutputCapture: 3))
        let result = await executor.execute(
            Self.shell("printf 'x\\r\\ny\\r\\n'; printf 'e\\314\\201e\\314\\201' >&2"),
            context: ExecutionContext(workerID: 1))
        #expect(Array(result.stdoutTail.unicodeScalars) == ["y", "\r", "\n"])
        #expect(Array(result.stderrTail.unicodeScalars) == ["\u{301}", "e", "\u{301}"])
    }

    /// Stopping may take the tasks' grace and, when the executor takes in what they leave outside their groups,
    /// one more for each polite round of stopping those: what `prx -k` waits before its own time.
    @Test func theStopGraceCoversTheTasksAndWhatTheyLeftOutsideTheirGroups() {
        #expect(LocalProcessExecutor(configuration: .init(terminationGrace: 2, adoptsOrphans: true)).stopGrace
            == .seconds(8))
        #expect(LocalProcessExecutor(configuration: .init(terminationGrace: 2)).stopGrace == .seconds(2))
    }

    @Test func aTimeoutKillsTheWholeGroup() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid")
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.5))
        let result = await executor.execute(
            Self.shell("sleep 30 & echo $! > '\(pidFile.path)'; sleep 30", timeout: 1),
            context: ExecutionContext(workerID: 1))
        // The executor's own measure, from the start until the whole group is gone: a test runner whose threads
        // are all busy with other tests may resume this one many seconds after that.
        #expect(result.duration < 25)
        #expect(result.status == .timeout)
        #expect(result.message == "Timeout after 1s")
        #expect(try await Self.isGone(Self.pid(in: pidFile)))
    }

    @Test func aTimeoutMessageKeepsTheFraction() async {
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.2))
        let result = await executor.execute(
            Self.task(["sleep", "30"], timeout: 0.5), context: ExecutionContext(workerID: 1))
        #expect(result.status == .timeout)
        #expect(result.message == "Timeout after 0.5s")
    }

    @Test(arguments: ["", " >/dev/null 2>&1"])
    func aLeaderLeavesNoSurvivor(redirection: String) async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid")
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.5))
        let result = await executor.execute(
            Self.shell("sleep 100\(redirection) & echo $! > '\(pidFile.path)'; echo done"),
            context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
        #expect(result.stdoutTail == "done\n")
        #expect(try await Self.isGone(Self.pid(in: pidFile)))
    }

    @Test func outputOfSurvivorsBeforeTheEndIsKept() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ready = directory.appendingPathComponent("ready")
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 1))
        // The survivor answers the SIGTERM that ends the group with a last line.
        let survivor = "(trap 'echo stopped; exit 0' TERM; touch '\(ready.path)'; sleep 30 & wait) &"
        let result = await executor.execute(
            Self.shell("\(survivor) while [ ! -e '\(ready.path)' ]; do sleep 0.01; done; echo leader done"),
            context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
        #expect(result.stdoutTail == "leader done\nstopped\n")
    }

    /// Without process groups a task's background jobs outlive it, as in parallelr, which reads a task's output to
    /// its end: a job still holding the task's output when the leader exits is read to its end, its lines kept, and is
    /// not ended by SIGPIPE at its next write (the pipes were closed as the leader was reaped: the job below never
    /// wrote its marker). In a process of its own that adopts the job as it is orphaned: a test whose executor adopts
    /// orphans, running beside in the suite's process, would otherwise take it for a stray and stop it.
    @Test func withoutProcessGroupsABackgroundJobIsReadToTheEndOfItsOutput() async {
        await #expect(processExitsWith: .success) {
            #expect(csystem_set_child_subreaper(1) == 0)
            let directory = try Self.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let marker = directory.appendingPathComponent("marker")
            let executor = LocalProcessExecutor(configuration: .init(useProcessGroups: false))
            let result = await executor.execute(
                Self.shell("(sleep 0.3; echo late; echo late-err >&2; touch '\(marker.path)') & echo early"),
                context: ExecutionContext(workerID: 1))
            #expect(result.status == .success)
            #expect(result.stdoutTail == "early\nlate\n")
            #expect(result.stderrTail == "late-err\n")
            #expect(FileManager.default.fileExists(atPath: marker.path))
        }
    }

    /// The wait for a background job's output (without process groups) ends at the task's time limit, the job left
    /// running, as without process groups only the leader is prx's to stop. In a process of its own, as above.
    @Test func withoutProcessGroupsTheTimeLimitEndsTheWaitForABackgroundJobsOutput() async {
        await #expect(processExitsWith: .success) {
            #expect(csystem_set_child_subreaper(1) == 0)
            let directory = try Self.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let pidFile = directory.appendingPathComponent("pid")
            let executor = LocalProcessExecutor(configuration: .init(useProcessGroups: false))
            let result = await executor.execute(
                Self.shell("sleep 30 & echo $! > '\(pidFile.path)'; echo early", timeout: 0.5),
                context: ExecutionContext(workerID: 1))
            let job = try Self.pid(in: pidFile)
            defer { kill(job, SIGKILL) }
            #expect(result.status == .timeout)
            #expect(result.stdoutTail == "early\n")
            #expect(result.duration < 5)
            #expect(kill(job, 0) == 0)
        }
    }

    /// Members that end at the `SIGTERM` sent once the leader is gone free the task when they are gone, not at the
    /// end of the grace: the group is probed after the signal (10 ms, then at doubling intervals). "Gone" includes
    /// being reaped: by the probe when prx adopts its tasks' orphans, by init otherwise (a second or so on the
    /// development machine's VM).
    @Test func survivorsThatEndAtTheSignalDoNotHoldTheTaskForTheGrace() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid")
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 10))
        let result = await executor.execute(
            Self.shell("sleep 30 & echo $! > '\(pidFile.path)'; echo hi"), context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
        #expect(result.stdoutTail == "hi\n")
        #expect(result.duration < 9)
        #expect(try await Self.isGone(Self.pid(in: pidFile)))
    }

    /// A member of a task's group that ignores SIGTERM is killed after the grace and, when prx adopts its tasks'
    /// orphans, reaped by the time the task's result is back: the task was finished as SIGKILL was sent, while the
    /// member had still to end, and a run ending then took it for a process the task had started outside its group.
    /// (In a process of its own, as every test whose executor adopts orphans: see ``OrphanAdoptionTests``.)
    @Test func aMemberKilledAfterTheGraceIsGoneWhenTheResultIsBack() async {
        await #expect(processExitsWith: .success) {
            let directory = try Self.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let pidFile = directory.appendingPathComponent("pid")
            let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.2, adoptsOrphans: true))
            let result = await executor.execute(
                Self.shell("(trap '' TERM; exec sleep 30) & echo $! > '\(pidFile.path)'; sleep 0.3"),
                context: ExecutionContext(workerID: 1))
            let member = try Self.pid(in: pidFile)
            let gone = kill(member, 0) == -1 && errno == ESRCH
            #expect(gone)
            #expect(result.status == .success)
            if !gone { #expect(try await Self.isGone(member)) }
        }
    }

    /// A `sleep` argument no other process on the machine has in its command line.
    private static func marker() -> String { "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// Kills the processes whose command line has `mark` still running after 5 s, and returns them.
    private static func survivors(of mark: String) async -> [pid_t] {
        let survivors = await LiveProcesses.awaitGone(mark)
        for pid in survivors { kill(pid, SIGKILL) }
        return survivors
    }

    /// What a task started in groups of their own within its session (`timeout(1)`, which bash runs in a child when a
    /// command follows, a job of a shell with `set -m`) is stopped with it at its time limit, with SIGKILL after the
    /// grace when prx adopts its tasks' orphans (and so sees one whose parent has exited): signals to the task's group
    /// did not reach them, and they ran on until the end of the run, or for good without adoption. (In a process of its
    /// own: see ``OrphanAdoptionTests``.)
    @Test(arguments: [
        ("timeout 100 sleep MARK; exit", false), ("timeout 100 sleep MARK; exit", true),
        ("set -m; sleep MARK & wait", false), ("set -m; sleep MARK & wait", true),
        ("set -m; (trap '' TERM; exec sleep MARK) & wait", true),
    ])
    func aTimeLimitStopsTheOtherGroupsOfTheTasksSession(script: String, adoptsOrphans: Bool) async {
        await #expect(processExitsWith: .success) { [script, adoptsOrphans] in
            let mark = Self.marker()
            let executor = LocalProcessExecutor(
                configuration: .init(terminationGrace: 0.3, adoptsOrphans: adoptsOrphans))
            let task = Self.task(["bash", "-c", script.replacingOccurrences(of: "MARK", with: mark)], timeout: 0.5)
            let result = await executor.execute(task, context: ExecutionContext(workerID: 1))
            #expect(result.status == .timeout)
            await #expect(Self.survivors(of: mark).isEmpty)
        }
    }

    /// The same for a task whose run is interrupted.
    @Test func cancellationStopsTheOtherGroupsOfTheTasksSession() async throws {
        let mark = Self.marker()
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.3))
        let running = Task {
            await executor.execute(
                Self.task(["bash", "-c", "timeout 100 sleep \(mark); exit"]), context: ExecutionContext(workerID: 1))
        }
        for _ in 0..<500 where LiveProcesses.matching(mark).count < 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        running.cancel()
        #expect(await running.value.status == .cancelled)
        await #expect(Self.survivors(of: mark).isEmpty)
    }

    /// A halt of many tasks at once stops what each started in other groups of its session: the looks at their
    /// sessions in one round of the monitor share one listing of prx's children (``SessionListing``), where each
    /// listed them and read every one's session again. (In a process of its own: see ``OrphanAdoptionTests``.)
    @Test func cancellingManyTasksAtOnceStopsTheOtherGroupsOfEach() async {
        await #expect(processExitsWith: .success) {
            let mark = Self.marker()
            let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.3, adoptsOrphans: true))
            let count = 20
            let running = (0..<count).map { worker in
                Task {
                    await executor.execute(
                        Self.task(["bash", "-c", "timeout 100 sleep \(mark); exit"]),
                        context: ExecutionContext(workerID: worker))
                }
            }
            // Each task's shell, its timeout(1) and its sleep.
            let deadline = Date().addingTimeInterval(20)
            while LiveProcesses.matching(mark).count < 3 * count && Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            for task in running { task.cancel() }
            for task in running {
                #expect(await task.value.status == .cancelled)
            }
            await #expect(Self.survivors(of: mark).isEmpty)
        }
    }

    /// A task not given the orphan guard's token (here, as prx adopts no orphans) gets `PRX_TASK_TOKEN=TOKEN-ID` once,
    /// replacing one in the environment it starts from (an outer prx's) and beside its own variables, with or without
    /// variables of its own: the spawn now adds it in a slot after the executor's environment, built once.
    @Test(arguments: [[:], ["OWN": "2"]])
    func aTaskNotGivenTheGuardsTokenGetsItsTaskToken(ownVariables: [String: String]) async {
        let executor = LocalProcessExecutor(configuration: .init(
            baseEnvironment: ["PRX_TASK_TOKEN": "outer", "BASE": "1"], adoptsOrphans: false))
        let script = "env | grep -c '^PRX_TASK_TOKEN='; echo \"$PRX_TASK_TOKEN $BASE ${OWN-none}\""
        let task = Self.task(["sh", "-c", script], environment: ownVariables)
        let result = await executor.execute(task, context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
        let lines = result.stdoutTail.split(separator: "\n")
        #expect(lines.first == "1")
        let words = lines.last?.split(separator: " ").map(String.init) ?? []
        #expect(words.count == 3)
        #expect(words.first?.wholeMatch(of: /[0-9a-f]{32}-1/) != nil, "\(words)")
        #expect(words.dropFirst() == ["1", ownVariables["OWN"] ?? "none"])
    }

    /// A task's own value of a variable prx gives its tasks itself (from a plugin's source; the built-in ones refuse
    /// them) does not replace prx's: `PRX_ORPHAN_GUARD` was the task's, which the guard would not find, while
    /// `PRX_TASK_TOKEN` was prx's. Where prx gives none, the task sees the one prx's environment has. (In a process of
    /// its own: see ``OrphanAdoptionTests``.)
    @Test(arguments: [true, false])
    func aTasksOwnValueOfAReservedVariableIsNotTaken(adoptsOrphans: Bool) async {
        await #expect(processExitsWith: .success) { [adoptsOrphans] in
            let executor = LocalProcessExecutor(configuration: .init(
                baseEnvironment: ["PRX_FEEDBACK_FILE": "inherited"], adoptsOrphans: adoptsOrphans))
            let script = "echo \"${PRX_ORPHAN_GUARD-none} ${PRX_TASK_TOKEN-none} $PRX_FEEDBACK_FILE\""
            let task = Self.task(
                ["sh", "-c", script],
                environment: ["PRX_ORPHAN_GUARD": "mine", "PRX_TASK_TOKEN": "mine", "PRX_FEEDBACK_FILE": "mine"])
            let result = await executor.execute(task, context: ExecutionContext(workerID: 1))
            #expect(result.status == .success)
            let words = result.stdoutTail.split(separator: "\n").first?.split(separator: " ").map(String.init) ?? []
            #expect(words.count == 3, "\(result.stdoutTail)")
            let token = adoptsOrphans ? words.first : words.dropFirst().first
            #expect(token?.prefixMatch(of: /[0-9a-f]{32}/) != nil, "\(words)")
            #expect((adoptsOrphans ? words.dropFirst().first : words.first) == "none", "\(words)")
            #expect(words.last == "inherited")
        }
    }

    /// A missing command is an error whose result has the attempt's start, which the summary CSV's `start_time`
    /// shows as it shows the log's "Starting task" line: it was empty.
    @Test func aMissingCommandIsAnError() async {
        let before = Date()
        let result = await LocalProcessExecutor().execute(Self.task(["prx-no-such-command"]),
                                                          context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "command not found: prx-no-such-command")
        #expect(result.startTime.map { $0 >= before && $0 <= result.endTime } == true)
    }

    /// An empty program name (`-C '""'`) is an error that says so: it read "permission denied: ", naming nothing.
    @Test func anEmptyProgramNameIsAnErrorThatSaysSo() async {
        let result = await LocalProcessExecutor().execute(Self.task(["", "x"]), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "the program's name is empty: no program to start")
    }

    /// A relative program path is looked up in the task's working directory, which the message names: parallelr's
    /// `-C "./process.sh @TASK@"` ran in the workspace, and "command not found: ./process.sh" named a file that was
    /// there, where prx was started.
    @Test func aMissingRelativeCommandNamesTheDirectoryItWasLookedFor() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await LocalProcessExecutor().execute(
            Self.task(["./process.sh"], workingDirectory: directory.path), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message
            == "command not found: ./process.sh (relative to the task's working directory, \(directory.path))")
    }

    @Test func aFileThatIsNotExecutableIsAnError() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("script.sh")
        try "echo hi\n".write(to: script, atomically: true, encoding: .utf8)
        let result = await LocalProcessExecutor().execute(
            Self.task([script.path]), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "permission denied: \(script.path)")
    }

    /// A C string ends at its first NUL: `echo` would have printed "a" for "a\0b".
    @Test func anArgumentWithANulByteIsAnError() async {
        let result = await LocalProcessExecutor().execute(
            Self.task(["echo", "a\u{0}b"]), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "argument 2 contains a NUL byte, which no program can be given")
    }

    /// The same for a variable: `A` reached the task as "x" for "x\0y".
    @Test func aVariableWithANulByteIsAnError() async {
        let result = await LocalProcessExecutor().execute(
            Self.task(["true"], environment: ["A": "x\u{0}y"]), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "environment variable A contains a NUL byte, which no program can be given")
    }

    /// And for the working directory, which the task ran in cut short: `/tmp` for "/tmp\0/x".
    @Test func aWorkingDirectoryWithANulByteIsAnError() async {
        let result = await LocalProcessExecutor().execute(
            Self.task(["pwd"], workingDirectory: "/tmp\u{0}/x"), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "the working directory contains a NUL byte: no directory has that name")
    }

    @Test func anEmptyCommandIsAnError() async {
        let result = await LocalProcessExecutor().execute(Self.task([]), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
    }

    @Test func cancellationStopsTheGroup() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid")
        let executor = LocalProcessExecutor(configuration: .init(terminationGrace: 0.5))
        let running = Task {
            await executor.execute(Self.shell("sleep 30 & echo $! > '\(pidFile.path)'; sleep 30"),
                                   context: ExecutionContext(workerID: 1))
        }
        try await Self.waitForLine(pidFile)
        running.cancel()
        let result = await running.value
        #expect(result.status == .cancelled)
        #expect(result.message == "terminated: run interrupted")
        #expect(result.attempts == 1)
        #expect(try await Self.isGone(Self.pid(in: pidFile)))
        #expect(try await Self.isGone(try #require(result.jobID.flatMap { pid_t($0) })))
    }

    @Test func cancellationBeforeTheStartStartsNothing() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = directory.appendingPathComponent("ran")
        let executor = LocalProcessExecutor()
        let running = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await executor.execute(Self.task(["touch", marker.path]), context: ExecutionContext(workerID: 1))
        }
        let result = await running.value
        #expect(result.status == .cancelled)
        #expect(result.attempts == 1 && result.workerID == 1)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func measuresTheTasksOwnPeakMemory() async throws {
        // 600 MB is far above the test runner's own size (which grows to near 300 MB as the suite runs, where a
        // 300 MB task was sometimes not clearly larger), so the figure is the task's, not the spawner's.
        let script = "x = bytearray(600 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"
        let big = await LocalProcessExecutor().execute(
            Self.task(["python3", "-c", script]), context: ExecutionContext(workerID: 1))
        try #require(big.status == .success, "\(big.stderrTail)")
        let megabytes = try #require(big.peakMemoryMB)
        #expect(megabytes > 600 && megabytes < 700)
        #expect(big.cpuPercent != nil)
    }

    @Test func reportsNoMemoryFigureForATaskSmallerThanTheSpawner() async {
        let small = await LocalProcessExecutor().execute(Self.task(["true"]), context: ExecutionContext(workerID: 1))
        #expect(small.status == .success)
        #expect(small.peakMemoryMB == nil)
    }

    @Test func streamsOutputChunksInOrder() async {
        let chunks = Mutex<[OutputChunk]>([])
        let context = ExecutionContext(workerID: 1) { chunk in chunks.withLock { $0.append(chunk) } }
        let task = Self.shell("for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.05; done")
        let result = await LocalProcessExecutor().execute(task, context: context)
        let received = chunks.withLock { $0 }
        func text(_ stream: OutputChunk.Stream) -> String {
            String(decoding: received.filter { $0.stream == stream }.flatMap(\.bytes), as: UTF8.self)
        }
        #expect(result.status == .success)
        #expect(received.allSatisfy { $0.taskID == 1 })
        #expect(text(.stdout) == "out1\nout2\nout3\n")
        #expect(text(.stderr) == "err1\nerr2\nerr3\n")
    }

    @Test func twoHundredTasksEightAtATime() async {
        let executor = LocalProcessExecutor()
        let results = await withTaskGroup(of: [TaskResult].self) { group in
            for worker in 1...8 {
                group.addTask {
                    var results: [TaskResult] = []
                    for index in stride(from: worker, through: 200, by: 8) {
                        let task = TaskSpec(id: TaskID(index), label: "\(index)", argv: ["echo", "\(index)"])
                        results.append(await executor.execute(task, context: ExecutionContext(workerID: worker)))
                    }
                    return results
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.status == .success && $0.stdoutTail == "\($0.task.id)\n" })
    }
}
#endif
