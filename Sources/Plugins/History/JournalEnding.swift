import Foundation
import PRXKernel
import Synchronization

/// The `run_finished` line of a run's journal for a prx that exits before its run ends: a Lua call blocked in a C
/// function past a signal holds the run's one thread of Lua, and with it the scheduler, so that the journal sink is
/// never told of the run's end (``RunJournalSink`` writes the line then; this writes it for the exit that cannot wait).
///
/// The journal sink tells it of each task's end as it adds the task's line, of how far the file holds its lines
/// after each write, and of a halt; the line counts the results whose lines are in the file, never one the writer
/// held when the run got stuck. ``writeInterrupted(holdsEveryTask:)`` appends the line with one `write` on a
/// descriptor of its own: it never waits on the journal's writer, which the stuck thread owns, and takes the lock of
/// the counts only when it is free, a few tries at most. The lines that writer still holds (the turn the stuck call
/// held up) are lost, so the line says whether the journal holds every task; a reader takes one that does not for a
/// run that never reached the tasks it lacks, as it takes a killed run's. The run's journal gets one end at most: the
/// sink and this claim it, once (the sink's line may then be restated, ``RunJournalRestatingSink``; this one is not).
public final class JournalEnding: Sendable {
    /// What the line says so far.
    private struct Record: Sendable {
        /// The totals of the results whose lines are in the file.
        var statistics = RunStatistics()
        /// What the totals count of the results whose lines the journal's writer holds, not yet written: not the
        /// whole results, which each line copied in and each write released.
        var unwritten = LinesAwaitingWrite<RunStatistics.Outcome>()
        var haltReason: String?
        /// Whether the journal's writer left lines out (a write failed, on a full disk), so that it lacks tasks.
        var leftLinesOut = false
        /// Whether every task had ended, the run not interrupted, before a signal came: the run was reporting its end.
        var tasksEndedUninterrupted = false
    }

    private let path: String
    private let record = Mutex(Record())
    private let claimed = Atomic(false)

    /// Creates the ending of the journal at `path`.
    init(path: String) {
        self.path = path
    }

    /// Notes `result`, whose line the writer just added, ending at byte `lineEnd` of the journal: counted in once the
    /// file holds it (``noteWritten(upTo:of:leftLinesOut:)``).
    func noteAdded(_ result: TaskResult, lineEnd: Int) {
        let outcome = RunStatistics.Outcome(result)
        record.withLock { $0.unwritten.append(outcome, lineEnd: lineEnd) }
    }

    /// Counts in the results whose lines are in the file, which holds the journal's first `writtenSize` bytes, and
    /// forgets those whose lines end past `size`, the journal's size with the lines the writer holds: a failed write
    /// dropped them, cutting the file back, and `leftLinesOut` says whether one did. Called after each of the writer's
    /// adds and flushes.
    func noteWritten(upTo writtenSize: Int, of size: Int, leftLinesOut: Bool) {
        record.withLock { record in
            record.leftLinesOut = leftLinesOut
            record.unwritten.settle(writtenSize: writtenSize, size: size) { record.statistics.record($0) }
        }
    }

    /// Notes that every task has ended and the run was not interrupted (the scheduler's summary, before the sinks
    /// that report it, a recipe's `on_done` among them, are told): an interruption from then on is one once every
    /// task had ended (``PRXKernel/RunSummary/Interruption/afterTasksEnded``).
    public func noteTasksEndedUninterrupted() {
        record.withLock { $0.tasksEndedUninterrupted = true }
    }

    /// Notes why the run halted.
    func noteHalt(_ reason: String) {
        record.withLock { $0.haltReason = reason }
    }

    /// Takes the end for the caller: `true` once, for the first to ask.
    func claim() -> Bool {
        !claimed.exchange(true, ordering: .sequentiallyConsistent)
    }

    /// Appends a `run_finished` line saying the run was interrupted, with the counts of the results whose lines are in
    /// the file and the halt reason, and, unless `holdsEveryTask` (every task's end was written: the run was over,
    /// `on_done` was being called) and the writer left no line out, `"incomplete": true`, and with
    /// `"interrupted_after_tasks": true` when the tasks had all ended before (``noteTasksEndedUninterrupted()``);
    /// nothing when the journal's
    /// end was claimed already, or the counts stay locked.
    ///
    /// The corresponding C functions are `open` (`O_APPEND`) and `write`.
    public func writeInterrupted(holdsEveryTask: Bool) {
        guard let record = lockedRecord(), claim() else { return }
        var clock = LocalTimeConverter()
        var line = JSONLine()
        line.addRunFinished(
            time: clock.convert(Date()), counts: record.statistics, haltReason: record.haltReason,
            interruption: record.tasksEndedUninterrupted ? .afterTasksEnded : .whileTasksRan, sourceError: nil,
            sinkErrors: nil)
        if !holdsEveryTask || record.leftLinesOut { line.add("incomplete", true) }
        let bytes = line.finished().bytes
        // Without waiting, and never as a terminal of prx's: a FIFO put at the journal's name must not hold prx's end.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// The record, read when its lock is free within a few tries, a millisecond apart; `nil` otherwise.
    private func lockedRecord() -> Record? {
        for _ in 0..<20 {
            if let record = record.withLockIfAvailable({ $0 }) { return record }
            usleep(1_000)
        }
        return nil
    }
}
