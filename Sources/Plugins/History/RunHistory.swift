import Foundation
import PRXKernel

/// The directory of run journals (`~/prx/history/`, or `$PRX_HOME/history/`): names new runs, lists and
/// reads past ones, and forgets old ones.
///
/// Journals are plain JSON Lines a person can read, `grep` and `tail`; this type only reads them. A torn last
/// line (prx killed mid-write) is ignored.
public struct RunHistory: Sendable {
    /// Why a history request cannot be answered.
    public struct HistoryError: Error, CustomStringConvertible {
        /// The message for the user.
        public var description: String
        /// Why the run's journal was not read, in words that hold for a run read as part of another
        /// (``ResumedTaskSource/UnreadRun``): ``description``, but for a run the history does not have
        /// (`the journal …/ID.jsonl is gone`) and a journal another user owns, which leaves out what `--resume` of that
        /// run is told.
        public var journalReason: String
        /// Whether the journal holds a NUL byte before any `run_started` line (``notJSONLines(_:nulByteAt:)``).
        public var isNotJSONLines = false

        /// An error that says `description`, and `journalReason` (`description` unless given) of the journal.
        public init(description: String, journalReason: String? = nil) {
            self.description = description
            self.journalReason = journalReason ?? description
        }

        /// The journal at `path` holds a NUL byte at `offset`, before any `run_started` line: it is not JSON lines (a
        /// hole, `truncate -s 2G`), and is read no further.
        static func notJSONLines(_ path: String, nulByteAt offset: Int) -> HistoryError {
            var error = HistoryError(
                description: "the journal \(path) is not JSON lines: it holds a NUL byte at byte \(offset)")
            error.isNotJSONLines = true
            return error
        }

        /// The history in `directory` has no run `runID`.
        public static func noSuchRun(_ runID: String, in directory: String) -> HistoryError {
            HistoryError(
                description: "no run \(runID) in the history (\(directory))",
                journalReason: "the journal \(directory)/\(runID).jsonl is gone")
        }
    }

    /// The directory.
    public let directory: String
    /// The user whose journals alone are read as runs, or `nil` for every user's. A resumption runs the commands its
    /// journal names: in a history others can write to (a shared `PRX_HOME`), a journal another user put there would
    /// have the resumption run that user's commands as its own user, and the runs it says it resumed decide which
    /// tasks run again. With a writer, a journal owned by another user is refused where it is read for its tasks
    /// (``JournalFile/Refusal/ownedByAnotherUser(_:)``), and is no run where only its first line is read.
    public let trustedWriter: uid_t?

    /// A history in `directory`, reading only the journals `trustedWriter` owns when one is given.
    public init(directory: String, trustedWriter: uid_t? = nil) {
        self.directory = directory
        self.trustedWriter = trustedWriter
    }

    /// A new run's identifier: its start time in UTC and prx's PID, `20261125-143015-12345`, sorting by start.
    /// In UTC, so that runs sort by start whatever time zone each ran in (`TZ`) and across a change of the clocks,
    /// where local time goes back an hour: `keep_runs` deleted newer runs taken for older ones.
    public static func newRunID(startTime: Date, processID: Int32) -> String {
        LocalTimeConverter.format(startTime, strftime: "%Y%m%d-%H%M%S", inUTC: true) + "-\(processID)"
    }

    /// The longest journal line read: more than prx writes for any task it takes. A task's line can hold an
    /// arguments line of up to 16 MiB twice (its label and task file), each written in JSON, where a control
    /// character takes six bytes; a longer line is left out.
    static let maxJournalLineBytes = 256 << 20

    /// Where the journal of `runID` is.
    public func journalPath(for runID: String) -> String {
        directory + "/" + runID + ".jsonl"
    }

    /// The identifiers of every run in the history, oldest first: in the order they started (``RunStart``), told by
    /// the first few KiB of each journal. A journal is named by its run's id (``isRunID(_:)``): another file
    /// (`my backup.jsonl`) is no run, which is not listed, pruned or cleared.
    public func runIDs() -> [String] {
        ordered(listedRunIDs())
    }

