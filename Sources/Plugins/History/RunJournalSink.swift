import Foundation
import PRXKernel

/// Writes a run's journal: an append-only JSON Lines file, one event per line. The lines of one turn of the
/// scheduler (a task's end, the next one's start) are written with one `write` when the turn is over, before
/// the scheduler waits for anything, so that `kill -9` of prx loses at most the turn being written: a task
/// whose start line is lost was still running, and its end was never recorded, so `--resume` runs it again.
///
/// Lines, each an object with an `event` member:
/// - `run_started`: `run`, `time`, `pid`, `pid_start` (when the process started, in clock ticks since boot),
///   `program` (the name prx was invoked by, `ptasker` for instance), `arguments`, `cwd`, and `cwd_bytes` when that
///   directory's path is not UTF-8 (``RunInvocation/workingDirectoryBytes``: its bytes, each a number), `workers`,
///   `configuration`, and of prx's orphan guard, when it has one, `guard_pid`, `guard_pid_start`, `guard_token`
///   and `stop_grace` (``OrphanGuardRecord``), and `reports_placements` (`true`) when the run's executor reports
///   where its attempts run (``PRXKernel/Executor/reportsPlacements``: a cluster's), and `result_files`, the result
///   files a resumption adds to with their sizes, when the run has any (``ResultFileSizes``). The journal holds it
///   from the moment it appears in the history (it is written beside and renamed into place): a reader takes a journal
///   without it for a run that is not going, and a concurrent prune or `prx history --clear` deleted the journals
///   of runs just starting;
/// - `task_started`: `id`, `key` (``TaskIdentity``), `label`, `worker_id`, `attempt`, `time`;
/// - `task_placed`, only in a run whose executor reports placements, for each report of where an attempt runs
///   (``PRXKernel/RunEvent/taskPlaced(_:)``) that is not the attempt's last report again: `id`, `attempt`, `job_id` and
///   `host`, either `null` when the executor does not know it (yet). A later line of the attempt replaces an earlier
///   one;
/// - `attempt_failed` and `task_finished`: `key` and every result field the JSON sink writes; and `unreadable`
///   (`true`) for a task standing for a line of the source the run could not read (``TaskMetadataKey/unreadable``),
///   whose key is not that of the line once it reads, or `unparsed` (`true`) for the cancelled task of a line after
///   one the line parser refused or left once the run started no more tasks (a halt, a signal), reported without
///   being parsed (``TaskMetadataKey/unparsed``), whose key is its label's;
/// - `run_progress`, after a `task_finished` line once ``progressInterval`` has passed since the last (by the
///   tasks' end times), or ``progressLines`` tasks have finished since (a halt's or an interruption's burst of
///   cancelled tasks writes megabytes a second, and the reader looks for the line in the last few): `time`, the counts
///   of the task lines the journal holds before it (`finished`, one count per status and `failures`, named as the
///   `--json` summary line names them: ``StatusCounts/names``; an older prx wrote `failed` for every failure and no
///   `failures`, a line a reader takes successes and failures from, ``RunCounts``), and `running`, the tasks whose
///   `task_started` line it holds and not their end, each with the members of its last `task_started` line but
///   `event`, and but a label longer than ``longestRepeatedLabel``, in whose place is
///   `start_line_offset`, the byte offset of that `task_started` line, and with the `job_id` and `host` of the last
///   `task_placed` line of that attempt, when it has one, or, once that attempt failed and the task waits to run again
///   (``PRXKernel/RetryPolicy``), with `retry_wait_since`, the `end_time` of its `attempt_failed` line. A reader of a
///   running run starts from the last one (``RunHistory``), so that `prx status` reads a second of a long run's
///   journal rather than all of it; and,
///   once the run halted, `halt_reason`, the `run_halted` line's reason, which a reader starting there would not see.
///   Lines a failed write dropped (a full disk) are not counted: the line says what `prx history RUN`, reading the
///   lines, shows;
/// - `result_sizes` (`sizes`), after the lines of a turn that wrote to the files `result_files` lists (and after
///   lines written before the turn is over, past ``WriteThroughFile/pendingLimit``, once those files wrote the rows
///   they kept), or `result_files` again when one of them is another file since (``ResultFileSizes``);
/// - `run_halted`, when the stop policy halts the run, before the tasks it cancels: `time`, `reason`;
/// - `run_finished`: `time`, the run's totals as the `--json` summary line has them (`total`, one count per status,
///   `failures`; of an `incomplete` journal, more than its lines hold, which
///   a reader counts instead), `halt_reason`, `interrupted` (and `interrupted_after_tasks` when the signal came once
///   every task had ended, in `on_done`), `source_error`, and `sink_errors`:
///   the first error of each of the run's sinks that failed (``PRXKernel/RunSummary/sinkErrors``), its results
///   that could not all be written (a log on a full disk), which fail the run, as prx's exit status says: those of
///   the sinks told of the run's end before this one, their last writes included, and of the others until then.
///   Not its own failure to write the line: a journal that cannot be written cannot say so (prx warns, on standard
///   error or in a daemon's log). Or, when prx wrote it as it exited before the run's end (``JournalEnding``),
///   without `sink_errors` (not known then), and with `incomplete` (`true`) when the journal lacks the ends of tasks
///   it had not written then, and of those the run never reached. Or its stand-in, `time`, `incomplete` and whether
///   the run was interrupted, written in its place when its write failed for a file size limit lowered during the run,
///   which left room below it for that and not the line (``standInEndLine(of:clock:)``);
/// - a second `run_finished` line, the same but for `sink_errors` and with `restated` (`true`), when sinks told of
///   the run's end after this one then failed (``RunJournalRestatingSink``, told after them, writes it): a reader
///   takes the last. So the end line need not wait for a sink that may never end (the summary report on a standard
///   output no one reads), and still names what that sink could not write.
///
/// The journal keeps ``endLinesRoom`` of disk space given to it past its end
/// (``WriteThroughFile/keepRoom(forLastLines:)``), for its end lines, which so are written on a full disk, where the
/// run showed as killed though prx had ended it: a line the disk has no room for past it is dropped as a failed write
/// is (prx warns, and exits 1 as for any result it could not write), and the end line then says `incomplete` (`true`),
/// with `sink_errors` naming the journal's failure: the journal lacks the lines of tasks.
///
/// It does not `fsync` unless asked to (`syncsEachLine`, prx's `--sync`: one `fdatasync` per turn): a line
/// handed to the kernel survives prx being killed; only a machine crash can lose the last lines, which
/// `--resume` then runs again.
public struct RunJournalSink: Sink {
    /// A task started and not finished, as its last `task_started` line says.
    fileprivate struct RunningTask {
        var key: String
        var label: String
        var workerID: Int
        var attempt: Int
        var time: LocalTimestamp
        /// The byte offset of its `task_started` line in the journal, as ``RunJournalSink/linesEnd`` counts it: the
        /// file's own offset is ``WriteThroughFile/endMoved`` further.
        var startLineOffset: Int
        /// When its last attempt failed, while the task waits to run again (``PRXKernel/RetryPolicy``): its
        /// `attempt_failed` line's `end_time`; `nil` while the attempt runs.
        var retryWaitSince: LocalTimestamp?
    }

