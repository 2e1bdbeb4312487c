import Foundation
import PRXKernel

/// One past (or running) run, as its journal tells it.
public struct RunRecord: Sendable, Hashable {
    /// Whether a run got to its end.
    public enum State: String, Sendable, Hashable {
        /// The journal has its `run_finished` line, and the run got to its end (a stop policy's halt, which cancels
        /// the tasks not started, included).
        case finished
        /// The journal has a `run_finished` line saying `interrupted`: a signal to prx (SIGINT, SIGTERM, SIGHUP)
        /// stopped its running tasks and cancelled the rest, or, once every task had ended, cut short what was done
        /// with the run's end, a recipe's `on_done` (``RunRecord/interruptedAfterTasks``).
        case interrupted
        /// No `run_finished` line, and its prx is still alive.
        case running
        /// No `run_finished` line, and its prx is gone: killed, or the machine went down.
        case killed
        /// The journal has a `run_finished` line saying `incomplete`: its prx exited before the run's end (Lua code
        /// that would not return after a signal, ``JournalEnding``), or could not write the journal whole (a full
        /// disk, ``RunJournalSink``), and the journal lacks the ends of tasks, which show as
        /// ``TaskRecord/lostStatus``. A signal that interrupted it too is ``RunRecord/interrupted``.
        case incomplete
    }

    /// Where an attempt of a task runs, or ran, as its executor reported it (``PRXKernel/TaskPlacement``): a cluster's
    /// job id and host.
    public struct Placement: Sendable, Hashable {
        /// The attempt's number, 1 for the first.
        public var attempt: Int
        /// The executor's handle for the attempt, a cluster's job id; `nil` when it did not say (yet).
        public var jobID: String?
        /// The host the attempt runs on; `nil` when the executor did not say (yet).
        public var host: String?

        /// Creates a placement.
        public init(attempt: Int, jobID: String?, host: String?) {
            self.attempt = attempt
            self.jobID = jobID
            self.host = host
        }
    }

    /// The final outcome of one task in the run.
    public struct TaskRecord: Sendable, Hashable {
        /// The task's id in that run.
        public var id: Int
        /// ``TaskIdentity`` key.
        public var key: String
        /// The task's label.
        public var label: String
        /// Its final status (`SUCCESS`, …); `RUNNING` when it started and has not finished (in a killed run, when it
        /// was killed), ``waitingToRetryStatus`` when an attempt failed and it waits to run again (in a killed run,
        /// when it was killed), ``lostStatus`` when the run ended without its end.
        public var status: String
        /// Its exit code, when it exited: of a task waiting to retry, its failed attempt's, as its signal and its
        /// duration are.
        public var exitCode: Int?
        /// The signal that ended it, when one did.
        public var signal: Int?
        /// Seconds it ran.
        public var duration: Double?
        /// Attempts that ran.
        public var attempts: Int
        /// When its last attempt started, as the journal wrote it.
        public var startTime: String?
        /// Its final feedback (`[key]value` lines), when it had a feedback file.
        public var feedback: [String: String]?
        /// Where its last attempt runs, or ran, in a run whose executor reports placements
        /// (``RunInvocation/reportsPlacements``): as the last `task_placed` line of that attempt says, and, once the
        /// task finished, as its result says (the executor's last word) when that names a job id or a host. `nil` when
        /// the attempt was not placed (yet), and in any other run.
        public var placement: Placement?
        /// When its last attempt failed, as the journal wrote it, while the task, not finished, waits out its retry
        /// delay or for a worker to run again (``PRXKernel/RetryPolicy``); `nil` while an attempt runs, and once it
        /// finished.
        public var retryWaitSince: String?

        /// The status of a task whose attempt is running, or was when its run was killed.
        public static let runningStatus = "RUNNING"
        /// The status of a task that started in a run whose journal ended without the task's end (an
        /// ``State/incomplete`` run): what became of it is not known.
        public static let lostStatus = "LOST"
        /// The status of a task one of whose attempts failed and that waits to run again (``retryWaitSince``), or
        /// waited when its run was killed: it has not finished, and its next attempt never started.
        public static let waitingToRetryStatus = "WAITING_TO_RETRY"
        /// The statuses of a task that started and whose end the journal does not have: ``runningStatus``,
        /// ``waitingToRetryStatus`` and ``lostStatus``.
        public static let unfinishedStatuses: Set<String> = [runningStatus, waitingToRetryStatus, lostStatus]

