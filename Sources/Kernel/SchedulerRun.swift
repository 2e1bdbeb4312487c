import Foundation

/// The mutable state of one run of the ``Scheduler``: what is running, held, finished and owed to sinks.
///
/// Lives inside the run's Swift task and is touched only from there.
final class SchedulerRun<Source: TaskSource> {
    /// The most events a turn gives the sinks before they flush: a turn that reports a million cancelled tasks
    /// (a halt, an interruption) or a long run of preflight errors must not make the sinks' buffers grow with it.
    static var eventsPerFlush: Int { 1024 }

    private let configuration: SchedulerConfiguration
    private var source: Source
    private var sinks: [any Sink]
    private var sinkErrors: [String?]
    /// Events and pieces of output the sinks were given since they last flushed.
    private var eventsSinceFlush = 0
    private var stopPolicy: (any StopPolicy)?
    /// The sinks that watch output (``Sink/watchesOutput``), by index.
    private let outputWatchers: [Int]
    /// What carries running attempts' output and placements to the sinks; `nil` when no sink watches output and the
    /// executor reports no placements (``Executor/reportsPlacements``), so that the executor is given neither handler
    /// and a task costs the run nothing for them.
    private let relay: AttemptReportRelay?
    /// The relay when a sink watches output, which each attempt's output handler (``ExecutionContext/output``) hands
    /// its pieces to, with the attempt's task: a handler per attempt, so that a piece naming another task is told from
    /// the attempt's own; `nil` when no sink watches output.
    private let outputRelay: AttemptReportRelay?
    /// The placement handler every attempt is given (``ExecutionContext/placed``), which hands each report to the
    /// relay: one for the run, a report naming its attempt; `nil` when the executor reports no placements.
    private let placementHandler: (@Sendable (TaskPlacement) -> Void)?
    /// Whether a child task waits for reports (``SchedulerCompletion/reportsArrived``).
    private var reportsPending = false
    /// The attempts that returned and whose results the run has not taken from its group, in a run with a stop policy:
    /// a result that came as a task started is shown to the policy before the next start. `nil` without a policy.
    private let returnedAttempts: ReturnedAttempts?

    private let clock = ContinuousClock()
    private let startInstant: ContinuousClock.Instant
    private let startTime = Date()
    private var lastStart: ContinuousClock.Instant?

    private var statistics = RunStatistics()
    private var freeWorkers: [Int]
    private var sourceExhausted = false

    /// Tasks whose dependencies are met, in the order they became ready; `readyHead` is the next to start.
    private var ready: [HeldTask] = []
    private var readyHead = 0
    private var waiting: [TaskID: HeldTask] = [:]
    /// For each waiting task that cannot run, the first of its dependencies that did not succeed: the task waits for
    /// the others to end before it is skipped, so that its own dependents (those that run after failures too) come
    /// after every task it follows. Empty while every dependency succeeds; a task is in it only while a failure has
    /// left it other dependencies to wait for.
    private var failedDependencies: [TaskID: DependencyOutcome] = [:]
    /// Tasks taken from `waiting` because their last dependency ended and one did not succeed, and not reported as
    /// skipped yet: still pending to a stop policy asked meanwhile (about the dependency's result, or another skipped
    /// task's).
    private var awaitingSkip = 0
    /// For each unfinished task that others depend on, the tasks waiting for it.
    private var dependents: [TaskID: [TaskID]] = [:]
    /// What is kept of finished tasks that others depend on.
    private var retained: [TaskID: Kept] = [:]
    /// For each task whose source counted its dependents, how many of them have not finished: its result is
    /// forgotten when none is left.
    private var unfinishedDependents: [TaskID: Int] = [:]

    private var halted = false
    /// The failed attempts of the tasks waiting out a retry delay, by task: a child task of the group each, which
    /// hands it back when the delay is over (``SchedulerCompletion/retryDue(_:)``). They hold no worker meanwhile.
    private var retriesWaiting: [TaskID: TaskResult] = [:]
    /// The failed attempts whose retry is due, in the order they became due, waiting for a worker (and for the pause
    /// between starts): each starts before any task not started yet. `retriesDueHead` is the next. A task waiting out
    /// its delay or due is counted in `statistics.running`, as started and not finished.
    private var retriesDue: [TaskResult] = []
    private var retriesDueHead = 0
    /// Whether a child task is waiting out the pause before the next start (``SchedulerCompletion/startDue``).
    private var startPending = false
    /// Whether a child task is waiting for the source's input (``SchedulerCompletion/inputReady``).
    private var inputPending = false
    private var haltReason: String?
    private var interrupted = false
    /// Whether the interruption ended a task: it came before the tasks not started were cancelled, which it then
    /// cancelled, or stopped a task still running. One that came once a halt had cancelled them and stopped nothing
    /// (no task ran any more, as prx still reported those the halt cancelled) came once every task had ended.
    private var interruptionEndedTasks = false
    /// Whether a halt stopped the running tasks (``StopDecision/Mode/terminateRunning``): those that end cancelled
    /// after it are the halt's, not an interruption's that came while they ended.
    private var haltStoppedRunningTasks = false
    /// Whether the tasks not started were cancelled (``cancelEverythingHeld()``).
    private var restCancelled = false
    private var sourceError: String?
    /// The error of a task the source failed to make for its start (``TaskSource/prepare(_:dependencyResults:)``)
    /// while a result came, in a run with a stop policy: recorded once that result is, which came first, so that the
    /// sinks and the policy are given both in the order they came.
    private var failedPreparation: TaskResult?
    /// A task the source gave while a result came, in a run with a stop policy: its dependencies are looked at, its
    /// preflight error recorded or the task started once that result is shown to the policy, which came first; a halt
    /// it decides cancels the task as never started.
    private var pulledWhileResultCame: TaskSpec?
    /// The id of the last task standing for an item the source could not read: a stand-in not above it is an item
    /// given again, against ``TaskSource/next()``'s rule, and ends the pulling, which would otherwise never end.
    private var lastStandInID: TaskID?
    /// The ids the source has given, to stop at one given again; `nil` when the source promises its ids are unique
    /// (``TaskSource/promisesUniqueIDs``), so that such a source costs a branch per task and no memory.
    private var givenIDs: TaskIDSet?

