#if os(Linux)
import Foundation
import PRXKernel

/// Runs each task as a local process: started with prx's own spawn in a session and process group of its
/// own, watched by one epoll thread, its whole group stopped on a timeout or a cancellation.
///
/// - Output: the last ``Configuration/maxOutputCapture`` characters of each stream are kept, whatever the
///   task writes; every piece read goes to `context.output` when it is set. While the run's sinks are behind
///   (`context.outputBacklog` is full), the task's pipes are not read, and the task blocks once they are full, until
///   the sinks catch up; its time limit, heartbeat and end are watched meanwhile, and what is left in its pipes when
///   it ends is read all the same.
/// - Placement: not reported (``PRXKernel/Executor/reportsPlacements`` is `false`): a task runs on prx's own host
///   from the moment it starts, and its process id, the handle a placement would give, is its result's
///   ``PRXKernel/TaskResult/jobID``.
/// - Stopping: `SIGTERM` to the process group, `SIGKILL` after ``Configuration/terminationGrace`` seconds, and the
///   same to the other groups of the task's session (``SessionGroups``). A group whose leader exits while members
///   still run is stopped the same way, so a task leaves nothing behind. A task whose process had exited by itself
///   when the stop came (reaped, or a zombie whose end the monitor had not yet taken in) keeps its own status,
///   `SUCCESS` or `FAILED`: only one still running when it is signalled is `CANCELLED` or `TIMEOUT`.
///   With ``Configuration/adoptsOrphans``, what a task starts outside its group (a daemon with a session of its
///   own) is stopped the same way at the end of the run (``endRun()``, see ``StrayProcesses``), after which the
///   process adopts orphans no more, unless another executor that adopts them runs (``OrphanAdoption``). With process
///   groups, an ``OrphanGuard`` stops the groups still running if prx itself dies, even by `SIGKILL` (the other
///   groups of the sessions of the tasks being stopped among them), and with
///   ``Configuration/adoptsOrphans`` what they left outside them too: the tasks' environment names the guard
///   (`PRX_ORPHAN_GUARD`), and the groups of the strays prx has adopted are recorded with it. Tasks not given the
///   guard's token (no process groups, or no adopting of orphans) are given ``TaskToken`` instead, by which
///   `--resume` of a killed run finds them. A task's own value of one of prx's variables (``ReservedTaskVariables``)
///   is dropped: prx's, or the inherited one, stands.
/// - Feedback: with ``Configuration/feedback`` set, each attempt gets an empty ``FeedbackFile`` named in
///   `PRX_FEEDBACK_FILE`; its parsed contents come back as ``TaskResult/feedback``. With a heartbeat
///   timeout, a task that leaves the file unchanged that long is stopped like one past its time limit, with
///   status `TIMEOUT` and the message "no heartbeat for 5s".
/// - Process limit: a task whose spawn the process limit refuses (`ulimit -u`, a cgroup's `pids.max`) waits for
///   a running task to end and tries again (``SpawnBackOff``), with one warning for the executor; it is
///   `ERROR` only when no task of prx's is left running to end. A task whose spawn memory refuses (`ENOMEM`, or a
///   thread's stack that cannot be mapped) waits the same, with a warning of its own, while tasks of prx's run, and
///   is `ERROR` ("Cannot allocate memory") at once when none does. A task whose spawn prx's limit on open files
///   refuses (`EMFILE`: a descriptor prx's count of its workers left out, a plugin's or a hook's file) waits the same,
///   with a warning of its own, and is `ERROR` ("Too many open files") at once when no task of prx's runs.
/// - Memory: a task's peak resident memory comes from `wait4`. Linux counts in it the memory prx had when it
///   started the task (the spawn shares prx's address space until `exec`), so a task that stays below prx's
///   own peak reports no figure rather than prx's.
/// - Threads: ``beginRun()``, or else the first `execute`, starts one monitor thread, which lives as long as prx; it
///   calls `context.output`, so an output handler should be quick.
public struct LocalProcessExecutor: Executor {
    /// How tasks are started, stopped and recorded.
    public struct Configuration: Sendable, Hashable {
        /// Characters kept of each of standard output and standard error.
        public var maxOutputCapture: Int
        /// Seconds between `SIGTERM` and `SIGKILL` when a task is stopped.
        public var terminationGrace: Double
        /// The environment tasks start from, or `nil` for prx's own, as it is when the executor is made, byte for byte
        /// (a value that is not UTF-8 reaches tasks as prx was given it); its `PATH` is where the programs of tasks
        /// that set none of their own are looked for. prx leaves it `nil`; the tests set it, to know what their tasks
        /// inherit.
        public var baseEnvironment: [String: String]?
        /// The working directory of tasks that name none, or `nil` for prx's own.
        public var defaultWorkingDirectory: String?
        /// Whether each task runs in a process group of its own that is signalled and waited for as a whole.
        public var useProcessGroups: Bool
        /// Whether, with process groups, prx becomes the subreaper of its tasks' orphans
        /// (``StrayProcesses``): what a task starts outside its group becomes prx's child when its parent exits,
        /// is reaped when it ends, and is stopped by ``LocalProcessExecutor/endRun()``. The process is the subreaper
        /// from the first task of a run until the run's end, while any such executor runs (``OrphanAdoption``). A
        /// choice for the whole process, made by the program that runs the tasks (prx makes it): meanwhile, another
        /// program's own children in sessions of their own (a daemon it started) would be taken for strays.
        public var adoptsOrphans: Bool
        /// The feedback files and heartbeat of tasks, or `nil` for none. A relative directory is taken from prx's
        /// working directory when the executor is made.
        public var feedback: FeedbackSettings?

