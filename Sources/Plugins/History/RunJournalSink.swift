import Foundation
import PRXKernel

/// Writes a run's journal: an append-only JSON Lines file, one event per line. The lines of one turn of the
/// scheduler (a task's end, the next one's start) are written with one `write` when the turn is over, before
/// the scheduler waits for anything, so that `kill -9` of prx loses at most the turn being written: a task
/// whose start line is lost was still running, and its end was never recorded, so `--resume` runs it again.
///
/// Lines, each an object with an `event` member:
/// - `run_started`: `run`, `time`, `pid`, `arguments`, `cwd`, `workers`, `configuration`;
/// - `task_started`: `id`, `key` (``TaskIdentity``), `label`, `worker_id`, `attempt`, `time`;
/// - `attempt_failed` and `task_finished`: `key` and every result field the JSON sink writes;
/// - `run_finished`: `time`, the totals by status, `halt_reason`, `interrupted`, `source_error`.
///
/// It does not `fsync` unless asked to (`syncsEachLine`, prx's `--sync`: one `fdatasync` per turn): a line
/// handed to the kernel survives prx being killed; only a machine crash can lose the last lines, which
/// `--resume` then runs again.
public struct RunJournalSink: Sink {
    private let file: WriteThroughFile
    private let invocation: RunInvocation
    private var clock = LocalTimeConverter()

    /// Creates the journal at `path` for the run `invocation` describes; with `syncsEachLine`, each line is also
    /// flushed to the disk (`fdatasync`) as it is written, so that a machine crash loses no line.
    ///
    /// - Throws: ``SinkFileError`` when the file cannot be created.
    public init(path: String, invocation: RunInvocation, syncsEachLine: Bool = false) throws(SinkFileError) {
        file = try WriteThroughFile(path: path, mode: .truncate)
        file.syncsEachFlush = syncsEachLine
        self.invocation = invocation
    }

    public mutating func receive(_ event: RunEvent) throws {
        var line = JSONLine()
        switch event {
        case .runStarted(let info):
            line.add("event", "run_started")
            line.add("run", invocation.runID)
            line.add("time", clock.convert(info.startTime))
            line.add("pid", invocation.processID)
            line.add("arguments", invocation.arguments)
            line.add("cwd", invocation.workingDirectory)
            line.add("workers", info.maxInFlight)
            line.add("configuration", invocation.configuration.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        case .taskStarted(let start):
            line.add("event", "task_started")
            line.add("id", start.task.id.rawValue)
            line.add("key", TaskIdentity.key(for: start.task))
            line.add("label", start.task.label)
            line.add("worker_id", start.workerID)
            line.add("attempt", start.attempt)
            line.add("time", clock.convert(start.time))
        case .attemptFailed(let result):
            line.add("event", "attempt_failed")
            line.add("key", TaskIdentity.key(for: result.task))
            line.add(result: result, clock: &clock)
        case .taskFinished(let result):
            line.add("event", "task_finished")
            line.add("key", TaskIdentity.key(for: result.task))
            line.add(result: result, clock: &clock)
        case .runFinished(let summary):
            let totals = summary.statistics
            line.add("event", "run_finished")
            line.add("time", clock.convert(summary.endTime))
            line.add(countsOf: totals)
            line.add("halt_reason", summary.haltReason)
            line.add("interrupted", summary.interrupted)
            line.add("source_error", summary.sourceError)
        }
        file.add(line.finished())
    }

    public func flush() throws {
        try file.flush()
    }
}