    init(
        configuration: SchedulerConfiguration, source: Source, sinks: [any Sink], stopPolicy: (any StopPolicy)?,
        placementsReported: Bool
    ) {
        self.configuration = configuration
        self.source = source
        self.givenIDs = source.promisesUniqueIDs ? nil : TaskIDSet()
        self.sinks = sinks
        self.sinkErrors = Array(repeating: nil, count: sinks.count)
        self.stopPolicy = stopPolicy
        self.returnedAttempts = stopPolicy == nil ? nil : ReturnedAttempts()
        let outputWatchers = sinks.indices.filter { sinks[$0].watchesOutput }
        self.outputWatchers = outputWatchers
        let relay =
            outputWatchers.isEmpty && !placementsReported
            ? nil : AttemptReportRelay(carriesOutput: !outputWatchers.isEmpty)
        self.relay = relay
        self.outputRelay = outputWatchers.isEmpty ? nil : relay
        self.placementHandler = placementsReported
            ? relay.map { relay in { @Sendable (placement: TaskPlacement) in relay.pass(placement) } } : nil
        self.startInstant = clock.now
        self.freeWorkers = Array((1...configuration.maxInFlight).reversed())
    }

    /// Runs the whole run inside `group` and returns its summary.
    func drive(group: inout TaskGroup<SchedulerCompletion>, executor: any Executor) async -> RunSummary {
        emit(.runStarted(RunInfo(startTime: startTime, maxInFlight: configuration.maxInFlight)))
        while true {
            if !halted {
                startReadyTasks(group: &group, executor: executor)
            }
            // Also when starting tasks halted the run just now.
            if halted {
                // At once, not once the running tasks end: what the halt cancelled is in the files and the journal
                // as it happens, and an interruption while they finish does not take it for its own. The tasks
                // waiting to retry end first: a task held after one of them (running after failures) does not end
                // before its dependency. A task the source failed to make came before the halt was acted on.
                recordFailedPreparation(group: &group)
                endRetriesWaiting(group: &group)
                cancelEverythingHeld()
            }
            flushSinks()
            // After a halt, neither the pause before the next start nor input still to come is waited for.
            if statistics.running == 0 && (halted || (!startPending && !inputPending)) { break }
            guard let completion = await group.next() else { break }
            if Task.isCancelled { interrupt() }
            switch completion {
            case .startDue:
                startPending = false
            case .inputReady:
                inputPending = false
            case .reportsArrived:
                reportsPending = false
                passReportsToSinks(group: &group)
                if statistics.running > 0 { awaitReports(group: &group) }
            case .retryDue(let failed):
                // A delay a halt ended (the task is recorded) is over only for the group; after a halt (an
                // interruption just now), the next turn ends the task.
                guard retriesWaiting.removeValue(forKey: failed.task.id) != nil else { continue }
                retriesDue.append(failed)
            case .finished(let result):
                returnedAttempts?.resultTaken()
                // The executor passed the attempt's last output and placement before it returned: the sinks get them
                // before its end.
                passReportsToSinks(group: &group)
                statistics.running -= 1
                freeWorkers.append(result.workerID)
                if result.status == .cancelled && !halted {
                    // The executor stopped a task the run did not halt: only an outside cancellation does that.
                    interrupt()
                }
                // After a halt too, which lets the running tasks finish: the interruption stopped this one. Not after
                // one that stopped them itself.
                if result.status == .cancelled && interrupted && !haltStoppedRunningTasks {
                    interruptionEndedTasks = true
                }
                if let policy = result.task.retry, policy.allowsRetry(after: result) {
                    if halted {
                        // A halt that let the attempt finish keeps it from its retry.
                        record(notRetried(result), consultPolicy: false, group: &group)
                    } else {
                        emit(.attemptFailed(result))
                        retry(result, after: policy.delay, group: &group)
                    }
                } else {
                    record(result, consultPolicy: !halted, group: &group)
                }
            }
        }
        cancelEverythingHeld()
        // The child tasks left after a halt (retry delays it ended, the pause before a start, a wait for input or
        // reports) would hold the group until they end.
        relay?.close()
        group.cancelAll()
        flushSinks()
        let interruptedWhileTasksRan = interruptionEndedTasks
        await executor.endRun()
        // An interruption that came as the executor cleaned up (every task had ended) is one the run reports:
        // prx exits as an interrupted run does.
        if Task.isCancelled { interrupted = true }
        var summary = RunSummary(
            startTime: startTime,
            endTime: Date(),
            statistics: currentStatistics(),
            haltReason: haltReason,
            interruption: interruptedWhileTasksRan ? .whileTasksRan : interrupted ? .afterTasksEnded : nil,
            sourceError: sourceError,
            sinkErrors: sinkErrors.compactMap { $0 }
        )
        emitRunFinished(summary)
        // The caller also sees the errors of the sinks told the run's end after each sink before them.
        summary.sinkErrors = sinkErrors.compactMap { $0 }
        return summary
    }

    /// Tells the sinks of the run's end one at a time, each flushed before the next is told, with `summary`'s
    /// ``RunSummary/sinkErrors`` those of every sink so far: a sink told after another records whether that one got
    /// its last writes, or was cut short.
    private func emitRunFinished(_ summary: RunSummary) {
        var summary = summary
        for index in sinks.indices {
            summary.sinkErrors = sinkErrors.compactMap { $0 }
            do {
                try sinks[index].receive(.runFinished(summary))
            } catch {
                noteSinkError(error, at: index)
            }
            do {
                try sinks[index].flush()
            } catch {
                noteSinkError(error, at: index)
            }
        }
    }