    /// Where an attempt runs, as a `task_placed` line says.
    fileprivate struct Placement: Equatable {
        var attempt: Int
        var jobID: String?
        var host: String?
    }

    /// What a task line tells a `run_progress` line: a task started (again), was placed, had an attempt fail and waits
    /// to run again from the time given, or finished with a status.
    fileprivate enum ProgressChange {
        case started(TaskID, RunningTask)
        case placed(TaskID, Placement)
        case attemptFailed(TaskID, LocalTimestamp)
        case finished(TaskID, TaskStatus)
    }

    /// The counts a `run_progress` line carries, of the task lines the journal holds before it.
    private struct Progress {
        var finished = 0
        var counts = StatusCounts()
        var running: [TaskID: RunningTask] = [:]
        /// The last placement of the running attempts that have one: none in a run whose executor reports none.
        var placements: [TaskID: Placement] = [:]

        /// Takes in what a task line says.
        mutating func take(_ change: ProgressChange) {
            switch change {
            case .started(let id, let task):
                running[id] = task
                if !placements.isEmpty { placements[id] = nil }
            case .placed(let id, let placement):
                if running[id]?.attempt == placement.attempt { placements[id] = placement }
            case .attemptFailed(let id, let time):
                running[id]?.retryWaitSince = time
                if !placements.isEmpty { placements[id] = nil }
            case .finished(let id, let status):
                running[id] = nil
                if !placements.isEmpty { placements[id] = nil }
                finished += 1
                counts[status] += 1
            }
        }
    }