        /// Creates a configuration.
        public init(
            maxOutputCapture: Int = 1000,
            terminationGrace: Double = 2,
            baseEnvironment: [String: String]? = nil,
            defaultWorkingDirectory: String? = nil,
            useProcessGroups: Bool = true,
            adoptsOrphans: Bool = false,
            feedback: FeedbackSettings? = nil
        ) {
            self.maxOutputCapture = maxOutputCapture
            self.terminationGrace = terminationGrace
            self.baseEnvironment = baseEnvironment
            self.defaultWorkingDirectory = defaultWorkingDirectory
            self.useProcessGroups = useProcessGroups
            self.adoptsOrphans = adoptsOrphans
            self.feedback = feedback
        }
    }

    /// How tasks are started, stopped and recorded.
    public let configuration: Configuration
    private let spawner: ProcessSpawner
    private let monitor: ProcessMonitor
    private let ownPeak = OwnPeakMemory()
    /// ``Configuration/feedback`` with an absolute directory, which every task finds whatever its own.
    private let feedback: FeedbackSettings?
    private let warn: @Sendable (String) -> Void
    private let processLimitWarning: OneTimeWarning
    private let memoryWarning: OneTimeWarning
    private let openFilesWarning: OneTimeWarning
    /// The orphan guard's token, for the ``TaskToken`` of each task, when the tasks are not given the token itself
    /// (`PRX_ORPHAN_GUARD`); `nil` when they are, or there is no guard.
    private let taskTokenBase: String?

    /// Checks that the kernel can run local tasks (``UnsupportedKernel``) and starts the process's orphan guard
    /// now, rather than with the first task. The guard is forked without exec and keeps a copy of every page the
    /// process writes after the fork, so a program about to build a large state (a recipe's graph, an earlier
    /// run's record) calls this first; the executors share the guard.
    public static func prepareToRun() throws(UnsupportedKernel) {
        try UnsupportedKernel.check()
        _ = orphanGuard
    }

    /// The process's orphan guard, started if it was not, and entered in the ``TaskProcessLedger``
    /// (``TaskProcessLedger/enterOrphanGuard(_:)``), so that ``endRun()`` never takes it for a process a task left
    /// behind (a run that started no task did, and stopped it). Until it is entered, it counts as a spawn under way,
    /// so that no look at prx's children finds it before (``TaskProcessLedger/whileSettled(_:)``).
    static let orphanGuard: OrphanGuard? = {
        let ledger = TaskProcessLedger.shared
        ledger.beginSpawn()
        defer { ledger.endSpawn(leader: nil) }
        guard let orphanGuard = OrphanGuard.shared else { return nil }
        ledger.enterOrphanGuard(orphanGuard.processID)
        return orphanGuard
    }()

    /// Whether a task process of any local executor is running or not yet reaped: for a caller that must end prx
    /// without the run's end and waits for the tasks it cancelled to be stopped first.
    public static var hasTaskProcesses: Bool {
        TaskProcessLedger.shared.hasLeaders
    }