    // MARK: Starting

    private func startReadyTasks(group: inout TaskGroup<SchedulerCompletion>, executor: any Executor) {
        while !freeWorkers.isEmpty && !halted {
            if Task.isCancelled {
                interrupt()
                return
            }
            // What came as the last task started (its start told to the sinks, a hook run for it) is shown to the
            // stop policy before another task starts.
            if mustShowWhatCameFirst(group: &group) { return }
            if failedPreparation != nil {
                recordFailedPreparation(group: &group)
                continue
            }
            if retriesDueHead < retriesDue.count {
                if awaitsStartSpacing(group: &group) { return }
                startDueRetry(group: &group, executor: executor)
                continue
            }
            guard let next = nextReadyTask(group: &group) else { return }
            var task = next.task
            if awaitsStartSpacing(group: &group) {
                hold(task, prepared: next.prepared)
                return
            }
            var preparationError: String?
            let preparing = !next.prepared && (!task.dependencies.isEmpty || task.preparedAtStart)
            if preparing {
                do {
                    task = try source.prepare(task, dependencyResults: readableResults(of: task))
                } catch {
                    preparationError = "\(error)"
                }
            }
            if Task.isCancelled {
                // Making the task (a recipe's Lua code) let a signal come, or the signal cut it off (its error is the
                // signal's doing): the task is cancelled as never started, its dependents with it.
                hold(task, prepared: next.prepared || preparing)
                interrupt()
                return
            }
            if let preparationError {
                let failed = TaskResult.notStarted(task, status: .error, message: preparationError)
                // A result that came while the source failed is recorded first.
                if mustShowWhatCameFirst(group: &group) {
                    failedPreparation = failed
                    return
                }
                record(failed, consultPolicy: true, group: &group)
                continue
            }
            // Making the task (a recipe's `cmd` function) takes time too: what came meanwhile is shown to the stop
            // policy before the task starts, and the task, held as made, starts next only if that did not halt the run.
            if preparing && mustShowWhatCameFirst(group: &group) {
                hold(task, prepared: true)
                return
            }
            start(task, attempt: 1, on: freeWorkers.removeLast(), group: &group, executor: executor)
        }
    }

    /// Records the error of the task the source failed to make while a result came (``failedPreparation``), once that
    /// result is recorded.
    private func recordFailedPreparation(group: inout TaskGroup<SchedulerCompletion>) {
        guard let failed = failedPreparation.take() else { return }
        record(failed, consultPolicy: true, group: &group)
    }

    /// Whether what came while the run's own task was busy must be shown to the stop policy before a task starts, as
    /// it may halt the run: a result waiting in the group, which the run's loop takes (the caller returns to it), or
    /// where an attempt runs, given to the sinks now and shown to the policy, which may have halted the run. Always
    /// `false` without a stop policy.
    private func mustShowWhatCameFirst(group: inout TaskGroup<SchedulerCompletion>) -> Bool {
        guard let returnedAttempts else { return false }
        if returnedAttempts.anyUntaken { return true }
        if placementHandler != nil {
            passReportsToSinks(group: &group)
            if halted { return true }
        }
        return false
    }

    /// Whether the pause between starts (``SchedulerConfiguration/startDelay``) since the last start is not over. It is
    /// waited out in the group (``SchedulerCompletion/startDue``), so that the results of tasks ending meanwhile are
    /// recorded and written as they end (waited out here, they waited for the next start).
    private func awaitsStartSpacing(group: inout TaskGroup<SchedulerCompletion>) -> Bool {
        guard configuration.startDelay > 0, let lastStart else { return false }
        let remaining = Duration.boundedSeconds(configuration.startDelay) - (clock.now - lastStart)
        guard remaining > .zero else { return false }
        if !startPending {
            startPending = true
            group.addTask {
                try? await Task.sleep(for: remaining)
                return .startDue
            }
        }
        return true
    }

    /// Starts the next attempt of the task whose retry has been due longest, on a free worker.
    private func startDueRetry(group: inout TaskGroup<SchedulerCompletion>, executor: any Executor) {
        let failed = retriesDue[retriesDueHead]
        retriesDueHead += 1
        if retriesDueHead == retriesDue.count {
            retriesDue.removeAll(keepingCapacity: true)
            retriesDueHead = 0
        }
        // Counted as running while it waited: start counts it again.
        statistics.running -= 1
        start(
            failed.task, attempt: failed.attempts + 1, on: freeWorkers.removeLast(), group: &group, executor: executor)
    }

    /// Hands attempt `attempt` of `task` to the executor now, on worker `workerID`, which is no longer free.
    private func start(
        _ task: TaskSpec,
        attempt: Int,
        on workerID: Int,
        group: inout TaskGroup<SchedulerCompletion>,
        executor: any Executor
    ) {
        lastStart = clock.now
        statistics.running += 1
        statistics.started += 1
        let startTime = Date()
        let started = TaskStart(task: task, workerID: workerID, attempt: attempt, time: startTime)
        emit(.taskStarted(started))
        let taskID = task.id
        let context = ExecutionContext(
            workerID: workerID, attempt: attempt,
            output: outputRelay.map { relay in
                { @Sendable (chunk: OutputChunk) in relay.pass(chunk, from: taskID, attempt: attempt) }
            },
            outputBacklog: relay?.backlog, placed: placementHandler)
        let relay = self.relay
        let returnedAttempts = self.returnedAttempts
        relay?.attemptStarted(taskID, attempt: attempt)
        group.addTask {
            // What follows the executor's return is done in a synchronous function, never inlined here: the values
            // an async function keeps across its suspension, and the temporaries it makes, come from the child task's
            // allocator, whose slabs beyond the first are allocated with malloc for each task.
            .finished(started.returned(
                await executor.execute(started.task, context: context), relay: relay,
                returnedAttempts: returnedAttempts))
        }
        awaitReports(group: &group)
        consultStopPolicy(afterStart: started, group: &group)
    }