    /// The least time between two `run_progress` lines.
    public static let progressInterval: TimeInterval = 1
    /// The most `task_finished` lines between two `run_progress` lines: a few megabytes of journal.
    public static let progressLines = 10_000
    /// The disk space, in bytes, kept past the journal's end for its `run_finished` line and its restatement, which
    /// are a few hundred bytes but for the errors, halt reason and source error they name.
    public static let endLinesRoom = 64 << 10
    /// The longest label, in UTF-8 bytes, that a `run_progress` line repeats for a running task. A longer one (an
    /// arguments line of megabytes) is found at its task's `start_line_offset`: the line is written every second
    /// while the task runs, and the label with it grew the journal by the label each second.
    public static let longestRepeatedLabel = 1024

    private let file: WriteThroughFile
    /// The journal's end line for a prx that exits before the run ends, which this sink keeps up to date.
    public let ending: JournalEnding
    private let invocation: RunInvocation
    private let progressInterval: TimeInterval
    private var clock = LocalTimeConverter()
    /// The counts of the task lines the file holds; those of the lines added and not yet written await their write,
    /// which may drop them (a full disk): a `run_progress` line counts a task's end only once the journal holds it, as
    /// `prx history RUN` shows it, where one whose end was dropped is `LOST`.
    private var progress = Progress()
    private var progressAwaitingWrite = LinesAwaitingWrite<ProgressChange>()
    /// When the last `run_progress` line was written: the end time of the task it followed.
    private var progressLastWritten = Date.distantPast
    /// Tasks finished since the last `run_progress` line.
    private var finishedSinceProgress = 0
    /// Why the stop policy halted the run, once it did: each `run_progress` line after the `run_halted` line says it
    /// again, so that a reader starting from the last one (`prx status`) knows the run halted.
    private var haltReason: String?
    /// The placement each running task's last `task_placed` line added says, so that a report saying it again adds
    /// none: none in a run whose executor reports none.
    private var placementsAdded: [TaskID: Placement] = [:]
    private let writtenEnd = WrittenEnd()
    /// The result files a resumption adds to, whose sizes the journal records after each turn's writes; `nil` for a
    /// run that has none.
    private let resultFileSizes: ResultFileSizes?

    /// What the journal's `run_finished` line said of the sinks' errors, once this sink wrote it: what
    /// ``RunJournalRestatingSink`` restates the line after.
    final class WrittenEnd {
        /// The line's `sink_errors`; `nil` until this sink wrote the line (not when ``JournalEnding`` did).
        var sinkErrors: [String]?
    }