    /// The identifiers of the runs whose journals the directory lists, in no order, without reading any journal.
    func listedRunIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.filter(Self.isRunID)
    }

    /// `runIDs` oldest first, as ``runIDs()`` orders them.
    func ordered(_ runIDs: [String]) -> [String] {
        runIDs.map { runID in
            RunStart(
                runID: runID, journalStart: Self.head(ofFileAt: journalPath(for: runID), length: RunStart.readLength))
        }.sorted().map(\.runID)
    }

    /// Every run in the history, oldest first, with its counts and only the tasks still running; unreadable
    /// journals are left out. A finished run's counts come from its journal's last line, so that listing a run of
    /// a million tasks reads two lines of its journal; a running (or killed) run's journal is read line by line,
    /// keeping the tasks that have not finished. Each run has the run it resumed and the newest run that resumed it
    /// (``withResumptions(_:)``), told by the `run_started` lines read for the runs themselves: no journal is read
    /// again for them.
    ///
    /// A journal that holds a NUL byte, which no journal line holds, is read up to it (``RunRecord/nulByteOffset``),
    /// and `notJSONLines` is told of one that has no `run_started` line before it, which is left out.
    public func runs(notJSONLines: (HistoryError) -> Void = { _ in }) -> [RunRecord] {
        withResumptions(
            runIDs().compactMap { runID in
                if let finished = finishedRun(runID) { return finished }
                do throws(HistoryError) {
                    return try unfinishedRun(runID)
                } catch {
                    if error.isNotJSONLines { notJSONLines(error) }
                    return nil
                }
            })
    }

    /// Calls `each` with the final record of every task of the run `runID`, in the order the tasks first appear in
    /// its journal, and returns the run with its counts but no ``RunRecord/runningTasks``. The journal is read line
    /// by line; kept meanwhile are only the tasks not finished yet and those that finished ahead of an earlier one
    /// still running (a few, unless a task runs through most of the run), so that listing a million tasks takes
    /// memory for a few.
    ///
    /// - Throws: ``HistoryError`` when there is no such run or its journal has no `run_started` line.
    public func forEachTask(
        of runID: String, _ each: (RunRecord.TaskRecord) -> Void
    ) throws(HistoryError) -> RunRecord {
        /// The records that finished ahead of the one at `next`, by place.
        var early: [Int: RunRecord.TaskRecord] = [:]
        var next = 0
        var count = 0
        var counts = StatusCounts()
        let frame = try foldTasks(of: runID) { task, place in
            count += 1
            counts.count(statusNamed: task.status)
            guard place == next else {
                early[place] = task
                return
            }
            each(task)
            next += 1
            while let waiting = early.removeValue(forKey: next) {
                each(waiting)
                next += 1
            }
        }
        var run = RunRecord(
            runID: runID, invocation: frame.invocation, startTime: frame.startTime, endTime: frame.endTime,
            duration: Self.seconds(from: frame.startTime, to: frame.endTime), state: frame.state, runningTasks: [],
            taskCount: count, counts: RunCounts(byStatus: counts), sinkErrors: frame.sinkErrors,
            interrupted: frame.ending.interrupted, interruptedAfterTasks: frame.ending.afterTasks,
            haltReason: frame.haltReason, owner: frame.owner)
        run.nulByteOffset = frame.nulByteOffset
        return run
    }

    /// Reads the journal of `runID` line by line for its tasks' final records: `completed` is given each task's
    /// record and its place in the order the tasks first appear, as the task's `task_finished` line is read, and at
    /// the end of the journal those of the tasks that never finished, by place: `RUNNING`, `WAITING_TO_RETRY` with its
    /// failed attempt's exit code, signal and duration (``RunRecord/TaskRecord/waitingToRetryStatus``), or `LOST` when
    /// the journal has its end (``RunRecord/TaskRecord/lostStatus``), each with its last attempt's placement, if any.
    /// Tasks that share a key (identical lines) are still apart: a task is its id.
    private func foldTasks(
        of runID: String, _ completed: (RunRecord.TaskRecord, Int) -> Void
    ) throws(HistoryError) -> JournalFrame {
        var unfinished: [Int: (place: Int, task: RunRecord.TaskRecord)] = [:]
        var places = 0
        let frame = try readJournal(
            of: runID, placed: { id, line in unfinished[id]?.task.place(line) },
            attemptFailed: { id, line in unfinished[id]?.task.awaitRetry(line) }
        ) { event, id, key, line in
            var entry: (place: Int, task: RunRecord.TaskRecord)
            if let known = unfinished.removeValue(forKey: id) {
                entry = known
            } else {
                entry = (places, RunRecord.TaskRecord(id: id, key: key, firstLine: line))
                places += 1
            }
            if event == "task_finished" {
                entry.task.finish(line)
                completed(entry.task, entry.place)
            } else {
                entry.task.start(line)
                unfinished[id] = entry
            }
        }
        for entry in unfinished.values.sorted(by: { $0.place < $1.place }) {
            var task = entry.task
            if frame.endTime != nil { task.status = RunRecord.TaskRecord.lostStatus }
            completed(task, entry.place)
        }
        return frame
    }

    /// What a journal's task line says its task was, beside a task of the source (``RunJournalSink``).
    public enum TaskLineKind: Sendable {
        /// A task of the source, as it gave it.
        case task
        /// The task standing for a line of the source the run could not read (`unreadable`).
        case unreadable
        /// The cancelled task of a line after one the line parser refused or left once the run started no more
        /// tasks, not parsed, keyed by its label (`unparsed`).
        case unparsed
    }

    /// Reads the journal of `runID` line by line for its tasks' outcomes, keeping nothing per task: `outcome` is
    /// given each task line's id, key and status (`RUNNING` for a start), and what the task was (a task of the
    /// source, or the stand-in of a line the run could not read or did not parse), in the journal's order, so that
    /// the last call for an id has the task's final status. Returns how the run was started, and whether it finished
    /// (its journal has its `run_finished` line): a finished run's journal has every task of the run, those it never
    /// started as `CANCELLED`, where a killed run's has only those it started; and the result files a resumption
    /// adds to as the journal last recorded them (``ResultFileSizes``), none in a journal of an older prx.
    ///
    /// - Throws: ``HistoryError`` when there is no such run or its journal has no `run_started` line.
    public func readOutcomes(
        of runID: String, _ outcome: (_ id: Int, _ key: String, _ status: String, _ kind: TaskLineKind) -> Void
    ) throws(HistoryError) -> (invocation: RunInvocation, finished: Bool, resultFiles: [RecordedResultFile]) {
        let frame = try readJournal(of: runID) { event, id, key, line in
            guard event == "task_finished" else { return outcome(id, key, RunRecord.TaskRecord.runningStatus, .task) }
            let status = line.string("status") ?? "UNKNOWN"
            // Only a stand-in's line has the mark, and a stand-in is ERROR or CANCELLED (as the journal writes it).
            var kind = TaskLineKind.task
            if status == "ERROR" || status == "CANCELLED" {
                if line.raw("unreadable")?.elementsEqual("true".utf8) == true {
                    kind = .unreadable
                } else if line.raw("unparsed")?.elementsEqual("true".utf8) == true {
                    kind = .unparsed
                }
            }
            outcome(id, key, status, kind)
        }
        return (frame.invocation, frame.endTime != nil && frame.holdsEveryTask, frame.resultFiles)
    }

    /// What a journal says besides its task lines.
    private struct JournalFrame {
        var invocation: RunInvocation
        var startTime: String
        var endTime: String?
        /// Whether the journal has every task of the run: not when its `run_finished` line says `incomplete`, written
        /// by a prx that exited before the run's end (``JournalEnding``), or that could not write the journal whole.
        var holdsEveryTask = true
        /// The run's results that could not be written, as its `run_finished` line says (``RunRecord/sinkErrors``).
        var sinkErrors: [String] = []
        /// Whether its `run_finished` line says a signal interrupted it, and whether once every task had ended, and
        /// why a stop policy halted it.
        var ending = Ending()
        /// Why the stop policy halted the run, as a `run_halted` line read says: of a run not finished too.
        var haltedFor: String?
        /// Why the stop policy halted the run: as its end line says, else as a `run_halted` line read says.
        var haltReason: String? { ending.haltReason ?? haltedFor }
        /// The result files a resumption adds to, with their sizes, as the journal last recorded them; none when a
        /// task's end follows that record (its row may lie past the sizes, and it would not run again).
        var resultFiles: [RecordedResultFile] = []
        /// The user who owns the journal (``RunRecord/owner``).
        var owner: uid_t?
        /// Where the journal holds a NUL byte, which ended its reading (``RunRecord/nulByteOffset``).
        var nulByteOffset: Int?

        /// Finished when the journal has its `run_finished` line (interrupted when that says so, incomplete when it
        /// lacks tasks); otherwise running while its prx lives.
        var state: RunRecord.State {
            if endTime != nil { return holdsEveryTask ? ending.state : .incomplete }
            return RunHistory.isAlive(invocation) ? .running : .killed
        }
    }

    /// Whether a `run_finished` line says the run was interrupted (`interrupted`), and whether once every task had
    /// ended (`interrupted_after_tasks`), and why a stop policy halted it (`halt_reason`).
    private struct Ending {
        var interrupted = false
        var afterTasks = false
        var haltReason: String?

        /// What the line says of `line`, a journal's `run_finished` line.
        init(of line: JournalLine) {
            interrupted = line.raw("interrupted")?.elementsEqual("true".utf8) == true
            afterTasks = interrupted && line.raw("interrupted_after_tasks")?.elementsEqual("true".utf8) == true
            haltReason = line.string("halt_reason")
        }

        /// What the line says of `object`, a journal's `run_finished` line read whole.
        init(of object: [String: Any]) {
            interrupted = object["interrupted"] as? Bool == true
            afterTasks = interrupted && object["interrupted_after_tasks"] as? Bool == true
            haltReason = object["halt_reason"] as? String
        }

        /// A run that has not finished, or whose line does not say it was interrupted.
        init() {}

        /// The state of a run whose journal holds every task and ends with this line.
        var state: RunRecord.State { interrupted ? .interrupted : .finished }
    }

    /// Reads the journal of `runID` line by line, giving `task` each task line (its event, `task_started` or
    /// `task_finished`, its id and key, and the line), `placed` each `task_placed` line and `attemptFailed` each
    /// `attempt_failed` line (its task's id and the line); lines that are not whole objects are left out. With
    /// `resumingAt`, the task lines start at that byte offset, after the `run_started` line. A `runID` that is no run's
    /// id (``isRunID(_:)``: a journal's `resumed_from` someone edited, `../../elsewhere`) is no run of the history: its
    /// name would be a file outside the history, read as the run's verdicts.
    private func readJournal(
        of runID: String, resumingAt offset: Int? = nil,
        placed: (_ id: Int, _ line: JournalLine) -> Void = { _, _ in },
        attemptFailed: (_ id: Int, _ line: JournalLine) -> Void = { _, _ in },
        task: (_ event: String, _ id: Int, _ key: String, _ line: JournalLine) -> Void
    ) throws(HistoryError) -> JournalFrame {
        guard Self.isRunID(runID) else {
            throw HistoryError(
                description: "no run \(runID) in the history (\(directory)): that is not a run id",
                journalReason: "that is not a run id, so no journal of the history (\(directory))")
        }
        let path = journalPath(for: runID)
        let stream: LineStream
        let owner: uid_t?
        do {
            let file = try JournalFile.open(path, ownedBy: trustedWriter)
            owner = (try? FileStatus(ofOpenDescriptor: file.rawValue))?.owner
            stream = LineStream(reading: file, maxLineBytes: Self.maxJournalLineBytes, endingAtNULByte: true)
        } catch {
            switch error {
            case .notARegularFile(let kind):
                throw HistoryError(description: "cannot read the journal \(path): it is \(kind), not a journal")
            case .ownedByAnotherUser(let owner):
                let whose = "the journal \(path) is owned by \(UserName.described(owner)), not by "
                    + "\(UserName.described(trustedWriter ?? owner)), who runs this prx"
                throw HistoryError(
                    description: whose + ": prx does not run what another user's journal names", journalReason: whose)
            case .cannotOpen(let reason):
                try checkReadable()
                // A journal that is there and cannot be opened (another user's, of mode 600; a loop of symbolic
                // links) is a run the history has, which "no run" would deny.
                guard reason == .noSuchFile else {
                    throw HistoryError(description: "cannot read the journal \(path): \(reason)")
                }
                throw .noSuchRun(runID, in: directory)
            }
        }
        var invocation: RunInvocation?
        var startTime = ""
        var endTime: String?
        var holdsEveryTask = true
        var sinkErrors: [String] = []
        var ending = Ending()
        var haltedFor: String?
        var resultFiles: [RecordedResultFile] = []
        // Whether a task ended after the sizes last recorded: written by a line too long to wait for its turn's
        // write, or by a turn whose sizes line a kill cut off after the early write. Cutting back would then take
        // the row of a task that does not run again.
        var anEndFollowsTheSizes = false
        var skipTo = offset
        while true {
            // A line too long to read (a task whose arguments fill megabytes) is left out, not the rest.
            let read: LineStream.Line?
            do {
                read = try stream.nextLine()
            } catch .lineTooLong {
                continue
            } catch {
                break
            }
            guard let text = read?.text else { break }
            guard let line = JournalLine(text), let event = line.string("event") else { continue }
            switch event {
            case "run_started":
                guard let object = Self.object(text) else { continue }
                startTime = object["time"] as? String ?? ""
                do {
                    invocation = try Self.invocation(object, runID: runID)
                } catch {
                    throw HistoryError(description: "the journal \(path) is damaged: its run_started line's \(error)")
                }
                resultFiles = Self.resultFiles(object)
                if let offset = skipTo {
                    skipTo = nil
                    guard (try? stream.skip(to: offset)) != nil else { throw .noSuchRun(runID, in: directory) }
                }
            case "task_started", "task_finished":
                guard let key = line.string("key"), let id = line.integer("id") else { continue }
                if event == "task_finished" { anEndFollowsTheSizes = true }
                task(event, id, key, line)
            case "result_sizes":
                guard let sizes = line.raw("sizes").flatMap(Self.integers), sizes.count == resultFiles.count else {
                    continue
                }
                for (index, size) in sizes.enumerated() { resultFiles[index].size = size }
                anEndFollowsTheSizes = false
            case "result_files":
                resultFiles = Self.object(text).map(Self.resultFiles) ?? []
                anEndFollowsTheSizes = false
            case "task_placed":
                guard let id = line.integer("id") else { continue }
                placed(id, line)
            case "attempt_failed":
                guard let id = line.integer("id") else { continue }
                attemptFailed(id, line)
            case "run_halted":
                haltedFor = line.string("reason")
            case "run_finished":
                endTime = line.string("time")
                holdsEveryTask = line.raw("incomplete")?.elementsEqual("true".utf8) != true
                sinkErrors = line.raw("sink_errors").map(Self.strings) ?? []
                ending = Ending(of: line)
            default:
                continue
            }
        }
        guard let invocation else {
            if let offset = stream.nulByteOffset { throw .notJSONLines(path, nulByteAt: offset) }
            throw HistoryError(description: "the journal \(path) has no run_started line")
        }
        return JournalFrame(
            invocation: invocation, startTime: startTime, endTime: endTime, holdsEveryTask: holdsEveryTask,
            sinkErrors: sinkErrors, ending: ending, haltedFor: haltedFor,
            resultFiles: anEndFollowsTheSizes ? [] : resultFiles, owner: owner, nulByteOffset: stream.nulByteOffset)
    }

    /// The run `runID` with its counts and the tasks that have not finished (`RUNNING`), read line by line from
    /// its journal's last `run_progress` line, or from its start when it has none near its end.
    ///
    /// - Throws: ``HistoryError`` when there is no such run, its journal has no `run_started` line, or the counts of
    ///   its progress line and those of the lines after it add up past the largest `Int` (a damaged line).
    private func unfinishedRun(_ runID: String) throws(HistoryError) -> RunRecord {
        let path = journalPath(for: runID)
        let progress = Self.lastProgress(inJournalAt: path)
        var running = progress?.running ?? [:]
        // Counted apart from the progress line's, which may be anything up to the largest `Int`: a line each.
        var finished = 0
        var counts = StatusCounts()
        let frame = try readJournal(
            of: runID, resumingAt: progress?.end, placed: { id, line in running[id]?.place(line) },
            attemptFailed: { id, line in running[id]?.awaitRetry(line) }
        ) { event, id, key, line in
            if event == "task_finished" {
                running[id] = nil
                finished += 1
                counts.count(statusNamed: line.string("status") ?? "UNKNOWN")
            } else {
                var task = running[id] ?? RunRecord.TaskRecord(id: id, key: key, firstLine: line)
                task.start(line)
                running[id] = task
            }
        }
        guard let taskCount = Self.sum([progress?.finished ?? 0, finished, running.count]),
            let countsInAll = Self.sum(progress?.counts ?? RunCounts(byStatus: StatusCounts()), plus: counts)
        else {
            throw HistoryError(
                description: "the journal \(path) is damaged: its run_progress line's counts are out of range")
        }
        var run = RunRecord(
            runID: runID, invocation: frame.invocation, startTime: frame.startTime, endTime: frame.endTime,
            duration: Self.seconds(from: frame.startTime, to: frame.endTime), state: frame.state,
            runningTasks: running.values.sorted { $0.id < $1.id }, taskCount: taskCount, counts: countsInAll,
            sinkErrors: frame.sinkErrors,
            interrupted: frame.ending.interrupted, interruptedAfterTasks: frame.ending.afterTasks,
            haltReason: frame.haltReason ?? progress?.haltReason, owner: frame.owner)
        run.nulByteOffset = frame.nulByteOffset
        return run
    }

    /// The run `runID` without its tasks, from its journal's first line and its last, when the last is the
    /// `run_finished` line and its totals; `nil` otherwise (the run is running, was killed, or its journal is
    /// unreadable or damaged), for an incomplete run, whose totals leave out the tasks with no end (`LOST`) that its
    /// journal's lines name, and for totals that no run has (a count below 0, or failures that add up past the
    /// largest `Int`: a damaged line, ``counts(_:)``), which the journal's task lines are counted for instead.
    private func finishedRun(_ runID: String) -> RunRecord? {
        let path = journalPath(for: runID)
        guard let last = Self.lastLine(ofFileAt: path), let finish = Self.object(last),
            finish["event"] as? String == "run_finished", let total = Self.count(finish["total"]),
            finish["incomplete"] as? Bool != true,
            let counts = Self.counts(finish), let (start, owner) = journalStart(ofJournalAt: path),
            let invocation = try? Self.invocation(start, runID: runID)
        else { return nil }
        let startTime = start["time"] as? String ?? ""
        let endTime = finish["time"] as? String
        let ending = Ending(of: finish)
        return RunRecord(
            runID: runID, invocation: invocation, startTime: startTime, endTime: endTime,
            duration: Self.seconds(from: startTime, to: endTime), state: ending.state, runningTasks: [],
            taskCount: total, counts: RunCounts(byStatus: counts),
            sinkErrors: finish["sink_errors"] as? [String] ?? [], interrupted: ending.interrupted,
            interruptedAfterTasks: ending.afterTasks, haltReason: ending.haltReason, owner: owner)
    }

    /// A count of tasks as a journal line's member holds it: a whole number, 0 or more; `nil` for anything else.
    private static func count(_ member: Any?) -> Int? {
        (member as? Int).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The counts by status a `run_finished` or `run_progress` line holds (``StatusCounts/names``), a member it lacks
    /// as 0; `nil` when one is not a count (``count(_:)``) or the failures add up past the largest `Int`
    /// (``sum(_:_:)``).
    private static func counts(_ line: [String: Any]) -> StatusCounts? {
        var counts = StatusCounts()
        for (status, name) in StatusCounts.names where line[name] != nil {
            guard let count = count(line[name]) else { return nil }
            counts[status] = count
        }
        return sum(counts, StatusCounts())
    }

    /// `first` and `second` added up; `nil` when a count, or the failures of the sum (``StatusCounts/failures``),
    /// pass the largest `Int`, which the counts of a damaged journal can.
    private static func sum(_ first: StatusCounts, _ second: StatusCounts) -> StatusCounts? {
        var total = StatusCounts()
        for status in TaskStatus.allCases {
            guard let count = sum([first[status], second[status]]) else { return nil }
            total[status] = count
        }
        guard sum(TaskStatus.allCases.filter(\.isFailure).map { total[$0] }) != nil else { return nil }
        return total
    }

    /// `first` and `second` added up, by status where `first` has counts by status; `nil` past the largest `Int`
    /// (``sum(_:_:)``, ``sum(_:)``), which the counts of a damaged journal can add up to.
    private static func sum(_ first: RunCounts, plus second: StatusCounts) -> RunCounts? {
        if let byStatus = first.byStatus {
            return sum(byStatus, second).map { RunCounts(byStatus: $0) }
        }
        guard let succeeded = sum([first.succeeded, second.succeeded]),
            let failures = sum([first.failures] + TaskStatus.allCases.filter(\.isFailure).map { second[$0] })
        else { return nil }
        return RunCounts(succeeded: succeeded, failures: failures)
    }

    /// `counts` added up; `nil` past the largest `Int`, which the counts of a damaged journal can add up to.
    private static func sum(_ counts: [Int]) -> Int? {
        var total = 0
        for count in counts {
            let (added, overflow) = total.addingReportingOverflow(count)
            guard !overflow else { return nil }
            total = added
        }
        return total
    }

    /// What a `run_progress` line says, and where the lines after it start.
    private struct Progress {
        var finished: Int
        var counts: RunCounts
        var running: [Int: RunRecord.TaskRecord]
        /// Why the stop policy halted the run, when it had (`halt_reason`).
        var haltReason: String?
        /// The byte offset of the line after it.
        var end: Int
    }

    /// The last whole `run_progress` line in the journal at `path`, looked for in its last 1, 2, 4, 8 and then
    /// 16 MiB (a line is written every second or so); `nil` when there is none there, and at once for a journal that
    /// ends in a NUL byte, a hole's or a machine crash's, which is read from its start to its first NUL byte.
    private static func lastProgress(inJournalAt path: String) -> Progress? {
        let marker = Array("\n{\"event\":\"run_progress\"".utf8)
        var length = 1 << 20
        while let tail = tail(ofFileAt: path, length: length) {
            guard tail.bytes.last != 0 else { return nil }
            var searchEnd = tail.bytes.count
            while let found = lastIndex(of: marker, in: tail.bytes, before: searchEnd) {
                let lineStart = found + 1
                if let lineEnd = tail.bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")),
                    let progress = progress(String(decoding: tail.bytes[lineStart..<lineEnd], as: UTF8.self),
                        end: tail.start + lineEnd + 1, inJournalAt: path)
                {
                    return progress
                }
                searchEnd = found
            }
            if tail.start == 0 || length >= 16 << 20 { return nil }
            length *= 2
        }
        return nil
    }

    /// The last `length` bytes of the file at `path` (all of it when shorter) and the offset they start at; `nil`
    /// when the file cannot be read, is empty, or is no regular file (``JournalFile``).
    private static func tail(ofFileAt path: String, length: Int) -> (bytes: [UInt8], start: Int)? {
        guard let file = handle(ofJournalAt: path) else { return nil }
        defer { try? file.close() }
        guard let size = try? file.seekToEnd(), size > 0 else { return nil }
        let start = size - min(UInt64(length), size)
        guard (try? file.seek(toOffset: start)) != nil, let bytes = try? file.read(upToCount: Int(size - start))
        else { return nil }
        return ([UInt8](bytes), Int(start))
    }

    /// The first `length` bytes of the file at `path` (all of it when shorter); `nil` when it cannot be read or is
    /// no regular file (``JournalFile``).
    private static func head(ofFileAt path: String, length: Int) -> ArraySlice<UInt8>? {
        guard let file = handle(ofJournalAt: path) else { return nil }
        defer { try? file.close() }
        guard let bytes = try? file.read(upToCount: length) else { return nil }
        return ArraySlice(bytes)
    }

    /// The journal at `path` open for reading (``JournalFile``); `nil` when it cannot be opened or is no regular file.
    private static func handle(ofJournalAt path: String) -> FileHandle? {
        (try? JournalFile.open(path)).map { FileHandle(fileDescriptor: $0.rawValue, closeOnDealloc: true) }
    }

    /// The start of the last `pattern` in `bytes` that ends at or before `end`.
    private static func lastIndex(of pattern: [UInt8], in bytes: [UInt8], before end: Int) -> Int? {
        var index = end - pattern.count
        while index >= 0 {
            if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index
            }
            index -= 1
        }
        return nil
    }

    /// The `run_progress` line `text` of the journal at `path`, whose next line starts at `end`. A running task's
    /// long label (``RunJournalSink/longestRepeatedLabel``) that is not where the line says is left empty: the journal
    /// was cut back after a failed write (a full disk), which took the task's `task_started` line with it, and the
    /// offsets the writer kept for the tasks then running point into lines written since. The line says the rest
    /// still, where the journal read whole would lose those tasks, and be read whole for as long as they run. A line
    /// of an older prx, without `failures`, whose `failed` counted every failure, gives successes and failures alone
    /// (``RunCounts``). A line whose counts are below 0 (damaged) is `nil`.
    private static func progress(_ text: String, end: Int, inJournalAt path: String) -> Progress? {
        guard let object = object(text), let finished = count(object["finished"]),
            let counts = runCounts(object), let tasks = object["running"] as? [[String: Any]]
        else { return nil }
        var running: [Int: RunRecord.TaskRecord] = [:]
        for task in tasks {
            guard let id = task["id"] as? Int, let key = task["key"] as? String else { continue }
            var label = task["label"] as? String ?? ""
            if let offset = task["start_line_offset"] as? Int {
                label = Self.label(ofTask: id, key: key, startedAt: offset, inJournalAt: path) ?? ""
            }
            let attempt = task["attempt"] as? Int ?? 0
            // A placed task has both members, either `null` when not known.
            let placement = task["job_id"] == nil && task["host"] == nil
                ? nil
                : RunRecord.Placement(
                    attempt: attempt, jobID: task["job_id"] as? String, host: task["host"] as? String)
            var record = RunRecord.TaskRecord(
                id: id, key: key, label: label, status: RunRecord.TaskRecord.runningStatus, exitCode: nil,
                duration: nil, attempts: attempt, startTime: task["time"] as? String, placement: placement)
            record.retryWaitSince = task["retry_wait_since"] as? String
            if record.retryWaitSince != nil { record.status = RunRecord.TaskRecord.waitingToRetryStatus }
            running[id] = record
        }
        let haltReason = object["halt_reason"] as? String
        return Progress(finished: finished, counts: counts, running: running, haltReason: haltReason, end: end)
    }

    /// The counts a `run_progress` line holds: by status (``counts(_:)``), or, in a line of an older prx, which has no
    /// `failures`, `succeeded` and `failed`, which counted every failure; `nil` when one is not a count (a damaged
    /// line).
    private static func runCounts(_ progress: [String: Any]) -> RunCounts? {
        guard progress[StatusCounts.failuresName] == nil else {
            return counts(progress).map { RunCounts(byStatus: $0) }
        }
        guard let succeeded = count(progress["succeeded"]), let failures = count(progress["failed"]) else {
            return nil
        }
        return RunCounts(succeeded: succeeded, failures: failures)
    }

    /// The label of task `id` from its `task_started` line at byte `offset` of the journal at `path`, which a
    /// `run_progress` line names rather than repeat a long label; `nil` when no such line starts there (the journal
    /// was cut back after a failed write).
    private static func label(ofTask id: Int, key: String, startedAt offset: Int, inJournalAt path: String) -> String? {
        guard let file = try? JournalFile.open(path),
            case let stream = LineStream(reading: file, maxLineBytes: maxJournalLineBytes, endingAtNULByte: true),
            (try? stream.skip(to: offset)) != nil, let text = (try? stream.nextLine())?.text,
            let line = JournalLine(text), line.string("event") == "task_started", line.integer("id") == id,
            line.string("key") == key
        else { return nil }
        return line.string("label")
    }

    /// The JSON object on a journal line; `nil` for a line that is not one (a torn last line).
    private static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// The strings of a JSON array of strings, a journal line's member as it is written; none for other JSON.
    private static func strings(_ array: ArraySlice<UInt8>) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(array))) as? [String] ?? []
    }

    /// The numbers of a JSON array of integers 0 or more as the journal writes it (`[120,4096]`, digits and commas
    /// alone), read without a JSON parser, as a resumption reads one such line per turn; `nil` for anything else.
    private static func integers(_ array: ArraySlice<UInt8>) -> [Int]? {
        guard array.first == UInt8(ascii: "["), array.last == UInt8(ascii: "]") else { return nil }
        var numbers: [Int] = []
        let fields = array.dropFirst().dropLast().split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        for field in fields {
            var number = 0
            for byte in field {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let (times10, overflow) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflowAgain) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !overflow, !overflowAgain else { return nil }
                number = sum
            }
            guard !field.isEmpty else { return array.count == 2 ? [] : nil }
            numbers.append(number)
        }
        return numbers
    }

    /// The result files a `run_started` or `result_files` line lists (``ResultFileSizes``); none when it lists none, or
    /// a record that is not whole.
    private static func resultFiles(_ object: [String: Any]) -> [RecordedResultFile] {
        guard let list = object["result_files"] as? [[String: Any]] else { return [] }
        let files = list.compactMap(RecordedResultFile.init(journalObject:))
        return files.count == list.count ? files : []
    }

    /// The directory a `run_started` line's `cwd` names: `nil` for `null`, and for the empty path that an earlier prx
    /// recorded a directory it could not tell as; `/` for a line without one.
    private static func workingDirectory(recordedAs cwd: Any?) -> String? {
        guard let cwd else { return "/" }
        return (cwd as? String).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The bytes of the directory's path a `run_started` line's `cwd_bytes` records (one that is not UTF-8); `nil` for
    /// a line without it, as a path that is UTF-8 and a journal of an older prx have none.
    ///
    /// - Throws: ``DamagedStartLine`` for anything but a list of numbers from 1 to 255, which no path holds (a `0`
    ///   would end it early, so that `--resume` entered another directory).
    private static func workingDirectoryBytes(recordedAs recorded: Any?) throws(DamagedStartLine) -> [UInt8]? {
        guard let recorded else { return nil }
        let numbers = recorded as? [NSNumber] ?? []
        let bytes = numbers.compactMap { ($0 as? Int).flatMap(UInt8.init(exactly:)) }.filter { $0 != 0 }
        guard !bytes.isEmpty, bytes.count == numbers.count else { throw .notA("a list of bytes", "cwd_bytes") }
        return bytes
    }

    /// A member of a `run_started` line that no run writes: a number its member cannot hold, or a value of another
    /// type than prx writes there. The journal is damaged.
    private struct DamagedStartLine: Error, CustomStringConvertible {
        /// What is wrong, after "its run_started line's": `pid is out of range (2147483648)`.
        var description: String

        /// The number `value` of `member` is one `member` cannot hold.
        static func outOfRange(_ member: String, _ value: NSNumber) -> DamagedStartLine {
            DamagedStartLine(description: "\(member) is out of range (\(value))")
        }

        /// `member` holds something other than `type`, the kind of value prx writes there.
        static func notA(_ type: String, _ member: String) -> DamagedStartLine {
            DamagedStartLine(description: "\(member) is not \(type)")
        }
    }

    /// The number `member` of the `run_started` line `started` as a `Value`; `nil` when it has none, or something
    /// that is no number, as a journal of an older prx lacks it.
    ///
    /// - Throws: ``DamagedStartLine`` for a number that is not a `Value` (a process id past `Int32`, a negative start
    ///   time), where converting it trapped and took every command reading the history down with it.
    private static func number<Value: FixedWidthInteger>(
        _ member: String, of started: [String: Any], as type: Value.Type
    ) throws(DamagedStartLine) -> Value? {
        guard let recorded = started[member] as? NSNumber else { return nil }
        guard let value = (recorded as? Int).flatMap(Value.init(exactly:)) else {
            throw .outOfRange(member, recorded)
        }
        return value
    }

    /// How the run was started, from its `run_started` line.
    ///
    /// - Throws: ``DamagedStartLine`` for a process id or start time that no process has, for a start time that
    ///   is no string or arguments that are no list of strings, which the history showed as no time (`started ,`)
    ///   and no flags (`Command: prx`), and for a `cwd_bytes` that is no path's bytes.
    private static func invocation(_ started: [String: Any], runID: String) throws(DamagedStartLine) -> RunInvocation {
        if let time = started["time"], !(time is String) {
            throw .notA("a string", "time")
        }
        if let arguments = started["arguments"], !(arguments is [String]) {
            throw .notA("a list of strings", "arguments")
        }
        var orphanGuard: OrphanGuardRecord?
        if let guardID = try number("guard_pid", of: started, as: Int32.self) {
            orphanGuard = OrphanGuardRecord(
                processID: guardID, processStartTicks: try number("guard_pid_start", of: started, as: UInt64.self),
                token: started["guard_token"] as? String ?? "", stopGrace: started["stop_grace"] as? Double ?? 0)
        }
        return RunInvocation(
            runID: started["run"] as? String ?? runID,
            programName: started["program"] as? String,
            arguments: started["arguments"] as? [String] ?? [],
            workingDirectory: workingDirectory(recordedAs: started["cwd"]),
            workingDirectoryBytes: try workingDirectoryBytes(recordedAs: started["cwd_bytes"]),
            processID: try number("pid", of: started, as: Int32.self) ?? 0,
            processStartTicks: try number("pid_start", of: started, as: UInt64.self),
            configuration: Dictionary(
                (started["configuration"] as? [String] ?? []).compactMap { pair in
                    pair.firstIndex(of: "=").map {
                        (String(pair[..<$0]), String(pair[pair.index(after: $0)...]))
                    }
                },
                uniquingKeysWith: { _, last in last }),
            orphanGuard: orphanGuard,
            reportsPlacements: started["reports_placements"] as? Bool == true,
            taskTotal: (started["total"] as? Int).flatMap { $0 >= 0 ? $0 : nil })
    }

    /// The last line of the file at `path`, its line end left out, read from the file's last 64 KiB; `nil` when
    /// the file cannot be read or has no whole line there.
    private static func lastLine(ofFileAt path: String) -> String? {
        guard let tail = tail(ofFileAt: path, length: 64 * 1024), tail.bytes.last == UInt8(ascii: "\n") else {
            return nil
        }
        let body = tail.bytes.dropLast()
        guard let newline = body.lastIndex(of: UInt8(ascii: "\n")) ?? (tail.start == 0 ? body.startIndex - 1 : nil)
        else { return nil }
        return String(decoding: body[(newline + 1)...], as: UTF8.self)
    }

    /// Deletes the journals of the runs that are not going but the `count` that started last, so that once the runs
    /// going now have ended (each pruning as it ends) no more than `count` remain. Only the journals of the user prx
    /// runs as (its effective user) are counted and deleted: in a history others write to (a shared `PRX_HOME`),
    /// another user's runs are theirs to keep or clear, where a directory that let prx delete them lost them to the
    /// `keep_runs` of whichever user ran last. Never deleted are the journal of
    /// a run still going, kept besides the `count`: its prx goes on writing it, and `prx status` and `--resume` read
    /// it; nor one that a kept run resumed (`resumed_from`, step by step), which a `--resume` of the kept run reads to
    /// leave out what succeeded there (without it, it ran those tasks again): so at 0 too, where a run still going is
    /// kept with the runs it resumed; nor one being resumed (``isBeingResumed(_:)``), before the run resuming it has a
    /// journal naming it. Deletes too the drafts of journals whose prx is gone (``removeAbandonedDrafts()``). Returns
    /// the identifiers of the runs removed: not those whose journals could not be deleted (``Pruning/undeleted``).
    ///
    /// The prx that prune one history take turns (``DirectoryLock`` on its directory, waited for ``prunePatience``
    /// at most, and the pruning left to the next prx should another hold it longer), so that each judges the journals
    /// as the one before left them: side by side, one could find no start in a journal the other was deleting, and
    /// order it by its id alone (as the newest, for an id naming a time east of UTC), in place of a run to keep.
    @discardableResult
    public func prune(keeping count: Int) -> [String] {
        pruning(keeping: count).removed
    }

    /// What a pruning did: the runs whose journals it deleted, in the order it chose them, the journals it chose
    /// and could not delete (a read-only file system), and how many runs of other users it left.
    public struct Pruning: Sendable {
        /// The identifiers of the runs removed.
        public var removed: [String] = []
        /// Each journal not deleted, by path, and the system's reason (`Read-only file system`), in the order chosen.
        public var undeleted: [(path: String, reason: String)] = []
        /// How many journals of other users the history holds, which are not pruned: counted once there are more
        /// journals than are kept, 0 before.
        public var othersLeft = 0
    }

    /// Prunes as ``prune(keeping:)`` does, and says what it could not delete.
    private func pruning(keeping count: Int) -> Pruning {
        let lock: DirectoryLock?
        do {
            lock = try DirectoryLock(path: directory, patience: Self.prunePatience)
        } catch .busy {
            return Pruning()
        } catch {
            // Not there yet (nothing to prune), or on a file system without such locks: pruned alone, as it can.
            lock = nil
        }
        defer { lock?.release() }
        removeAbandonedDrafts()
        // No more journals than are kept, going or not: nothing to prune, and none need be read to tell, where each
        // run read every journal of the history four times or so as it started and as it ended.
        let listed = listedRunIDs()
        guard listed.count > count else { return Pruning() }
        let user = geteuid()
        var outcome = Pruning()
        var own: Set<String> = []
        for id in listed {
            // One gone meanwhile is no one's.
            guard let owner = journalOwner(of: id) else { continue }
            if owner == user { own.insert(id) } else { outcome.othersLeft += 1 }
        }
        guard own.count > count else { return outcome }
        let ids = ordered(listed)
        let ended = ids.filter { own.contains($0) && !self.isGoing($0) }
        guard ended.count > count else { return outcome }
        var removed = Array(ended.prefix(ended.count - count))
        // A run a prx is resuming is kept as a run going is, and so are the runs it resumed in turn, which the
        // resumption reads with it: they were deleted while it waited for the run's tasks to end.
        removed.removeAll { isBeingResumed($0) }
        let removing = Set(removed)
        var needed: Set<String> = []
        for id in ids where !removing.contains(id) {
            var next = resumedRun(of: id)
            while let earlier = next, needed.insert(earlier).inserted {
                next = resumedRun(of: earlier)
            }
        }
        removed.removeAll { needed.contains($0) }
        for id in removed {
            let path = journalPath(for: id)
            // One gone already is removed all the same: the history no longer has it.
            if unlink(path) == 0 || errno == ENOENT {
                outcome.removed.append(id)
            } else {
                outcome.undeleted.append((path, Errno.current.description))
            }
        }
        return outcome
    }

    /// The user who owns the journal of `runID`, as its name in the directory is (a symbolic link not followed: what
    /// deleting it removes); `nil` when there is none, or what is at its name is no file a journal can be: a
    /// directory, a FIFO, a socket or a device, which no reading of the history takes (``JournalFile``), is no run, and
    /// is left as it is, where pruning and `--clear` counted it among the user's runs (and failed to delete a
    /// directory, or deleted a FIFO), and one named newer than any run took a place `keep_runs` keeps.
    ///
    /// The corresponding C function is `lstat`.
    public func journalOwner(of runID: String) -> uid_t? {
        guard let status = try? FileStatus(ofNameAt: journalPath(for: runID)),
            status.type == S_IFREG || status.type == S_IFLNK
        else { return nil }
        return status.owner
    }

    /// Whether a prx is resuming run `runID`: it holds a lock (`flock`) on the run's journal from before it reads it
    /// until its own run ends, the journal of which names the run it resumed only once it is made, which may be
    /// seconds later (a killed run's tasks are waited for first).
    ///
    /// The corresponding C functions are `open` (``JournalFile``) and `flock` (`LOCK_SH | LOCK_NB`, let go at once).
    private func isBeingResumed(_ runID: String) -> Bool {
        guard let journal = try? JournalFile.open(journalPath(for: runID)) else { return false }
        defer { journal.close() }
        return flock(journal.rawValue, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }

    /// How long ``prune(keeping:)`` waits for another prx pruning the history: pruning takes a few milliseconds.
    static let prunePatience = Duration.seconds(5)

    /// Deletes the drafts of journals (`<id>.jsonl.new`) left by a prx killed between writing its journal's
    /// `run_started` line there and renaming it into place: those whose prx is gone. A draft whose prx lives is left
    /// alone, for it to rename; one holding no whole line yet (its prx killed before writing it, or writing it now)
    /// is told by the PID its id ends with. Such drafts are never listed, so that they stayed forever. Only the user's
    /// own drafts are deleted, as only their journals are pruned.
    private func removeAbandonedDrafts() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasSuffix(".jsonl.new") {
            let runID = String(name.dropLast(10))
            guard Self.isRunID(runID) else { continue }
            let path = directory + "/" + name
            guard (try? FileStatus(ofNameAt: path))?.owner == geteuid() else { continue }
            let lives: Bool
            if let start = startLine(ofJournalAt: path) {
                lives = (try? Self.invocation(start, runID: runID)).map(Self.isAlive) ?? false
            } else {
                let processID = runID.lastIndex(of: "-").flatMap { Int32(runID[runID.index(after: $0)...]) }
                lives = processID.flatMap(ProcessStart.ticks(of:)) != nil
            }
            // A file: a directory at a draft's name is no draft, and is left with what it holds.
            if !lives { unlink(path) }
        }
    }

    /// How run `runID` was started, from its journal's first line; `nil` when it has no such run or its journal
    /// does not begin with its `run_started` line, or a number there is out of range (a damaged journal).
    public func invocation(of runID: String) -> RunInvocation? {
        startedRun(runID)?.invocation
    }

    /// How run `runID` was started, from its journal's first line, and the user who owns the journal
    /// (``journalStart(ofJournalAt:mentioning:)``); `nil` as for ``invocation(of:)``, and, with `text`, when the line
    /// does not hold it. A `runID` that is no run's id (``isRunID(_:)``: an edited `resumed_from`, which pruning
    /// follows) names no journal of the history, and no file outside it is read for it.
    func startedRun(_ runID: String, mentioning text: String? = nil) -> (invocation: RunInvocation, owner: uid_t)? {
        guard Self.isRunID(runID),
            let (start, owner) = journalStart(ofJournalAt: journalPath(for: runID), mentioning: text),
            let invocation = try? Self.invocation(start, runID: runID)
        else { return nil }
        return (invocation, owner)
    }

    /// Which of the tasks `ids` run `runID` finished: its journal has their `task_finished` lines. Reads the whole
    /// journal, keeping only those; none when it cannot be read.
    public func finishedTasks(of runID: String, among ids: Set<Int>) -> Set<Int> {
        var finished: Set<Int> = []
        _ = try? readJournal(of: runID) { event, id, _, _ in
            if event == "task_finished" && ids.contains(id) { finished.insert(id) }
        }
        return finished
    }

    /// The run that run `runID` resumed (`resumed_from` in its `run_started` line), if any.
    private func resumedRun(of runID: String) -> String? {
        invocation(of: runID)?.configuration[Self.resumedFromEntry]
    }

    /// Deletes every journal of the user prx runs as but those of runs still going and of the runs they resumed (step
    /// by step), and the user's drafts of journals whose prx is gone; returns what it deleted, what it could not, and
    /// how many runs of other users it left.
    @discardableResult
    public func clear() -> Pruning {
        pruning(keeping: 0)
    }

    /// Whether run `runID` is still going: its journal has no `run_finished` line yet and the prx that writes it
    /// lives.
    public func isGoing(_ runID: String) -> Bool {
        let path = journalPath(for: runID)
        if let last = Self.lastLine(ofFileAt: path), Self.object(last)?["event"] as? String == "run_finished" {
            return false
        }
        guard let start = startLine(ofJournalAt: path), let invocation = try? Self.invocation(start, runID: runID)
        else { return false }
        return Self.isAlive(invocation)
    }

    /// The `run_started` line the journal at `path` begins with, as an object; `nil` when it begins otherwise or
    /// cannot be read (no regular file among them, ``JournalFile``), or another user than ``trustedWriter`` owns it.
    private func startLine(ofJournalAt path: String) -> [String: Any]? {
        journalStart(ofJournalAt: path)?.start
    }

    /// The `run_started` line the journal at `path` begins with (``startLine(ofJournalAt:)``), and the user who owns
    /// the journal, looked at through the descriptor the line is read from; with `text`, `nil` for a line that does not
    /// hold it, which is not parsed: looking through every journal of a history for the few that name a run, parsing
    /// each line took two fifths of the time.
    private func journalStart(
        ofJournalAt path: String, mentioning text: String? = nil
    ) -> (start: [String: Any], owner: uid_t)? {
        guard let file = try? JournalFile.open(path, ownedBy: trustedWriter) else { return nil }
        // The stream closes the file.
        let stream = LineStream(reading: file, endingAtNULByte: true)
        guard let owner = (try? FileStatus(ofOpenDescriptor: file.rawValue))?.owner,
            let first = (try? stream.nextLine()) ?? nil, text.map(first.text.contains) ?? true,
            let start = Self.object(first.text), start["event"] as? String == "run_started"
        else { return nil }
        return (start, owner)
    }

    /// Whether the prx that wrote the journal of `invocation` still lives: its process id names a process that
    /// started when it did. A journal from before prx recorded that start falls back on the process's command line
    /// naming prx.
    private static func isAlive(_ invocation: RunInvocation) -> Bool {
        let processID = invocation.processID
        guard processID > 0 else { return false }
        if let recorded = invocation.processStartTicks {
            return ProcessStart.ticks(of: processID) == recorded
        }
        guard kill(processID, 0) == 0 || errno == EPERM else { return false }
        let commandLine = FileManager.default.contents(atPath: "/proc/\(processID)/cmdline") ?? Data()
        return String(decoding: commandLine, as: UTF8.self).contains("prx")
    }

    /// The seconds from the journal time `start` to `end` (``JournalTime``), to the microsecond; `nil` without an end.
    private static func seconds(from start: String, to end: String?) -> Double? {
        guard let end, let from = JournalTime.microseconds(ofJournalTime: start),
            let to = JournalTime.microseconds(ofJournalTime: end)
        else { return nil }
        return Double(to - from) / 1_000_000
    }
}