    /// Makes the next attempt of `failed`'s task due at once or, after `delay` seconds, when the delay's child task
    /// hands it back (``SchedulerCompletion/retryDue(_:)``). The task holds no worker meanwhile: other tasks start
    /// and end, and the attempt starts once due, on a free worker, after the pause between starts, before any task not
    /// started yet. Its start is reported when it starts; a halt or an interruption before then ends the task with
    /// `failed`.
    private func retry(_ failed: TaskResult, after delay: Double, group: inout TaskGroup<SchedulerCompletion>) {
        statistics.running += 1
        guard delay > 0 else {
            retriesDue.append(failed)
            return
        }
        retriesWaiting[failed.task.id] = failed
        group.addTask {
            // Cancelled (an interruption, a halt), the wait ends at once.
            try? await Task.sleep(for: .boundedSeconds(delay))
            return .retryDue(failed)
        }
    }

    /// The kept results of `task`'s dependencies whose dependents read them, in the order of its dependencies.
    private func readableResults(of task: TaskSpec) -> [TaskResult] {
        task.dependencies.compactMap { dependency in
            if case .result(let result)? = retained[dependency] { result } else { nil }
        }
    }

    /// The next task that may start now, pulling from the source as needed, and whether the source made it for its
    /// start already (``HeldTask/prepared``); `nil` when none is ready, or once a result reported on the way (a task
    /// that cannot run, or cannot be made again) has halted the run.
    private func nextReadyTask(group: inout TaskGroup<SchedulerCompletion>) -> (task: TaskSpec, prepared: Bool)? {
        while readyHead < ready.count && !halted {
            let held = ready[readyHead]
            readyHead += 1
            if readyHead == ready.count {
                ready.removeAll(keepingCapacity: true)
                readyHead = 0
            }
            if let task = whole(held, group: &group), startable(task, group: &group) { return (task, held.prepared) }
            // What came as that task, which cannot start, was recorded (its result given to the sinks, a hook run for
            // it) is shown to the stop policy before the next one is looked at; the caller showed what came before.
            if mustShowWhatCameFirst(group: &group) { return nil }
        }
        while !halted {
            let task: TaskSpec
            if let pulled = pulledWhileResultCame.take() {
                task = pulled
            } else {
                guard !sourceExhausted else { return nil }
                guard let pulled = pullFromSource(group: &group) else { return nil }
                // Pulling the task (a `--parser`'s or a recipe source's Lua code, a line read from a slow pipe) takes
                // time too: what came meanwhile is shown to the stop policy first, and the task is looked at after
                // it: it starts, or its error or skip is recorded, only if that did not halt the run.
                if mustShowWhatCameFirst(group: &group) {
                    pulledWhileResultCame = pulled
                    return nil
                }
                task = pulled
            }
            if task.dependencies.isEmpty || admitDependent(task, group: &group) {
                if startable(task, group: &group) { return (task, false) }
            }
        }
        return nil
    }

    /// The next task from the source, its dependents' bookkeeping begun; `nil` when it has none now (its input is
    /// waited for in the group, with tasks running), has no more, failed, or gave an item it could not read, which
    /// halts the run.
    private func pullFromSource(group: inout TaskGroup<SchedulerCompletion>) -> TaskSpec? {
        if let input = Self.inputWait(of: &source) {
            flushSinks()
            // With tasks running, the input is waited for in the group, where their ends are recorded.
            if statistics.running > 0 {
                if !inputPending {
                    inputPending = true
                    group.addTask {
                        await input.wait()
                        return .inputReady
                    }
                }
                return nil
            }
        }
        let pulled: TaskSpec?
        do {
            pulled = try source.next()
        } catch let unreadable as UnreadableTaskError {
            if let error = idGivenAgain(unreadable.standIn.id) {
                stopPulling(for: error)
                return nil
            }
            // The source reads on past the item: the tasks after it are reported cancelled with the rest.
            sourceError = unreadable.reason
            halted = true
            reportUnreadable(unreadable)
            return nil
        } catch {
            stopPulling(for: "\(error)")
            return nil
        }
        guard let task = pulled else {
            sourceExhausted = true
            return nil
        }
        if let error = idGivenAgain(task.id) {
            stopPulling(for: error)
            return nil
        }
        if task.hasDependents, let count = task.dependentCount {
            unfinishedDependents[task.id] = count
        }
        if task.hasDependents {
            dependents[task.id] = []
        }
        return task
    }

    /// Ends the pulling for the source's `error`: no task starts any more, and the source is pulled no more.
    private func stopPulling(for error: String) {
        sourceExhausted = true
        sourceError = error
        halted = true
    }

    /// Notes `id` as given by the source, and returns the source's error when it gave `id` before: the id is the
    /// earlier task's, whose end the sinks are told of under it, and of no other (``TaskSource/promisesUniqueIDs``).
    private func idGivenAgain(_ id: TaskID) -> String? {
        guard givenIDs?.insert(id) == false else { return nil }
        return "task id \(id) was already given by the source"
    }

    /// Whether `task`, whose dependencies have all ended, may start: one that cannot run at all (a preflight error)
    /// is reported `ERROR` instead, once its dependencies have ended, as a task that failed to start would be, so that
    /// its dependents that run after failures come after every task it follows.
    private func startable(_ task: TaskSpec, group: inout TaskGroup<SchedulerCompletion>) -> Bool {
        guard let reason = task.preflightError else { return true }
        record(.notStarted(task, status: .error, message: reason), consultPolicy: true, group: &group)
        return false
    }