    /// Creates the journal at `path` for the run `invocation` describes, which started at `startTime` with
    /// `workers` workers, holding its `run_started` line; with `syncsEachLine`, each line is also flushed to the
    /// disk (`fdatasync`) as it is written, so that a machine crash loses no line. `progressInterval` is the least
    /// time between two `run_progress` lines: ``progressInterval`` for a run; the tests give 0, for a line after each
    /// task, or more than they take, for none. `resultFiles` are the files a resumption of the run would add to, whose
    /// sizes the journal records (``ResultFileSizes``): their sinks are told each event, and flushed, before this one.
    ///
    /// - Throws: ``SinkFileError`` when the file cannot be created.
    public init(
        path: String, invocation: RunInvocation, startTime: Date, workers: Int, syncsEachLine: Bool = false,
        progressInterval: TimeInterval = RunJournalSink.progressInterval, resultFiles: [TrackedResultFile] = []
    ) throws(SinkFileError) {
        var line = JSONLine()
        line.add("event", "run_started")
        line.add("run", invocation.runID)
        line.add("time", clock.convert(startTime))
        line.add("pid", invocation.processID)
        line.add("pid_start", invocation.processStartTicks)
        line.add("program", invocation.programName)
        line.add("arguments", invocation.arguments)
        line.add("cwd", invocation.workingDirectory)
        if let bytes = invocation.workingDirectoryBytes { line.add("cwd_bytes", integers: bytes.lazy.map(Int.init)) }
        line.add("workers", workers)
        line.add("configuration", invocation.configuration.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        if let orphanGuard = invocation.orphanGuard {
            line.add("guard_pid", orphanGuard.processID)
            line.add("guard_pid_start", orphanGuard.processStartTicks)
            line.add("guard_token", orphanGuard.token)
            line.add("stop_grace", orphanGuard.stopGrace)
        }
        if invocation.reportsPlacements { line.add("reports_placements", true) }
        if let total = invocation.taskTotal { line.add("total", total) }
        resultFileSizes = resultFiles.isEmpty ? nil : ResultFileSizes(resultFiles)
        resultFileSizes?.runStartedMembers(of: &line)
        file = try WriteThroughFile.create(at: path, holding: line.finished())
        file.syncsEachFlush = syncsEachLine
        file.keepRoom(forLastLines: Self.endLinesRoom)
        if let resultFileSizes {
            file.lineBeforeFlushPastLimit = resultFileSizes.lineAfterFlushingFiles
        }
        ending = JournalEnding(path: path)
        self.invocation = invocation
        self.progressInterval = progressInterval
    }

    public mutating func receive(_ event: RunEvent) throws {
        defer { noteWrittenToEnding() }
        try add(event)
    }

    public func flush() throws {
        defer { noteWrittenToEnding() }
        try addResultFileSizes()
        try file.flush()
    }

    /// Adds the line recording the result files' sizes, when one changed: after the turn's lines, which the sizes
    /// include the rows of, and before the `write` that hands them all to the kernel.
    private func addResultFileSizes() throws {
        if let line = resultFileSizes?.lineOfTurn() { try file.add(line) }
    }

    /// Adds the lines of `event`.
    private mutating func add(_ event: RunEvent) throws {
        settleProgress()
        var line = JSONLine()
        switch event {
        case .runStarted:
            return
        case .taskPlaced(let reported):
            let placement = Placement(attempt: reported.attempt, jobID: reported.jobID, host: reported.host)
            // An executor may say the same again (a cluster's queue polled): the journal has it once.
            guard placementsAdded[reported.task.id] != placement else { return }
            placementsAdded[reported.task.id] = placement
            line.add("event", "task_placed")
            line.add("id", reported.task.id.rawValue)
            line.add(placement)
            try file.add(line.finished())
            progressAwaitingWrite.append(.placed(reported.task.id, placement), lineEnd: linesEnd)
            return
        case .taskStarted(let start):
            let running = RunningTask(
                key: key(of: start.task), label: start.task.label, workerID: start.workerID,
                attempt: start.attempt, time: clock.convert(start.time), startLineOffset: linesEnd)
            line.add("event", "task_started")
            line.add("id", start.task.id.rawValue)
            line.add(running)
            try file.add(line.finished())
            progressAwaitingWrite.append(.started(start.task.id, running), lineEnd: linesEnd)
            return
        case .attemptFailed(let result):
            line.add("event", "attempt_failed")
            line.add("key", key(of: result.task))
            line.add(result: result, clock: &clock)
            try file.add(line.finished())
            progressAwaitingWrite.append(
                .attemptFailed(result.task.id, clock.convert(result.endTime)), lineEnd: linesEnd)
            return
        case .taskFinished(let result):
            line.add("event", "task_finished")
            line.add("key", key(of: result.task))
            line.add(result: result, clock: &clock)
            // A stand-in is an ERROR, or CANCELLED in a run interrupted meanwhile: the status spares every other
            // task the lookup.
            if result.status == .error || result.status == .cancelled,
                result.task.metadata[TaskMetadataKey.unreadable] != nil
            {
                line.add("unreadable", true)
            } else if result.status == .cancelled, result.task.metadata[TaskMetadataKey.unparsed] != nil {
                line.add("unparsed", true)
            }
            try file.add(line.finished())
            progressAwaitingWrite.append(.finished(result.task.id, result.status), lineEnd: linesEnd)
            if !placementsAdded.isEmpty { placementsAdded[result.task.id] = nil }
            finishedSinceProgress += 1
            ending.noteAdded(result, lineEnd: linesEnd)
            if result.endTime.timeIntervalSince(progressLastWritten) >= progressInterval
                || finishedSinceProgress >= Self.progressLines
            {
                try writeProgress(at: result.endTime)
            }
            return
        case .runHalted(let reason):
            ending.noteHalt(reason)
            haltReason = reason
            line.add("event", "run_halted")
            line.add("time", clock.convert(Date()))
            line.add("reason", reason)
        case .runFinished(let summary):
            // A prx exiting as a Lua call would not return may have written the end already.
            guard ending.claim() else { return }
            file.spendKeptRoom()
            // The sinks before this one have written their last.
            try addResultFileSizes()
            line = Self.endLine(of: summary, in: file, clock: &clock)
            file.lastLinesStandIn = Self.standInEndLine(of: summary, clock: &clock).finished().bytes
            writtenEnd.sinkErrors = summary.sinkErrors
            try file.add(line.finished())
            // A journal deleted during the run (the history directory removed) cannot say so itself: prx warns.
            try file.checkStillNamed()
            return
        }
        try file.add(line.finished())
    }

    /// Why the journal's `run_finished` line is not in the file as this sink wrote it: the error of its write, which a
    /// file size limit lowered during the run can fail, past the room kept for it (the limit is read once a second at
    /// most); `nil` when the line is in the file, or was not written. In its place is the line's stand-in, when the
    /// room left took that (``endLineIsStandIn``), else nothing, and a reader takes the run for one that was killed:
    /// prx says which, as the journal cannot.
    public var endLineFailure: SinkFileError? { file.lastLinesFailure }
    /// Whether the journal ends with the stand-in of its `run_finished` line, which says only when the run ended, that
    /// the journal lacks tasks (`incomplete`) and whether the run was interrupted: its write took less room than the
    /// line's, which failed (``endLineFailure``).
    public var endLineIsStandIn: Bool { file.holdsLastLinesStandIn }

    /// The sink that restates the journal's `run_finished` line with the failures of the sinks told of the run's end
    /// after this one: to be told of it after them.
    public func restatingSink() -> RunJournalRestatingSink {
        RunJournalRestatingSink(file: file, writtenEnd: writtenEnd)
    }

    /// The `run_finished` line of the run `summary` tells, to be written to the journal's `file`: `incomplete` when
    /// the file left lines out.
    static func endLine(
        of summary: RunSummary, in file: WriteThroughFile, clock: inout LocalTimeConverter
    ) -> JSONLine {
        var line = JSONLine()
        line.addRunFinished(
            time: clock.convert(summary.endTime), counts: summary.statistics, haltReason: summary.haltReason,
            interruption: summary.interruption, sourceError: summary.sourceError, sinkErrors: summary.sinkErrors)
        if file.leftBytesOut { line.add("incomplete", true) }
        return line
    }

    /// The stand-in of the `run_finished` line of the run `summary` tells, for a journal whose room left below a file
    /// size limit takes not the line: when the run ended, `incomplete`, as the journal lacks the lines the limit cost
    /// it, and whether the run was interrupted, a few dozen bytes; a reader counts the tasks from their lines.
    static func standInEndLine(of summary: RunSummary, clock: inout LocalTimeConverter) -> JSONLine {
        var line = JSONLine()
        line.add("event", "run_finished")
        line.add("time", clock.convert(summary.endTime))
        if summary.interruption != nil { line.add("interrupted", true) }
        if summary.interruption == .afterTasksEnded { line.add("interrupted_after_tasks", true) }
        line.add("incomplete", true)
        return line
    }

    /// Where the lines added so far end, counted in the journal's bytes less how far other programs moved its end
    /// (``WriteThroughFile/endMoved``): what the task lines' ends are noted at, so that a journal another program cut
    /// short or added to, whose lines of the turn then go to its end, still counts them once they are written, where
    /// they were taken for lines a failed write dropped, and left out of every `run_progress` line after.
    private var linesEnd: Int { file.size - file.endMoved }
    /// Where the lines the file holds end, counted as ``linesEnd`` counts: the lines added since are not written yet.
    private var writtenLinesEnd: Int { file.writtenSize - file.endMoved }

    /// Tells ``ending`` how much of the journal the file holds, after a write that may have flushed (or dropped) the
    /// lines of results it was told of: its line counts those in the file.
    private func noteWrittenToEnding() {
        ending.noteWritten(upTo: writtenLinesEnd, of: linesEnd, leftLinesOut: file.leftBytesOut)
    }

    /// The key of `task`: its start line's while it runs (the same task, whose key need not be worked out again),
    /// counted in or still awaiting its write, else worked out.
    private func key(of task: TaskSpec) -> String {
        if let running = progress.running[task.id] { return running.key }
        let started = progressAwaitingWrite.last { change in
            if case .started(task.id, _) = change { true } else { false }
        }
        if case .started(_, let running) = started { return running.key }
        return TaskIdentity.key(for: task)
    }

    /// Counts in what the task lines the file now holds say, and forgets what those a failed write dropped said: before
    /// lines are added, which take the place of dropped ones in the file, and before a `run_progress` line is made.
    private mutating func settleProgress() {
        progressAwaitingWrite.settle(writtenSize: writtenLinesEnd, size: linesEnd) { progress.take($0) }
    }

    /// Adds a `run_progress` line, counting the task lines the file holds and those added before it, which are
    /// written with it or dropped with it.
    private mutating func writeProgress(at time: Date) throws {
        // Once a second at most: a limit another program changed during the run would cost the journal its end line.
        file.readSizeLimitAgain()
        progressLastWritten = time
        finishedSinceProgress = 0
        settleProgress()
        var shown = progress
        for change in progressAwaitingWrite.awaiting { shown.take(change) }
        var line = JSONLine()
        line.add("event", "run_progress")
        line.add("time", clock.convert(time))
        line.add("finished", shown.finished)
        line.add(counts: shown.counts)
        line.add("running", objects: shown.running.sorted { $0.key < $1.key }) { object, task in
            object.add("id", task.key.rawValue)
            object.add(task.value, inProgress: true, endMoved: file.endMoved)
            if !shown.placements.isEmpty, let placement = shown.placements[task.key] {
                object.add("job_id", placement.jobID)
                object.add("host", placement.host)
            }
        }
        if let haltReason { line.add("halt_reason", haltReason) }
        try file.add(line.finished())
    }
}

extension JSONLine {
    /// Adds the members of a `task_started` line that follow its `id`; `inProgress`, as a `run_progress` line lists
    /// them, a label longer than ``RunJournalSink/longestRepeatedLabel`` given as `start_line_offset`, the offset in
    /// the file: `endMoved` (``WriteThroughFile/endMoved``) past the one noted.
    fileprivate mutating func add(_ task: RunJournalSink.RunningTask, inProgress: Bool = false, endMoved: Int = 0) {
        add("key", task.key)
        if inProgress && task.label.utf8.count > RunJournalSink.longestRepeatedLabel {
            add("start_line_offset", task.startLineOffset + endMoved)
        } else {
            add("label", task.label)
        }
        add("worker_id", task.workerID)
        add("attempt", task.attempt)
        add("time", task.time)
        if inProgress, let retryWaitSince = task.retryWaitSince { add("retry_wait_since", retryWaitSince) }
    }

    /// Adds the members of a `task_placed` line that follow its `id`: `attempt`, `job_id`, `host`.
    fileprivate mutating func add(_ placement: RunJournalSink.Placement) {
        add("attempt", placement.attempt)
        add("job_id", placement.jobID)
        add("host", placement.host)
    }
}
