import Synchronization

/// Carries what running attempts report, their output and where they run, from the executor's threads to the run's
/// Swift task, which hands it to the sinks between their other calls, as it hands them events: output to the sinks
/// that watch it (``Sink/watchesOutput``), placements to every sink (``RunEvent/taskPlaced(_:)``).
///
/// Made only for a run with a sink that watches output or an executor that reports placements
/// (``Executor/reportsPlacements``): in any other run the executor is given neither handler. The output it keeps, and
/// the output the run's task has taken and not yet given the sinks, is counted in its ``backlog``, which tells the
/// executor to stop reading while the sinks are behind. It knows the running attempts, as the run tells it of each
/// start and return, and drops a report outside its attempt: output passed after the attempt returned or naming
/// another task, a placement of an attempt not running.
final class AttemptReportRelay: Sendable {
    /// One report of a running attempt.
    enum Report: Sendable {
        /// A piece of its output (``ExecutionContext/output``), naming its task.
        case output(OutputChunk)
        /// Where it runs (``ExecutionContext/placed``).
        case placement(TaskPlacement)
    }

    /// The reports not taken yet, the running attempts, and the run's task when it waits.
    private struct State {
        var reports: [Report] = []
        /// The running attempt of each task, by task: from its start until it returns.
        var runningAttempts: [TaskID: Int] = [:]
        /// For each running attempt that passed output naming another task, by its own task, the first task named.
        var misnamedOutput: [TaskID: TaskID] = [:]
        var waiter: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// The output not yet given to the sinks, for a run with a sink that watches output; `nil` otherwise.
    let backlog: OutputBacklog?

    /// Creates a relay, with a ``backlog`` when it carries output.
    init(carriesOutput: Bool) {
        backlog = carriesOutput ? OutputBacklog() : nil
    }

    /// Keeps `chunk`, which attempt `attempt` of task `id` passed, for the run's task, counted in the backlog until
    /// the run's task has given it to the sinks, and wakes the task if it waits for a report. Drops it once the relay
    /// is closed, when the attempt has returned (it would reach the sinks after the attempt's end, or as the output of
    /// the task's next attempt), and when it names another task (``OutputChunk/taskID``), which the attempt's return
    /// then says (``attemptReturned(_:)``): the sinks would take it for output of a task that may not be running, or
    /// of another that is. Called from the executor's threads (``ExecutionContext/output``).
    func pass(_ chunk: OutputChunk, from id: TaskID, attempt: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed, state.runningAttempts[id] == attempt else { return nil }
            guard chunk.taskID == id else {
                if state.misnamedOutput[id] == nil { state.misnamedOutput[id] = chunk.taskID }
                return nil
            }
            // Counted before it is kept, so that the run's task never takes away more than was counted.
            backlog?.add(OutputBacklog.cost(of: chunk))
            state.reports.append(.output(chunk))
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// Keeps `placement` as a piece of output is kept, when it is of a running attempt
    /// (``attemptStarted(_:attempt:)``); drops it otherwise. Called from the executor's threads
    /// (``ExecutionContext/placed``).
    func pass(_ placement: TaskPlacement) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed, state.runningAttempts[placement.task.id] == placement.attempt else { return nil }
            state.reports.append(.placement(placement))
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// Takes the reports of attempt `attempt` of task `id` from now on: it starts.
    func attemptStarted(_ id: TaskID, attempt: Int) {
        state.withLock { $0.runningAttempts[id] = attempt }
    }

    /// Drops the reports of task `id`'s attempt from now on: it has returned, and a report after its result would
    /// reach the sinks after the attempt's end. Returns the first other task that output it passed named, if any
    /// (``pass(_:from:attempt:)``).
    func attemptReturned(_ id: TaskID) -> TaskID? {
        state.withLock { state in
            state.runningAttempts.removeValue(forKey: id)
            return state.misnamedOutput.removeValue(forKey: id)
        }
    }

    /// Returns once a report is kept, or the relay is closed.
    ///
    /// Cancellation does not end the wait: a halt cancels the run's group to stop the running tasks, whose reports
    /// still come; the run closes the relay when its last task has ended.
    func waitForReports() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waits = state.withLock { state in
                guard state.reports.isEmpty && !state.closed else { return false }
                state.waiter = continuation
                return true
            }
            if !waits { continuation.resume() }
        }
    }

    /// The reports kept since the last call, in the order they came. Their output stays counted in the backlog until
    /// the caller has given it to the sinks and removes it (``OutputBacklog/remove(_:)``).
    func take() -> [Report] {
        state.withLock { state in
            let reports = state.reports
            state.reports = []
            return reports
        }
    }

    /// Ends the relay: a wait under way returns, reports that still come are dropped, and the backlog is closed.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            return state.waiter.take()
        }
        waiter?.resume()
        backlog?.close()
    }
}