    /// Creates an executor; its monitor thread starts with ``beginRun()`` or the first task. `warn` is told of the
    /// processes ``endRun()`` had to stop, once that tasks wait at the process limit, once that they wait for memory,
    /// once that they wait for open files, and if the orphan guard ends while prx runs (``OrphanGuardLoss``).
    public init(configuration: Configuration = Configuration(), warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.warn = warn
        processLimitWarning = OneTimeWarning(
            "cannot start more processes (process limit reached: ulimit -u, or the cgroup's pids.max); "
                + "waiting for running tasks", warn: warn)
        memoryWarning = OneTimeWarning(
            "cannot start more processes (not enough memory: ulimit -v, or the system's); waiting for running tasks",
            warn: warn)
        openFilesWarning = OneTimeWarning(
            "cannot start more processes (the limit on open files is reached: ulimit -n); waiting for running tasks",
            warn: warn)
        var environment = configuration.baseEnvironment.map(EnvironmentEntry.entries(of:))
            ?? EnvironmentEntry.ofThisProcess()
        if configuration.useProcessGroups && configuration.adoptsOrphans, let orphanGuard = Self.orphanGuard {
            environment.set(OrphanGuard.environmentVariable, to: orphanGuard.token)
            taskTokenBase = nil
        } else {
            taskTokenBase = Self.orphanGuard?.token
        }
        spawner = ProcessSpawner(
            environment: SpawnEnvironment(
                entries: environment, taskVariable: taskTokenBase == nil ? nil : TaskToken.environmentVariable),
            defaultWorkingDirectory: configuration.defaultWorkingDirectory,
            newSession: configuration.useProcessGroups,
            searchPath: environment.first { $0.isNamed("PATH") }?.value ?? "/bin:/usr/bin"
        )
        monitor = ProcessMonitor(
            settings: ProcessMonitor.Settings(
                terminationGrace: .boundedSeconds(configuration.terminationGrace),
                outputLimit: configuration.maxOutputCapture,
                useProcessGroups: configuration.useProcessGroups,
                adoptsOrphans: configuration.useProcessGroups && configuration.adoptsOrphans),
            warn: warn)
        feedback = configuration.feedback.map { settings in
            var absolute = settings
            if !PathSlashes.isAbsolute(absolute.directory) {
                absolute.directory = SourceFileSystem.currentDirectory + "/" + absolute.directory
            }
            return absolute
        }
    }

    /// Starts the monitor thread now rather than with the first task, so that a run whose thread cannot start is
    /// refused as it begins: its tasks were each `ERROR` for it, the reason only in the summary.
    public func beginRun() throws(MonitorStartFailure) {
        try startMonitor()
    }

    /// Starts the monitor thread unless it runs already.
    private func startMonitor() throws(MonitorStartFailure) {
        do {
            try monitor.start()
        } catch {
            throw MonitorStartFailure(error: error)
        }
    }

    public func execute(_ task: TaskSpec, context: ExecutionContext) async -> TaskResult {
        let latch = CancellationLatch()
        return await withTaskCancellationHandler {
            await run(task, context: context, latch: latch)
        } onCancel: {
            latch.cancel()
        }
    }

    /// The longest stopping may take: the grace between `SIGTERM` and `SIGKILL` (``Configuration/terminationGrace``)
    /// for the tasks, and, when the executor takes in what they start outside their groups, one more for each round
    /// of stopping those that gives them one (``StrayProcesses/politeRounds``).
    public var stopGrace: Duration {
        let rounds = configuration.useProcessGroups && configuration.adoptsOrphans ? StrayProcesses.politeRounds : 0
        return .boundedSeconds(configuration.terminationGrace * Double(1 + rounds))
    }

    /// Stops the processes that tasks left running outside their process groups (``StrayProcesses``), with
    /// `SIGTERM` and, after the grace, `SIGKILL`, and names them in a warning; then lets go of the process's
    /// adoption of orphans (``OrphanAdoption``), which the last executor to hold it ends.
    public func endRun() async {
        guard configuration.useProcessGroups && configuration.adoptsOrphans else { return }
        let grace = Duration.boundedSeconds(configuration.terminationGrace)
        // Stopped while the process still adopts orphans: a stray's children in sessions of their own become strays
        // as it ends, to be stopped in turn, where they would go to init once it adopts none.
        var stopped = await StrayProcesses.stopAll(grace: grace, guarding: Self.orphanGuard)
        if monitor.releaseAdoption() {
            // Those adopted after the last look and before the end of the adoption, stopped and reaped like the
            // others; none can come after it.
            stopped += await StrayProcesses.stopAll(grace: grace, guarding: Self.orphanGuard)
        }
        guard !stopped.isEmpty else { return }
        let shown = stopped.prefix(10).joined(separator: ", ") + (stopped.count > 10 ? ", …" : "")
        warn("stopped \(stopped.count) \(stopped.count == 1 ? "process" : "processes") that tasks left running "
            + "outside their process groups at the end of the run: \(shown)")
    }

