import PRXKernel

/// A recipe's tasks as a ``PRXKernel/TaskSource``: yielded in the graph's start order, dependencies first, and made
/// again from the graph for the scheduler (``remake(_:)``), with
/// ``PRXKernel/TaskSpec/hasDependents`` set on every task another runs after and
/// ``PRXKernel/TaskSpec/dependentCount`` saying how many do, so that the scheduler forgets each result in time,
/// and ``PRXKernel/TaskSpec/resultReadByDependents`` on those whose result a dependent's `cmd` function reads.
///
/// A task whose command is a `cmd` function gets its argv when it starts, and only then
/// (``PRXKernel/TaskSpec/preparedAtStart``): ``prepare(_:dependencyResults:)`` calls the function with its
/// dependencies' results by name (an empty table for a task without dependencies), so that a task a halt or an
/// interruption cancels never has it called. A Lua error there makes that task ``PRXKernel/TaskStatus/error`` with
/// the Lua message; the run goes on. An error once the run is interrupted (the function did not return, and the
/// signal cut it off) leaves the task cancelled, and is a warning instead, naming the line the function was
/// running. An argument over the limits (`security.max_argument_length`), or holding a NUL byte, makes a task
/// ``PRXKernel/TaskStatus/error`` before it starts, as in flags mode. Called from the scheduler's run task only, as
/// every Lua call must be.
public struct RecipeTaskSource: TaskSource {
    private let recipe: Recipe
    private let defaultTimeout: Double?
    /// The cap on every task's time limit (`limits.max_allowed_timeout`).
    private let longestTimeout: Double
    /// The argument length limit every task's argv is held to.
    private let limits: SecurityLimits
    /// Where the error of a `cmd` function the run's interruption cut off goes.
    private let warn: (String) -> Void
    private var position = 0

    init(
        recipe: Recipe, defaultTimeout: Double?, longestTimeout: Double, limits: SecurityLimits,
        warn: @escaping (String) -> Void
    ) {
        self.recipe = recipe
        self.defaultTimeout = defaultTimeout
        self.longestTimeout = longestTimeout
        self.limits = limits
        self.warn = warn
    }

    public mutating func next() throws -> TaskSpec? {
        let graph = recipe.graph
        guard position < graph.order.count else { return nil }
        let index = Int(graph.order[position])
        position += 1
        return spec(at: index)
    }

    public var remainingTaskCount: Int? { recipe.graph.order.count - position }

    /// Each task's id is its place in the graph, from 1, and the graph's start order gives each task once.
    public var promisesUniqueIDs: Bool { true }

    /// Every task is made again from the graph, as ``next()`` made it.
    public var remakesTasks: Bool { true }

    public func remake(_ id: TaskID) -> TaskSpec? {
        let index = id.rawValue - 1
        guard recipe.graph.tasks.indices.contains(index) else { return nil }
        return spec(at: index)
    }

    /// The task at `index` of the graph; a command that is a function gets its argv later.
    private func spec(at index: Int) -> TaskSpec {
        let graph = recipe.graph
        let task = graph.tasks[index]
        let argv = graph.tasks.argv(at: index)
        var spec = TaskSpec(
            id: TaskID(index + 1),
            label: task.name,
            argv: argv ?? [],
            environment: task.environment,
            workingDirectory: task.workingDirectory,
            timeout: (task.timeout ?? defaultTimeout).map { min($0, longestTimeout) },
            dependencies: graph.dependencies[index].map { TaskID(Int($0) + 1) },
            runsAfterFailedDependencies: task.afterAny,
            hasDependents: graph.dependentCounts[index] > 0,
            dependentCount: Int(graph.dependentCounts[index]),
            resultReadByDependents: graph.resultReadByDependents[index],
            preparedAtStart: argv == nil,
            retry: task.retry)
        spec.preflightError = argv.flatMap { Self.unrunnable($0, limits: limits) }
        return spec
    }

    /// Why a task whose command is `argv` cannot run, before it starts (it is then `ERROR`, logged as never
    /// started): an argument over `limits`, or one that no program can be given (holding a NUL byte, or longer than
    /// Linux passes); `nil` when it can run.
    static func unrunnable(_ argv: [String], limits: SecurityLimits) -> String? {
        limits.argumentViolation(in: argv) ?? ProgramStringCheck.violation(argv: argv, environment: [:])
    }

    public mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        let declared = recipe.graph.tasks[task.id.rawValue - 1]
        guard case .function(let function) = declared.command else { return task }
        var results: [LuaKey: LuaValue] = [:]
        for result in dependencyResults {
            results[.string(result.task.label)] = LuaRunValues.result(result)
        }
        var prepared = task
        do {
            prepared.argv = try Self.call(function, of: declared, dependencies: LuaTable(map: results))
        } catch where Task.isCancelled {
            // The scheduler takes the error for the interruption's doing and cancels the task: this is where the
            // line the function was running is told.
            warn("\(error) (in cmd of task \"\(declared.name)\")")
            throw error
        }
        if let violation = limits.argumentViolation(in: prepared.argv) { throw Self.error(violation, of: declared) }
        return prepared
    }

    /// Calls `task`'s `cmd` function and reads the command it returns. An error in what it returned (a value
    /// Swift cannot take, such as a string that is not UTF-8, or no command) names the task and the line of its
    /// `prx.task`; a Lua error raised inside it is as Lua wrote it, at its own line, then the lines that called the
    /// helper function that raised it, if one did (``LuaError/callers``).
    private static func call(_ function: LuaFunctionReference, of task: RecipeTask, dependencies: LuaTable) throws
        -> [String]
    {
        let value: LuaValue
        do {
            value = try function.call(.table(dependencies)).first ?? .nil
        } catch {
            guard error.reason == .conversion else { throw error }
            // The bridge says what the function `returned`.
            throw Self.error("cmd \(error.message)", of: task)
        }
        do {
            return try RecipeCommand.built(from: value)
        } catch {
            throw Self.error(error.message, of: task)
        }
    }

    /// An error in what `task`'s `cmd` function returned (`message`), at the line of its `prx.task`, naming it.
    private static func error(_ message: String, of task: RecipeTask) -> RecipeError {
        RecipeError("task \"\(task.name)\": \(message)", at: task.position)
    }
}