    /// Files a task that has dependencies; returns whether it may start at once. One that cannot run, because a
    /// dependency that has ended did not succeed, is skipped now if every other one has ended too, else waits for them.
    private func admitDependent(_ task: TaskSpec, group: inout TaskGroup<SchedulerCompletion>) -> Bool {
        var unfinished = 0
        var failedDependency: DependencyOutcome?
        for dependency in task.dependencies {
            if let kept = retained[dependency] {
                if failedDependency == nil && !task.runsAfterFailedDependencies {
                    let outcome = kept.outcome
                    if outcome.status != .success { failedDependency = outcome }
                }
            } else if dependents[dependency] != nil {
                unfinished += 1
            } else {
                let message = "depends on task \(dependency), which the source did not yield before it"
                record(.notStarted(task, status: .error, message: message), consultPolicy: true, group: &group)
                return false
            }
        }
        if unfinished == 0 {
            guard let failedDependency else { return true }
            record(skipped(task, because: failedDependency), consultPolicy: true, group: &group)
            return false
        }
        for dependency in task.dependencies where retained[dependency] == nil {
            dependents[dependency, default: []].append(task.id)
        }
        waiting[task.id] = HeldTask(task, keepingWhole: !source.remakesTasks, unfinishedDependencies: unfinished)
        if let failedDependency {
            failedDependencies[task.id] = failedDependency
        }
        return false
    }

    /// Puts `task`, just taken as the next to start, back at the head of the ready tasks: into the slot it was taken
    /// from when there is one (every slot before `readyHead` is spent), so that holding a task back costs the same
    /// however many tasks are ready. A task `prepared` is held as the source made it, and is not made again.
    private func hold(_ task: TaskSpec, prepared: Bool) {
        let held = HeldTask(task, keepingWhole: true, unfinishedDependencies: 0, prepared: prepared)
        if readyHead > 0 {
            readyHead -= 1
            ready[readyHead] = held
        } else {
            ready.insert(held, at: 0)
        }
    }

    /// The whole task `held` is, to start it: kept, or made again by the source. A task the source cannot make again
    /// is recorded as an error, and `nil` returned.
    private func whole(_ held: HeldTask, group: inout TaskGroup<SchedulerCompletion>) -> TaskSpec? {
        if let task = remade(held) { return task }
        let message = "the source could not make task \(held.id) again when it could start"
        let result = TaskResult.notStarted(Self.named(held.id), status: .error, message: message)
        record(result, consultPolicy: true, group: &group)
        return nil
    }

    /// The whole task `held` is: kept, or made again by the source; `nil` when the source cannot make it again.
    private func remade(_ held: HeldTask) -> TaskSpec? {
        switch held.content {
        case .whole(let task): task
        case .id(let id): source.remake(id)
        }
    }

    /// A task with id `id` and no command, named after its id: what stands for a task the source cannot make again.
    private static func named(_ id: TaskID) -> TaskSpec {
        TaskSpec(id: id, label: "task \(id)", argv: [])
    }

    // MARK: Finishing

    /// Reports `result`, asks the stop policy, and frees the tasks whose last dependency it was, or records them as
    /// skipped when it or another of their dependencies did not succeed: breadth first, each skipped task's own
    /// waiting tasks a level further, so that a failure at the head of a chain of a million tasks takes no deep stack,
    /// and one before a million tasks no pile of their results.
    private func record(_ result: TaskResult, consultPolicy: Bool, group: inout TaskGroup<SchedulerCompletion>) {
        var toSkip: [Skipped] = []
        report(result, consultPolicy: consultPolicy, skipping: &toSkip, group: &group)
        while !toSkip.isEmpty {
            let level = toSkip
            toSkip = []
            for entry in level {
                for waitingTask in entry.tasks {
                    awaitingSkip -= 1
                    let task = remade(waitingTask) ?? Self.named(waitingTask.id)
                    // A halt that a skipped task of this cascade decided cancels the rest, as it cancels the tasks
                    // not pulled from the source yet that the same failure keeps from running.
                    if halted {
                        cancel(task, message: notStartedMessage)
                        continue
                    }
                    let result = skipped(task, because: entry.dependency)
                    report(result, consultPolicy: true, skipping: &toSkip, group: &group)
                }
            }
        }
    }

    /// Counts and reports one result, keeps it for its dependents, asks the stop policy, and releases the dependents.
    /// The policy is asked first: a halt it decides on this result cancels the tasks waiting for it, as it cancels
    /// those the scheduler has not pulled from the source yet, rather than skipping them because they were pulled.
    private func report(
        _ result: TaskResult, consultPolicy: Bool, skipping toSkip: inout [Skipped],
        group: inout TaskGroup<SchedulerCompletion>
    ) {
        statistics.record(result)
        emit(.taskFinished(result))
        if result.task.hasDependents {
            if unfinishedDependents[result.task.id] == 0 {
                unfinishedDependents[result.task.id] = nil
            } else {
                retained[result.task.id] =
                    result.task.resultReadByDependents ? .result(result) : .outcome(DependencyOutcome(of: result))
            }
        }
        countOff(result.task)
        if consultPolicy {
            consultStopPolicy(after: result, group: &group)
        }
        if result.task.hasDependents {
            release(dependentsOf: result, skipping: &toSkip)
        }
    }

