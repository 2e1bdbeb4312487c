/// Yields the tasks of a run, one at a time, when the scheduler asks.
///
/// Sources are lazy: the scheduler pulls a task only when it can start it (or must hold it for its
/// dependencies), so a source of a million lines never needs to hold them all.
///
/// - Called by: the scheduler's run, one call at a time, never concurrently; a source need not be `Sendable`.
/// - Order: a task's dependencies are yielded before the task.
public protocol TaskSource {
    /// Returns the next task, or `nil` when there are no more.
    ///
    /// Throwing ends the pulling: the run stops starting tasks, lets the running ones finish, writes every
    /// result, and reports the error in ``RunSummary/sourceError``. Throwing ``UnreadableTaskError``, for an item
    /// the source can read on past, stops the run the same way, but the scheduler reports the item's stand-in task
    /// and goes on pulling, to report the tasks after it cancelled (those it gives without input still to come from
    /// an outside writer, as after a halt: ``remainingTasksWillBeCancelled()``, ``stopReadingInput()``). It is thrown
    /// at most once per item, the stand-in's id above those before it: the next call gives what follows the item (the
    /// scheduler stops pulling at a stand-in whose id is not above the last one's, lest a source that gives an item
    /// again be pulled for ever). One thrown once the run starts no more tasks is a task among those it cancels: its
    /// stand-in is cancelled, and it is no error of the run.
    mutating func next() throws -> TaskSpec?

    /// Finalises a task just before it starts, given the results of those of its dependencies whose
    /// ``TaskSpec/resultReadByDependents`` the source set, in the order of ``TaskSpec/dependencies``.
    ///
    /// Called for a task with dependencies, or with ``TaskSpec/preparedAtStart``, once it has a worker to start on:
    /// not for a task a halt or an interruption cancels while it waits, and once per task: a result that comes
    /// meanwhile is shown to the stop policy before the task starts, and a halt it decides cancels the task as made,
    /// as never started. The default returns the task unchanged. A recipe source overrides it to build a command
    /// from its dependencies' output. Throwing turns the task into a ``TaskStatus/error`` result with the error's
    /// text, recorded after a result that came meanwhile (it came after it), after a halt that result decides too; in
    /// a run interrupted meanwhile, the error is taken for the interruption's doing (Lua code it cut off), and the
    /// task is ``TaskStatus/cancelled`` as never started.
    mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec

    /// How many tasks ``next()`` has still to yield, when the source knows without reading ahead (a list of
    /// task files, a recipe's graph); `nil` when it does not (a stream of lines).
    ///
    /// The command counts the run's progress out of it, for a progress total. The default is `nil`.
    var remainingTaskCount: Int? { get }

    /// How many of the tasks ``next()`` has still to yield the source can count without reading ahead: all of them
    /// when it knows their number (``remainingTaskCount``), else those it does know of — a recipe's graph, say,
    /// still to come before the lines of an arguments file, which are left out.
    ///
    /// The scheduler adds it to ``RunStatistics/pending``, so that a stop policy sees every task not started
    /// yet that can be known, and not only those the scheduler holds. The default is ``remainingTaskCount``, or 0
    /// when that is `nil`.
    var knownRemainingTaskCount: Int { get }

    /// Whether every id ``next()`` gives, a task's or the stand-in's of an item it cannot read (``UnreadableTaskError``),
    /// is above 0 and given once, by construction: numbering the items from 1 in order does it. The scheduler then
    /// takes the promise, and spends nothing per task on it.
    ///
    /// The default is `false`: the scheduler notes each id given, and a task whose id was given before is not run nor
    /// reported (its id is another task's, which the sinks are told of once): the pulling ends there, as at an error
    /// ``next()`` throws, with ``RunSummary/sourceError`` `task id 5 was already given by the source`. Noting them
    /// costs memory for each gap between the ids given in increasing order (none when they are 1, 2, 3…), and for each
    /// id given below one before it. A source that wraps others promises it when they all do, and keeps their ids
    /// apart.
    var promisesUniqueIDs: Bool { get }

    /// Whether ``remake(_:)`` makes again the tasks this source yields. The scheduler then holds a task that waits
    /// for its dependencies as its id alone, and asks for the whole task when it can start (or must be reported
    /// skipped or cancelled), so that a fan-out of a million tasks holds a few dozen bytes for each rather than the
    /// whole task. The default is `false`: the scheduler keeps the tasks it holds.
    var remakesTasks: Bool { get }

    /// The task `id`, which ``next()`` yielded and which has dependencies, made again as it was then; `nil` when it
    /// cannot be, which makes that task a ``TaskStatus/error``. Called only when ``remakesTasks``. The default
    /// returns `nil`.
    mutating func remake(_ id: TaskID) -> TaskSpec?

    /// When ``next()`` would wait for input now (a pipe, standard input or a FIFO with nothing to read yet), what
    /// tells when it would not; `nil` when it would not wait (the default).
    ///
    /// The scheduler then writes out what the sinks hold and, while tasks run, waits for the input in its group
    /// rather than in ``next()``, so that the results of tasks ending meanwhile are recorded and written as they
    /// end, not when the next line comes.
    var inputWait: (any InputWait)? { get }

    /// Tells the source that the run starts none of the tasks ``next()`` has still to yield: from now on it pulls them
    /// only to report each cancelled, by its id, label and metadata, and runs no command of theirs. A source whose
    /// making of a task costs time or does what only a task that runs should have done (a function of the user's
    /// called for each item, which may be slow, print or write files) may then give each as it stands in its input,
    /// without making its command. Such a source may then give items it would otherwise have skipped (those its
    /// function would have made no task of), each a task of its own, with an id of its own, counted among the
    /// cancelled: the run then reports more tasks cancelled than the items it would have made tasks of, and the ids of
    /// the tasks after such an item are higher than they would have been.
    ///
    /// Called by the scheduler once the run starts no more tasks (a halt, an interruption, an item the source could
    /// not read), before ``stopReadingInput()`` and before it pulls the tasks left: once at most, and not when the
    /// source has ended (``next()`` returned `nil`, or threw an error other than ``UnreadableTaskError``). The default
    /// does nothing.
    mutating func remainingTasksWillBeCancelled()

    /// Ends the reading of input that an outside writer supplies (a pipe, standard input, a FIFO): from now on
    /// ``next()`` yields only the tasks the source has without reading such input further, then `nil`. A source
    /// whose tasks are all at hand (a list of task files, a regular file's remaining lines, a recipe's graph) goes
    /// on yielding them all.
    ///
    /// Called by the scheduler when the run starts no more tasks (a halt, an interruption), before it reports the
    /// tasks left in the source as cancelled: a writer that never stops would otherwise keep it reporting them
    /// for ever. The default does nothing.
    mutating func stopReadingInput()
}

extension TaskSource {
    public mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec { task }

    public var remainingTaskCount: Int? { nil }

    public var knownRemainingTaskCount: Int { remainingTaskCount ?? 0 }

    public var promisesUniqueIDs: Bool { false }

    public var remakesTasks: Bool { false }

    public mutating func remake(_ id: TaskID) -> TaskSpec? { nil }

    public var inputWait: (any InputWait)? { nil }

    public mutating func remainingTasksWillBeCancelled() {}

    public mutating func stopReadingInput() {}
}