        /// A task's record.
        public init(
            id: Int, key: String, label: String, status: String, exitCode: Int?, signal: Int? = nil,
            duration: Double?, attempts: Int, startTime: String? = nil, feedback: [String: String]? = nil,
            placement: Placement? = nil
        ) {
            self.id = id
            self.key = key
            self.label = label
            self.status = status
            self.exitCode = exitCode
            self.signal = signal
            self.duration = duration
            self.attempts = attempts
            self.startTime = startTime
            self.feedback = feedback
            self.placement = placement
        }
    }

    /// The run's identifier.
    public var runID: String
    /// How it was started.
    public var invocation: RunInvocation
    /// When it started, as the journal wrote it (local ISO 8601, with its offset from UTC).
    public var startTime: String
    /// When it finished, as the journal wrote it; `nil` when it did not.
    public var endTime: String?
    /// Seconds from start to finish; `nil` when it did not finish.
    public var duration: Double?
    /// Whether it finished, was interrupted, runs, or was killed, or its prx exited before its end.
    public var state: State
    /// The tasks still running (or, in a killed run, running when it was killed), by id; none in a finished run.
    /// ``RunHistory/forEachTask(of:_:)`` gives every task, one at a time, and leaves this empty.
    public var runningTasks: [TaskRecord]
    /// How many tasks started or finished.
    public var taskCount: Int
    /// The tasks by final status: those still running (or, in a killed run, running when it was killed) and those
    /// without an end (``TaskRecord/lostStatus``) are in none. Of a running or killed run of an older prx, only
    /// successes and failures (``RunCounts/byStatus`` is `nil`).
    public var counts: RunCounts
    /// Why results of a finished run could not all be written (a log on a full disk, a deleted log directory): the
    /// first error of each of its sinks that failed, as its journal's end line records them (`sink_errors`), which
    /// failed the run (exit status 1). None for a run that wrote them all, one not finished, or one whose journal
    /// does not say (written by an older prx, or by a prx that exited before the run's end).
    public var sinkErrors: [String] = []
    /// Whether a signal to prx interrupted the run, as its end line says (`interrupted`): every ``State/interrupted``
    /// run, and an ``State/incomplete`` one whose journal lacks tasks besides (lines a full disk cost it, or results a
    /// Lua call that would not give way to the signal held up).
    public var interrupted = false
    /// Whether the signal that interrupted the run came once every task had ended (`interrupted_after_tasks`), so
    /// that no task was stopped or cancelled; `false` for a run not ``interrupted``.
    public var interruptedAfterTasks = false
    /// Why a stop policy halted the run (the summary report's `- Halted:`), as its journal says: its end line's
    /// `halt_reason`, or, of a run still going or killed, its `run_halted` line; `nil` for a run no policy halted.
    public var haltReason: String?
    /// The user who owns the run's journal, which its prx made: the user the run ran as. In a history others can write
    /// to (a shared `PRX_HOME`), another user's run is listed with its owner (`prx history`, `prx status`); `nil` when
    /// the journal could not be looked at.
    public var owner: uid_t?
    /// The run this one resumed (`--resume`, `--resume-failed`), as its journal's `run_started` line names it
    /// (`resumed_from`): not when that run's journal is there and owned by another user than this one's
    /// (``RunHistory/countsAsResumption(byOwner:ofRunOwnedBy:)``). `nil` for a run that resumed none, and where the
    /// history did not look (``RunHistory/forEachTask(of:_:)`` leaves it to
    /// ``RunHistory/withResumptions(of:)``).
    public var resumedFrom: String?
    /// The newest run that resumed this one: the last to start of the runs whose ``resumedFrom`` names it (`--resume`
    /// of a resumed run is refused, so that a second one resumes it only once the first one's journal is gone). `nil`
    /// for a run no run resumed, and where the history did not look, as for ``resumedFrom``.
    public var resumedBy: String?

    /// The offset of the NUL byte its journal holds, which no journal line holds (a hole a `truncate` made, the end a
    /// machine crash left unwritten), up to which alone the journal was read; `nil` for a journal of lines alone.
    public var nulByteOffset: Int?

    /// Whether the run finished without writing all its results: ``sinkErrors`` has one.
    public var resultsLost: Bool { !sinkErrors.isEmpty }

    /// The instant it started, read from ``startTime``; `nil` when that is not a time with its offset from UTC.
    public var startInstant: Date? {
        JournalTime.microseconds(ofJournalTime: startTime).map { Date(timeIntervalSince1970: Double($0) / 1e6) }
    }

    /// The one line `prx history` shows: what ran, under the name it was started by (`ptasker …`).
    public var commandLine: String { ShellWords.join(invocation.commandWords) }
}