    /// Frees the tasks waiting for `result` whose last dependency it was; adds to `toSkip` those of them that cannot
    /// run because `result` or an earlier dependency did not succeed. A task that cannot run but still waits for
    /// another dependency keeps waiting, the first failure noted. After a halt it leaves them held: they are cancelled
    /// with the rest, as the tasks not pulled from the source yet are, whatever their dependencies' end.
    private func release(dependentsOf result: TaskResult, skipping toSkip: inout [Skipped]) {
        guard !halted, let waitingIDs = dependents.removeValue(forKey: result.task.id) else { return }
        let failed = result.status != .success
        var cannotRun: [HeldTask] = []
        for id in waitingIDs {
            guard let entry = waiting[id] else { continue }
            entry.unfinishedDependencies -= 1
            let failedForEntry = failed && !entry.runsAfterFailedDependencies
            if entry.unfinishedDependencies > 0 {
                if failedForEntry && failedDependencies[id] == nil {
                    failedDependencies[id] = DependencyOutcome(of: result)
                }
                continue
            }
            waiting[id] = nil
            if !failedDependencies.isEmpty, let earlier = failedDependencies.removeValue(forKey: id) {
                skip([entry], because: earlier, into: &toSkip)
            } else if failedForEntry {
                cannotRun.append(entry)
            } else {
                ready.append(entry)
            }
        }
        if !cannotRun.isEmpty {
            skip(cannotRun, because: DependencyOutcome(of: result), into: &toSkip)
        }
    }

    /// Adds `tasks`, which cannot run because `dependency` did not succeed, to `toSkip`, counted as pending until
    /// they are reported (``record(_:consultPolicy:group:)``).
    private func skip(_ tasks: [HeldTask], because dependency: DependencyOutcome, into toSkip: inout [Skipped]) {
        awaitingSkip += tasks.count
        toSkip.append(Skipped(dependency: dependency, tasks: tasks))
    }

    /// Halts the run when the stop policy says so after `result`.
    private func consultStopPolicy(after result: TaskResult, group: inout TaskGroup<SchedulerCompletion>) {
        guard !halted, var policy = stopPolicy else { return }
        let decision = policy.evaluate(after: result, statistics: currentStatistics())
        stopPolicy = policy
        if let decision {
            halt(decision, group: &group)
        }
    }

    /// Halts the run when the stop policy says so right after `start` (a hook that failed as the task started), before
    /// another task starts.
    private func consultStopPolicy(afterStart start: TaskStart, group: inout TaskGroup<SchedulerCompletion>) {
        // In place: a copy of the policy would copy what it holds, at every start.
        guard !halted, let decision = stopPolicy?.evaluate(afterStart: start) else { return }
        halt(decision, group: &group)
    }

    /// Halts the run when the stop policy says so right after the sinks were told of `placement` (a hook that failed
    /// for it), before another task starts.
    private func consultStopPolicy(
        afterPlacement placement: TaskPlacement, group: inout TaskGroup<SchedulerCompletion>
    ) {
        guard !halted, let decision = stopPolicy?.evaluate(afterPlacement: placement) else { return }
        halt(decision, group: &group)
    }

    /// Halts the run for `decision`; with `terminateRunning`, stops the running tasks.
    private func halt(_ decision: StopDecision, group: inout TaskGroup<SchedulerCompletion>) {
        halted = true
        haltReason = decision.reason
        emit(.runHalted(decision.reason))
        if decision.mode == .terminateRunning {
            haltStoppedRunningTasks = true
            group.cancelAll()
        }
    }

    /// Counts finished `task` off the dependents of each of its dependencies, and forgets the result of a
    /// dependency none of whose counted dependents is left. A count that runs out before its task has finished
    /// stays at zero, so that the result is not kept when it comes.
    private func countOff(_ task: TaskSpec) {
        guard !unfinishedDependents.isEmpty, !task.dependencies.isEmpty else { return }
        let dependencies = task.dependencies.count == 1 ? task.dependencies : Array(Set(task.dependencies))
        for dependency in dependencies {
            guard let count = unfinishedDependents[dependency] else { continue }
            if count > 1 {
                unfinishedDependents[dependency] = count - 1
            } else if retained.removeValue(forKey: dependency) != nil {
                unfinishedDependents[dependency] = nil
            } else {
                unfinishedDependents[dependency] = 0
            }
        }
    }

    /// The result of `task`, which cannot run because `dependency` did not succeed.
    private func skipped(_ task: TaskSpec, because dependency: DependencyOutcome) -> TaskResult {
        let message = "dependency \(dependency.label) ended \(dependency.status.rawValue)"
        return .notStarted(task, status: .skipped, message: message)
    }

    // MARK: Halting

    private func interrupt() {
        if !restCancelled { interruptionEndedTasks = true }
        interrupted = true
        halted = true
    }

    /// Ends every task waiting out a retry delay, or for a worker once due, as its last attempt ended, at once (not
    /// when the delay is over or the running tasks end): no attempt starts after a halt. Its message says why it was
    /// not retried (``notRetried(_:)``): the sinks were told of that attempt as one to be retried
    /// (``RunEvent/attemptFailed(_:)``), and its end repeats it.
    private func endRetriesWaiting(group: inout TaskGroup<SchedulerCompletion>) {
        guard !retriesWaiting.isEmpty || retriesDueHead < retriesDue.count else { return }
        let ending = (Array(retriesWaiting.values) + retriesDue[retriesDueHead...]).sorted { $0.task.id < $1.task.id }
        retriesWaiting.removeAll()
        retriesDue.removeAll()
        retriesDueHead = 0
        for failed in ending {
            statistics.running -= 1
            record(notRetried(failed), consultPolicy: false, group: &group)
        }
    }

    /// `failed`, the result of an attempt that earned a retry the run's halt keeps from starting, its message saying
    /// so after the attempt's own (`Exit code 1; not retried: run halted: …`).
    private func notRetried(_ failed: TaskResult) -> TaskResult {
        var ended = failed
        ended.message = [failed.message, "not retried: " + notStartedMessage].compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        return ended
    }