    /// An attempt's process, started, and what watching it takes.
    private struct Launch {
        var process: ProcessSpawner.SpawnedProcess
        /// The task as started: with `PRX_FEEDBACK_FILE` in its environment when it has a feedback file (its
        /// ``TaskToken``, when it has one, the spawner adds).
        var launched: TaskSpec
        var feedbackFile: FeedbackFile?
        var heartbeat: ProcessMonitor.Heartbeat?
        var startTime: Date
        var start: ContinuousClock.Instant
    }

    /// Why an attempt's process was not started: the spawner's failure, or a refusal before the spawn (the feedback
    /// file, the pipes).
    private typealias LaunchFailure = ProcessSpawner.Failure

    /// The result of an attempt the run's interruption cancelled before its command started: the attempt counts, on
    /// its worker (its start was reported: it started, as one whose command cannot be executed does), with no process.
    private static func interruptedBeforeStart(_ task: TaskSpec, context: ExecutionContext) -> TaskResult {
        TaskResult(
            task: task, status: .cancelled, workerID: context.workerID,
            message: "run interrupted before the task started", attempts: context.attempt)
    }

    /// How an attempt whose process was watched to its end came out: its result, or the refusal of a child whose
    /// set-up lacked a descriptor or memory, which waits and starts again as a spawn refused at once does.
    private enum AttemptEnd {
        case finished(TaskResult)
        case refused(LaunchFailure)
    }

    // The async functions below keep little across their suspensions and leave the rest to synchronous ones, never
    // inlined into them: what an async function keeps, and the temporaries it makes (those of a function inlined into
    // it too), come from the child task's allocator, whose slabs beyond the first are allocated with malloc for each
    // task.
    private func run(_ task: TaskSpec, context: ExecutionContext, latch: CancellationLatch) async -> TaskResult {
        if latch.isCancelled {
            return Self.interruptedBeforeStart(task, context: context)
        }
        let attempted = Date()
        let launch: Launch
        do {
            launch = try self.launch(task)
        } catch {
            return await runAfterRefusal(task, context: context, latch: latch, refusal: error, attemptedAt: attempted)
        }
        let report = await monitor.watch(request(for: launch, of: task, context: context), latch: latch)
        switch end(of: launch, task: task, context: context, report: report) {
        case .finished(let result):
            return result
        case .refused(let notStarted):
            return await runAfterRefusal(
                task, context: context, latch: latch, refusal: notStarted, attemptedAt: launch.startTime)
        }
    }

    /// Runs `task` after its launch, attempted at `attempted`, was refused for `refusal`: launched again while a
    /// shortage refuses it (``launchAfterShortage(_:refusal:latch:)``), and watched to its end. Never inlined: the
    /// context of an async function holds the values of the async functions inlined into it, for every task.
    @inline(never)
    private func runAfterRefusal(
        _ task: TaskSpec, context: ExecutionContext, latch: CancellationLatch, refusal: LaunchFailure,
        attemptedAt attempted: Date
    ) async -> TaskResult {
        var refusal = refusal
        var attempted = attempted
        while true {
            let launch: Launch
            do {
                guard let waited = try await launchAfterShortage(task, refusal: refusal, latch: latch) else {
                    return Self.interruptedBeforeStart(task, context: context)
                }
                launch = waited
            } catch {
                return Self.notRun(task, context: context, attemptedAt: attempted, failure: error)
            }
            let report = await monitor.watch(request(for: launch, of: task, context: context), latch: latch)
            switch end(of: launch, task: task, context: context, report: report) {
            case .finished(let result):
                return result
            case .refused(let notStarted):
                refusal = notStarted
                attempted = launch.startTime
            }
        }
    }

