/// Identifies one task within a run.
///
/// Sources assign identifiers; they must be unique within a run (a task whose id was given before ends the
/// pulling: ``TaskSource/promisesUniqueIDs``). Dependencies name tasks by identifier.
public struct TaskID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The identifier's number.
    public let rawValue: Int

    /// Creates an identifier from its number.
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public init(integerLiteral value: Int) { self.rawValue = value }

    public static func < (lhs: TaskID, rhs: TaskID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

/// One unit of work: what to run, where, with which environment and time limit.
///
/// A task is a plain value. It says nothing about how it runs: the ``Executor`` decides that (a local
/// process, a cluster job). The named type is `TaskSpec` rather than `Task` so that it does not shadow
/// Swift's own `Task` for every module that imports the kernel.
public struct TaskSpec: Sendable, Hashable {
    /// The task's identifier, unique within the run.
    public var id: TaskID
    /// A short human name: a task file's path, an arguments line, a recipe's task name.
    public var label: String
    /// The program and its arguments, already split and substituted. The first element is the program.
    public var argv: [String]
    /// Variables added to (or replacing those of) the executor's base environment.
    public var environment: [String: String]
    /// The working directory, or `nil` for the executor's default.
    public var workingDirectory: String?
    /// The time limit in seconds, or `nil` for none.
    public var timeout: Double?
    /// Free-form facts for sinks and plugins (e.g. the task file, the arguments line number).
    public var metadata: [String: String]
    /// Tasks that must finish before this one starts. A source yields a task's dependencies before the task.
    public var dependencies: [TaskID]
    /// Whether this task runs when a dependency did not succeed; when `false` it is ``TaskStatus/skipped`` once all
    /// its dependencies have ended.
    public var runsAfterFailedDependencies: Bool
    /// Whether other tasks depend on this one. The scheduler keeps how such a task ended (and only such a task)
    /// for its dependents, so that a stream of a million independent tasks keeps nothing per task.
    public var hasDependents: Bool
    /// How many tasks depend on this one, when the source knows (a recipe does), each counted once: the scheduler
    /// forgets the result once that many of them have finished, so that a chain of a million tasks keeps a few
    /// results, not a million. `nil` keeps it to the end of the run. A count too low loses the result for the
    /// dependents beyond it.
    public var dependentCount: Int?
    /// Whether a dependent's ``TaskSource/prepare(_:dependencyResults:)`` reads this task's result. The scheduler
    /// keeps the whole result of such a task for its dependents; of any other task they depend on it keeps only
    /// the label and status that decide and explain their fate, so that a fan-in of a million tasks holds a few
    /// bytes for each of them rather than a million results.
    public var resultReadByDependents: Bool
    /// Whether the source's ``TaskSource/prepare(_:dependencyResults:)`` finalises this task when it starts though
    /// it has no dependencies (one with dependencies is prepared in any case): a source that makes a command only
    /// when its task starts (a recipe's `cmd` function) sets it, so that no task a halt or an interruption cancels
    /// before it starts has its command made.
    public var preparedAtStart: Bool
    /// Whether and how the task runs again when an attempt does not succeed; `nil` runs it once.
    public var retry: RetryPolicy?
    /// Why this task cannot run at all (an argument over the length limit, an oversized task file), found
    /// before the run. The scheduler reports such a task as ``TaskStatus/error`` without starting it, when it would
    /// start: once its dependencies have ended (skipped, as any task, when one did not succeed).
    public var preflightError: String?

    /// Creates a task.
    public init(
        id: TaskID,
        label: String,
        argv: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Double? = nil,
        metadata: [String: String] = [:],
        dependencies: [TaskID] = [],
        runsAfterFailedDependencies: Bool = false,
        hasDependents: Bool = false,
        dependentCount: Int? = nil,
        resultReadByDependents: Bool = false,
        preparedAtStart: Bool = false,
        retry: RetryPolicy? = nil,
        preflightError: String? = nil
    ) {
        self.id = id
        self.label = label
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.metadata = metadata
        self.dependencies = dependencies
        self.runsAfterFailedDependencies = runsAfterFailedDependencies
        self.hasDependents = hasDependents
        self.dependentCount = dependentCount
        self.resultReadByDependents = resultReadByDependents
        self.preparedAtStart = preparedAtStart
        self.retry = retry
        self.preflightError = preflightError
    }
}
