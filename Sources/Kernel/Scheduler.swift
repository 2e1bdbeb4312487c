import Foundation

/// Drives a run: pulls tasks from a source, keeps up to N of them in flight on an executor, shows each result
/// to the stop policy and every sink, and halts when told to.
///
/// The scheduler guarantees:
/// - at most ``SchedulerConfiguration/maxInFlight`` tasks in flight, each with a worker slot 1…N of its own; a task
///   waiting out its retry delay (``RetryPolicy/delay``) holds none, and its next attempt starts on a free one;
/// - a task starts the moment a worker is free and its dependencies have succeeded (no polling), at least
///   ``SchedulerConfiguration/startDelay`` seconds after the previous start; so does each retry, once its delay
///   is over, before any task not started yet;
/// - a task whose dependency did not succeed is ``TaskStatus/skipped`` (unless it runs after failures) once all its
///   dependencies have ended, not as the first failure ends: its own dependents, those that run after failures too,
///   start after every task it follows; one whose last dependency fails is skipped at once, and so on down a chain;
/// - after a halt (a stop policy's decision, a source error) no task or attempt starts, and every task held
///   (its dependencies' ends notwithstanding: one a failure keeps from running, waiting for its other dependencies,
///   too, and those after the result the halt was decided on, which it would have skipped) or still in the source is
///   reported ``TaskStatus/cancelled``, and an
///   item the source could not read ``TaskStatus/error`` (``UnreadableTaskError``); a task waiting to retry ends as
///   its last attempt did, its message saying why it was not retried (`Exit code 1; not retried: run halted: …`),
///   before those the halt cancels (its dependents among them), and so does one whose attempt, running at the halt,
///   fails after it;
/// - with a stop policy, a result an executor returns, or a placement it reports, while tasks start (the sinks told of
///   a start, the source giving the next task, ``TaskSource/next()``, or making a task for its start,
///   ``TaskSource/prepare(_:dependencyResults:)``, any of which may take a while) is shown to the policy before the
///   next start: no task starts once what halts the run has come in, whether the free workers are all busy or not, not
///   even the one the source was giving or making, which the halt cancels; and the given task that cannot start (a
///   preflight error, a dependency that did not succeed) is recorded after that result, which came first;
/// - cancelling the Swift task that runs ``run(source:sinks:stopPolicy:)`` interrupts the run: running
///   tasks are stopped by the executor, the rest is cancelled, and the summary says so;
/// - every task reaches every sink exactly once, in the order ``RunEvent`` documents, under the id its source gave it: a
///   task whose id the source gave before ends the pulling, as an error the source throws does
///   (``TaskSource/promisesUniqueIDs``), and a result an executor returns naming another task than the one it was
///   given is that task's ``TaskStatus/error`` (``Executor/execute(_:context:)``);
/// - a running task's output reaches the sinks that watch it (``Sink/watchesOutput``) as it arrives, each piece of an
///   attempt between the attempt's start and its end (``Sink/receiveOutput(_:)``);
/// - where an attempt runs, as an executor that reports it says (``Executor/reportsPlacements``), reaches every sink
///   as it is reported, between the attempt's start and its end (``RunEvent/taskPlaced(_:)``); a report that comes
///   after the attempt returned, or names no running attempt, is dropped.
///
/// Sources, sinks and stop policies are called from the run's own Swift task only, one call at a time.
public struct Scheduler: Sendable {
    /// How the run is paced.
    public var configuration: SchedulerConfiguration
    /// What runs the tasks.
    public var executor: any Executor

    /// Creates a scheduler.
    public init(configuration: SchedulerConfiguration, executor: any Executor) {
        self.configuration = configuration
        self.executor = executor
    }

    /// Runs every task of `source` and returns the summary that the sinks also received.
    ///
    /// - Parameters:
    ///   - source: the tasks.
    ///   - sinks: receivers of every event, in this order for each event.
    ///   - stopPolicy: asked after each result whether to halt; `nil` never halts.
    public func run(
        source: some TaskSource,
        sinks: [any Sink],
        stopPolicy: (any StopPolicy)? = nil
    ) async -> RunSummary {
        let run = SchedulerRun(
            configuration: configuration,
            source: source,
            sinks: sinks,
            stopPolicy: stopPolicy,
            placementsReported: executor.reportsPlacements
        )
        return await withTaskGroup(of: SchedulerCompletion.self, returning: RunSummary.self) { group in
            await run.drive(group: &group, executor: executor)
        }
    }
}