    /// What the monitor watches of `launch`, an attempt of `task`.
    @inline(never)
    private func request(for launch: Launch, of task: TaskSpec, context: ExecutionContext) -> ProcessMonitor.Request {
        ProcessMonitor.Request(
            process: launch.process,
            taskID: task.id,
            timeout: task.timeout.map { .boundedSeconds($0) },
            heartbeat: launch.heartbeat,
            output: context.output,
            outputBacklog: context.outputBacklog,
            start: launch.start
        )
    }

    /// The end of `launch`, an attempt of `task`, whose process ended as `report` says: its spawn area given back, its
    /// leader's end entered in the ledger, and its result, or, when its child never ran the program for a shortage,
    /// that refusal.
    @inline(never)
    private func end(
        of launch: Launch, task: TaskSpec, context: ExecutionContext, report: ProcessMonitor.Report
    ) -> AttemptEnd {
        // A process prx lost track of may still run in its area: that area is left to it, never reused. The area
        // goes back before the leader's end wakes a task that memory refused, which takes it.
        let notStarted = report.exit == nil ? nil : spawner.release(launch.process, of: launch.launched)
        TaskProcessLedger.shared.leaderEnded(launch.process.pid)
        if let notStarted {
            // A child whose set-up lacked a descriptor or memory was refused as a spawn refused at once is, and waits
            // as that one does.
            guard notStarted.shortage != nil else {
                return .finished(
                    Self.notRun(task, context: context, attemptedAt: launch.startTime, failure: notStarted))
            }
            return .refused(notStarted)
        }
        var finished = result(
            of: task, context: context, pid: launch.process.pid, startTime: launch.startTime, start: launch.start,
            report: report)
        if let feedbackFile = launch.feedbackFile {
            // A file the task removed, or cannot be read, left no feedback.
            finished.task.metadata[TaskResult.feedbackMetadataKey] =
                FeedbackJSON.render((try? feedbackFile.read()) ?? [:])
        }
        return .finished(finished)
    }

    /// Starts the monitor, the task's feedback file and the task's process, counted as a spawn under way in the
    /// ``TaskProcessLedger`` until its leader is entered there.
    @inline(never)
    private func launch(_ task: TaskSpec) throws(LaunchFailure) -> Launch {
        let ledger = TaskProcessLedger.shared
        ledger.beginSpawn()
        var leader: ProcessID?
        defer { ledger.endSpawn(leader: leader) }
        do {
            try startMonitor()
        } catch {
            throw LaunchFailure(message: error.description, shortage: SpawnShortage(error.error))
        }
        let feedbackFile = feedback.map { FeedbackFile(directory: $0.directory, taskID: task.id) }
        var launched = task
        // The built-in sources refuse prx's own variables; a plugin's may give them, and prx's value wins (or, where
        // prx gives none, the one prx inherited).
        if !task.environment.isEmpty {
            for name in ReservedTaskVariables.names {
                launched.environment[name] = nil
            }
        }
        var heartbeat: ProcessMonitor.Heartbeat?
        if let feedbackFile {
            let created: FeedbackFile.Look
            do {
                created = try feedbackFile.create()
            } catch {
                throw LaunchFailure(message: error.description, shortage: error.error.flatMap { SpawnShortage($0) })
            }
            launched.environment[FeedbackFile.environmentVariable] = feedbackFile.path
            heartbeat = feedback?.heartbeatTimeout.map { timeout in
                ProcessMonitor.Heartbeat(
                    file: feedbackFile, initialLook: created, timeout: .boundedSeconds(timeout))
            }
        }
        let startTime = Date()
        let start = ContinuousClock.now
        let process = try spawner.spawn(
            launched, taskValue: taskTokenBase.map { TaskToken.value(token: $0, taskID: task.id) })
        leader = process.pid
        return Launch(
            process: process, launched: launched, feedbackFile: feedbackFile, heartbeat: heartbeat,
            startTime: startTime, start: start)
    }