    /// Reports every task still held, then every task left in the source that it can give without reading input
    /// still to come from an outside writer, as cancelled.
    private func cancelEverythingHeld() {
        let message = notStartedMessage
        var held = Array(ready[readyHead...])
        held += waiting.values.sorted { $0.id < $1.id }
        if let pulled = pulledWhileResultCame.take() {
            held.append(HeldTask(pulled, keepingWhole: true, unfinishedDependencies: 0))
        }
        ready.removeAll()
        readyHead = 0
        waiting.removeAll()
        failedDependencies.removeAll()
        dependents.removeAll()
        for task in held {
            cancel(remade(task) ?? Self.named(task.id), message: message)
        }
        if !sourceExhausted { source.remainingTasksWillBeCancelled() }
        // Input still to come (a pipe, whether its writer is silent or never stops) is not read: its lines are no
        // tasks yet. A source that keeps reading (no `stopReadingInput`) is still not waited for.
        source.stopReadingInput()
        while !sourceExhausted && source.inputWait == nil {
            do {
                guard let task = try source.next() else { break }
                if let error = idGivenAgain(task.id) {
                    sourceError = sourceError ?? error
                    break
                }
                cancel(task, message: message)
            } catch let unreadable as UnreadableTaskError {
                // An item the source cannot read is one more task the run does not start, not why it stopped.
                guard lastStandInID.map({ unreadable.standIn.id > $0 }) ?? true else { break }
                if let error = idGivenAgain(unreadable.standIn.id) {
                    sourceError = sourceError ?? error
                    break
                }
                lastStandInID = unreadable.standIn.id
                cancel(unreadable.standIn, message: message)
            } catch {
                sourceError = sourceError ?? "\(error)"
                break
            }
        }
        sourceExhausted = true
        restCancelled = true
    }

    /// Why a task the run did not start is cancelled: an interruption, a halt, the source's error, or the run's end.
    private var notStartedMessage: String {
        if interrupted { return "run interrupted" }
        if let haltReason { return "run halted: \(haltReason)" }
        if let sourceError { return "run stopped by its source: \(sourceError)" }
        return "run ended before this task could start"
    }

    /// Reports the task standing for an item the source could not read: an error with the source's reason, or,
    /// in a run interrupted meanwhile, cancelled as never started (the interruption cut the reading short).
    private func reportUnreadable(_ unreadable: UnreadableTaskError) {
        lastStandInID = unreadable.standIn.id
        if Task.isCancelled { interrupt() }
        reportNotStarted(
            unreadable.standIn, status: interrupted ? .cancelled : .error,
            message: interrupted ? "run interrupted" : unreadable.reason)
    }

    private func cancel(_ task: TaskSpec, message: String) {
        reportNotStarted(task, status: .cancelled, message: message)
    }

    /// Records and reports `task`, which never started, as ending with `status` for `message`.
    private func reportNotStarted(_ task: TaskSpec, status: TaskStatus, message: String) {
        let result = TaskResult.notStarted(task, status: status, message: message)
        statistics.record(result)
        emit(.taskFinished(result))
    }

    // MARK: Reporting

    private func currentStatistics() -> RunStatistics {
        var snapshot = statistics
        let notYielded = sourceExhausted ? 0 : source.knownRemainingTaskCount
        let heldAside = (failedPreparation == nil ? 0 : 1) + (pulledWhileResultCame == nil ? 0 : 1)
        snapshot.pending = ready.count - readyHead + waiting.count + awaitingSkip + heldAside + notYielded
        snapshot.elapsed = secondsSinceStart()
        return snapshot
    }

    private func secondsSinceStart() -> Double {
        let elapsed = clock.now - startInstant
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private func emit(_ event: RunEvent) {
        // One access to the array for all the sinks, not one (an exclusivity check and a uniqueness check) per sink:
        // a sink knows nothing of the run, so none of them reaches the array meanwhile.
        sinks.withUnsafeMutableBufferPointer { sinks in
            for index in sinks.indices {
                do {
                    try sinks[index].receive(event)
                } catch {
                    noteSinkError(error, at: index)
                }
            }
        }
        countTowardFlush()
    }

    /// Waits in the group for running attempts' reports, unless the run has no relay or a child task waits already.
    private func awaitReports(group: inout TaskGroup<SchedulerCompletion>) {
        guard let relay, !reportsPending else { return }
        reportsPending = true
        group.addTask {
            await relay.waitForReports()
            return .reportsArrived
        }
    }

    /// Gives the sinks every report that arrived since the last time, in the order it came: each piece of output to
    /// the sinks that watch output, each placement to every sink, the stop policy asked after it. Then takes the
    /// output out of the backlog, once the reports are freed: the executor, told to read again if the backlog was
    /// full, reads into memory they no longer hold.
    private func passReportsToSinks(group: inout TaskGroup<SchedulerCompletion>) {
        guard let relay else { return }
        let given = passToSinks(relay.take(), group: &group)
        // Nothing given takes nothing out: a full backlog holds more than its resume level, so no waiter is due.
        if given > 0 { relay.backlog?.remove(given) }
    }

    /// Gives the sinks `reports`, in order, asking the stop policy after each placement, and returns what their
    /// output cost the backlog (``OutputBacklog/cost(of:)``).
    private func passToSinks(
        _ reports: [AttemptReportRelay.Report], group: inout TaskGroup<SchedulerCompletion>
    ) -> Int {
        var given = 0
        for report in reports {
            switch report {
            case .output(let chunk):
                for index in outputWatchers {
                    do {
                        try sinks[index].receiveOutput(chunk)
                    } catch {
                        noteSinkError(error, at: index)
                    }
                }
                given += OutputBacklog.cost(of: chunk)
                countTowardFlush()
            case .placement(let placement):
                emit(.taskPlaced(placement))
                consultStopPolicy(afterPlacement: placement, group: &group)
            }
        }
        return given
    }

    /// Counts one call of the sinks toward the next flush, and flushes them every ``eventsPerFlush`` calls.
    private func countTowardFlush() {
        eventsSinceFlush += 1
        if eventsSinceFlush >= Self.eventsPerFlush {
            flushSinks()
        }
    }

    /// Lets every sink write what it buffered; called before the run waits, and at its end.
    private func flushSinks() {
        eventsSinceFlush = 0
        // One access to the array for all the sinks, as in emit(_:), and each sink flushed where it lies: read through
        // a buffer pointer (`sinks[index].flush()`), each sink's existential was copied for the call and destroyed
        // after it, some 90 instructions a sink and flush.
        sinks.withUnsafeMutableBufferPointer { sinks in
            for index in sinks.indices {
                do {
                    try Self.flush(&sinks[index])
                } catch {
                    noteSinkError(error, at: index)
                }
            }
        }
    }

    /// The source's ``TaskSource/inputWait``, read in place: read as `source.inputWait`, the source, a value of any
    /// size, was copied for the call and destroyed after it, some 800 instructions a task for flags mode's.
    private static func inputWait(of source: inout Source) -> (any InputWait)? {
        source.inputWait
    }

    /// Flushes `sink` in place: the caller's storage is the sink's for the call, so it is not copied.
    private static func flush(_ sink: inout any Sink) throws {
        try sink.flush()
    }

    private func noteSinkError(_ error: any Error, at index: Int) {
        if sinkErrors[index] == nil {
            sinkErrors[index] = "\(error)"
        }
    }
}

// The types a run holds its tasks and outcomes in live outside ``SchedulerRun``, which is generic over its source:
// nested in it, each was generic too, and its type metadata was looked up at each use, some 300 instructions a task
// for the ready list and as many for the skipped tasks of each result.

/// A task the scheduler holds: waiting for its dependencies, then ready to start. A reference, so that the table
/// of waiting tasks and the ready list, which a chain or a fan-out fills with every task of the source at once,
/// hold 8 bytes per task, and a task moves from one to the other without a copy. It holds the whole task only
/// when its source cannot make it again (``TaskSource/remakesTasks``): a few dozen bytes otherwise.
private final class HeldTask {
    /// The whole task, or only its id when the source makes it again.
    enum Content {
        case id(TaskID)
        indirect case whole(TaskSpec)
    }

