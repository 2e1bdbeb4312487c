import PRXKernel

/// One `prx.task{…}` of a recipe, as declared: its dependencies still by name or pattern.
///
/// A recipe may declare a million tasks and holds them all, so a task keeps inline only what every task has (its
/// index, name, command and position); the fields most tasks leave out, and the lines calling the function that
/// declared it, are in ``Options``, which every task declared without those fields from the same lines shares.
public struct RecipeTask {
    /// The fields of a declaration that most tasks leave out, and where the function declaring the task was called.
    final class Options {
        let afterAny: Bool
        let environment: [String: String]
        let workingDirectory: String
        let timeout: Double?
        let retry: RetryPolicy?
        let callers: LuaCallers

        init(
            afterAny: Bool = false,
            environment: [String: String] = [:],
            workingDirectory: String,
            timeout: Double? = nil,
            retry: RetryPolicy? = nil,
            callers: LuaCallers = LuaCallers()
        ) {
            self.afterAny = afterAny
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.timeout = timeout
            self.retry = retry
            self.callers = callers
        }
    }

    /// Its place in definition order, from 0.
    public let index: Int
    /// Its unique name (`name =`, or `task<N>` with N its definition number from 1).
    public let name: String
    /// What it runs.
    public let command: RecipeCommand
    /// Where `prx.task` was called.
    public let position: LuaSourcePosition?
    /// Its other fields and its callers, the same value for every task declared without those fields from the same
    /// lines.
    let options: Options

    /// `after_any = true`: runs even when a dependency did not succeed.
    public var afterAny: Bool { options.afterAny }
    /// `env`: variables added to the environment.
    public var environment: [String: String] { options.environment }
    /// `cwd`, absolute; the recipe's directory when not given.
    public var workingDirectory: String { options.workingDirectory }
    /// `timeout` in seconds, or `nil` for the recipe's default (`prx.config{ timeout = … }`).
    public var timeout: Double? { options.timeout }
    /// `retries`, `retry_delay` and `retry_on`, or `nil` without `retries`.
    public var retry: RetryPolicy? { options.retry }
    /// The lines calling the function that called `prx.task`, when a function did (empty when the recipe's top-level
    /// code called it).
    public var callers: LuaCallers { options.callers }

    /// Where the task was declared, as a message names it: `recipe.lua:4`, then `, called from recipe.lua:9` when a
    /// function declared it (the line in the function is the same for every task it declares).
    var place: String? {
        position.map { callers.isEmpty ? "\($0)" : "\($0), \(callers)" }
    }

    /// ` (called from recipe.lua:9)`, which ends a message at the task's ``position`` when a function declared it;
    /// empty otherwise.
    var callersNote: String {
        callers.isEmpty ? "" : " (\(callers))"
    }

    init(index: Int, name: String, command: RecipeCommand, position: LuaSourcePosition?, options: Options) {
        self.index = index
        self.name = name
        self.command = command
        self.position = position
        self.options = options
    }
}