    /// Launches `task` again, after `refusal`, for as long as the process limit or a shortage of memory or open files
    /// refuses it (``SpawnShortage``) and ``SpawnBackOff`` has it wait: until a task of prx's ends, or the back-off's
    /// delay has passed. Throws the last refusal (at once `refusal`, when no shortage was its cause, when memory or
    /// open files were short with no task of prx's running, or when a spawn the process limit refused gave up with no
    /// task of prx's running and none has run since), and returns `nil` when the run is interrupted while the task
    /// waits. Never inlined, as ``runAfterRefusal(_:context:latch:refusal:attemptedAt:)`` is not.
    @inline(never)
    private func launchAfterShortage(
        _ task: TaskSpec, refusal: LaunchFailure, latch: CancellationLatch
    ) async throws(LaunchFailure) -> Launch? {
        let ledger = TaskProcessLedger.shared
        var refusal = refusal
        var backOff = SpawnBackOff()
        var endsSeen = ledger.leaderEndCount
        while let shortage = refusal.shortage, shortage != .processLimit || !ledger.gaveUpAlone {
            let othersRunning = ledger.hasLeaders
            guard let delay = backOff.delay(after: shortage, othersRunning: othersRunning, now: .now) else {
                // Given up with none running: so do the spawns the process limit refuses after it, until a task
                // runs again.
                if shortage == .processLimit { ledger.giveUpAlone() }
                break
            }
            switch shortage {
            case .processLimit: processLimitWarning.give()
            case .memory: memoryWarning.give()
            case .openFiles: openFilesWarning.give()
            }
            if othersRunning {
                await ledger.waitForALeaderToEnd(atMost: delay, unlessEndedSince: endsSeen)
            } else {
                // Only a process outside prx can give one back now, and a Dispatch timer would need a pool thread
                // the limit may refuse to make (Dispatch then retries for ever, with every timer and signal
                // source of prx's waiting behind it): this thread sleeps instead, watching for an interruption.
                latch.sleep(for: delay)
            }
            if latch.isCancelled { return nil }
            endsSeen = ledger.leaderEndCount
            do {
                return try launch(task)
            } catch {
                refusal = error
            }
        }
        throw refusal
    }

    /// The result of an attempt, made at `attempted`, that never ran the task's program, with status `ERROR` and
    /// why; its start is the attempt's, as the log's "Starting task" line has it.
    private static func notRun(
        _ task: TaskSpec, context: ExecutionContext, attemptedAt attempted: Date, failure: LaunchFailure
    ) -> TaskResult {
        var result = TaskResult(
            task: task, status: .error, startTime: attempted, workerID: context.workerID, message: failure.message,
            attempts: context.attempt)
        result.notStartedReason = failure.notStartedReason
        return result
    }

    private func result(
        of task: TaskSpec,
        context: ExecutionContext,
        pid: ProcessID,
        startTime: Date,
        start: ContinuousClock.Instant,
        report: ProcessMonitor.Report
    ) -> TaskResult {
        let status: TaskStatus
        var message: String?
        switch (report.stopCause, report.exit?.status) {
        case (.timeout, _):
            status = .timeout
            message = "Timeout after \((task.timeout ?? 0).plainText)s"
        case (.cancelled, _):
            status = .cancelled
            message = "terminated: run interrupted"
        case (.noHeartbeat, _):
            status = .timeout
            message = "no heartbeat for \((feedback?.heartbeatTimeout ?? 0).plainText)s"
        case (nil, .exited(0)):
            status = .success
        case (nil, .exited(let code)):
            status = .failed
            message = "Exit code \(code)"
        case (nil, .signaled(let number)):
            status = .failed
            message = "killed by signal \(number) (\(Signal(rawValue: number).name))"
        case (nil, nil):
            status = .error
            message =
                "lost track of process \(pid.rawValue): \(report.failure.map(String.init(describing:)) ?? "unknown")"
        }
        let leaderLifetime = Self.seconds(report.leaderEnd - start)
        return TaskResult(
            task: task,
            status: status,
            termination: report.exit?.status,
            startTime: startTime,
            endTime: Date(),
            duration: Self.seconds(report.end - start),
            workerID: context.workerID,
            jobID: String(pid.rawValue),
            // The spawn runs the child in prx's own memory until it execs, and Linux folds the memory it ran in
            // into the child's peak: a child whose peak is not clearly above prx's own cannot be told apart from prx.
            peakMemoryMB: report.exit.flatMap { exit in
                ownPeak.isExceeded(by: exit.peakResidentKilobytes) ? Double(exit.peakResidentKilobytes) / 1024 : nil
            },
            cpuPercent: report.exit.flatMap { exit in
                leaderLifetime > 0 ? exit.cpuSeconds / leaderLifetime * 100 : nil
            },
            stdoutTail: report.stdoutTail,
            stderrTail: report.stderrTail,
            message: message,
            attempts: context.attempt
        )
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
#endif