    let content: Content
    let runsAfterFailedDependencies: Bool
    /// Whether the source made the task for its start already (``TaskSource/prepare(_:dependencyResults:)``): held
    /// back after that, for what came meanwhile, it starts as it was made, the source's code for it not run again.
    let prepared: Bool
    var unfinishedDependencies: Int

    init(_ task: TaskSpec, keepingWhole: Bool, unfinishedDependencies: Int, prepared: Bool = false) {
        content = keepingWhole ? .whole(task) : .id(task.id)
        runsAfterFailedDependencies = task.runsAfterFailedDependencies
        self.prepared = prepared
        self.unfinishedDependencies = unfinishedDependencies
    }

    var id: TaskID {
        switch content {
        case .id(let id): id
        case .whole(let task): task.id
        }
    }
}

/// How a task that others depend on ended: what deciding and explaining their fate takes.
private struct DependencyOutcome {
    let label: String
    let status: TaskStatus

    init(of result: TaskResult) {
        label = result.task.label
        status = result.status
    }
}

/// What the scheduler keeps of a finished task that others depend on: its outcome, or the whole result when a
/// dependent's source reads it (``TaskSpec/resultReadByDependents``), boxed, so that a table of outcomes holds
/// a few bytes per task and not the room for a whole result.
private enum Kept {
    case outcome(DependencyOutcome)
    indirect case result(TaskResult)

    var outcome: DependencyOutcome {
        switch self {
        case .outcome(let outcome): outcome
        case .result(let result): DependencyOutcome(of: result)
        }
    }
}

/// Tasks that cannot run because `dependency` did not succeed, to be reported as skipped.
private struct Skipped {
    var dependency: DependencyOutcome
    var tasks: [HeldTask]
}

extension TaskStart {
    /// The result the executor returned for this start's attempt, as the run records it: its return told to `relay`
    /// and `returnedAttempts`, and the result made to name this start's task
    /// (``TaskResult/misattributed(to:mistake:)``), attempt, worker and time.
    @inline(never)
    fileprivate func returned(
        _ returned: TaskResult, relay: AttemptReportRelay?, returnedAttempts: ReturnedAttempts?
    ) -> TaskResult {
        var result = returned
        let misnamedOutput = relay?.attemptReturned(task.id)
        if result.task.id != task.id {
            result = result.misattributed(to: task, mistake: "the executor reported task \(result.task.id)")
        } else if let misnamedOutput {
            let mistake = "the executor reported output of task \(misnamedOutput)"
            result = result.misattributed(to: task, mistake: mistake)
        }
        // The attempt started when its start was reported, on its worker, whether or not its command ran (one
        // cancelled while a hook ran for its start, or refused by the system, did): its result counts it, names
        // the worker, and has that start's time when the executor gives none. An executor reporting fewer
        // attempts cannot make the retry limit count from the start again.
        result.attempts = max(result.attempts, attempt)
        result.workerID = workerID
        if result.startTime == nil { result.startTime = time }
        returnedAttempts?.attemptReturned()
        return result
    }
}

extension TaskResult {
    /// This result, which the executor returned for `task` but which names another task, or came with output naming
    /// another task (`mistake`: `the executor reported task 7`, `the executor reported output of task 7`), as `task`'s
    /// error, `mistake` followed by `for task 3`, so that the sinks are told of the end of the task that started, and
    /// of no other. Whether the result, or the output, was `task`'s under a wrong id or another task's cannot be told:
    /// its status and exit are not taken for `task`'s (an error is not retried), the rest (times, job, host, output)
    /// is kept.
    fileprivate func misattributed(to task: TaskSpec, mistake: String) -> TaskResult {
        var attributed = self
        attributed.task = task
        attributed.status = .error
        attributed.termination = nil
        attributed.message = "\(mistake) for task \(task.id)"
        return attributed
    }
}