extension RunRecord.TaskRecord {
    /// A task as the first of its journal lines shows it: running, no attempt yet.
    fileprivate init(id: Int, key: String, firstLine line: JournalLine) {
        self.init(
            id: id, key: key, label: line.string("label") ?? "", status: Self.runningStatus, exitCode: nil,
            duration: nil, attempts: 0)
    }

    /// Takes in a `task_started` line: an attempt began, not placed yet.
    fileprivate mutating func start(_ line: JournalLine) {
        attempts = line.integer("attempt") ?? attempts
        startTime = line.string("time")
        placement = nil
        status = Self.runningStatus
        (exitCode, signal, duration, retryWaitSince) = (nil, nil, nil, nil)
    }

    /// Takes in an `attempt_failed` line of its running attempt: the task waits to run again, its attempt's place
    /// gone with it, and the attempt's exit code, signal and duration are what is known of it.
    fileprivate mutating func awaitRetry(_ line: JournalLine) {
        guard line.integer("attempts") ?? attempts == attempts else { return }
        status = Self.waitingToRetryStatus
        retryWaitSince = line.string("end_time")
        placement = nil
        exitCode = line.integer("exit_code")
        signal = line.integer("signal")
        duration = line.number("duration")
    }

    /// Takes in a `task_placed` line of its running attempt: where it runs now.
    fileprivate mutating func place(_ line: JournalLine) {
        let attempt = line.integer("attempt") ?? attempts
        guard attempt == attempts else { return }
        placement = RunRecord.Placement(attempt: attempt, jobID: line.string("job_id"), host: line.string("host"))
    }

    /// Takes in the task's `task_finished` line.
    fileprivate mutating func finish(_ line: JournalLine) {
        status = line.string("status") ?? "UNKNOWN"
        exitCode = line.integer("exit_code")
        signal = line.integer("signal")
        duration = line.number("duration")
        attempts = line.integer("attempts") ?? attempts
        feedback = line.raw("feedback").flatMap { feedback in
            guard feedback.first == UInt8(ascii: "{") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(feedback))) as? [String: String]
        }
        // Only a placed task's line is read for its place: the result's job id and host are the executor's last word.
        if let placed = placement {
            let jobID = line.string("job_id"), host = line.string("host")
            if jobID != nil || host != nil {
                placement = RunRecord.Placement(attempt: placed.attempt, jobID: jobID, host: host)
            }
        }
    }
}
