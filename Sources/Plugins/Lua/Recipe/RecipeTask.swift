import PRXKernel

/// One `prx.task{…}` of a recipe, as declared: its dependencies still by name or pattern.
///
/// A recipe may declare a million tasks and holds them all, so a task keeps inline only what every task has (its
/// name, the kind of its command, index and line), in 56 bytes; its argv's words are in the ``RecipeTaskList`` with
/// every other task's, and the fields most tasks leave out, the chunk it was declared in and the lines calling the
/// function that declared it are in ``Options``, which every task declared without those fields from the same chunk
/// and lines shares.
public struct RecipeTask {
    /// The fields of a declaration that most tasks leave out, the chunk it was made in, and where the function
    /// declaring the task was called.
    final class Options {
        let afterAny: Bool
        let environment: [String: String]
        let workingDirectory: String
        let timeout: Double?
        let retry: RetryPolicy?
        let callers: LuaCallers
        /// The name of the chunk whose line declared the task, `nil` when no Lua line did.
        let chunk: String?

        init(
            afterAny: Bool = false,
            environment: [String: String] = [:],
            workingDirectory: String,
            timeout: Double? = nil,
            retry: RetryPolicy? = nil,
            callers: LuaCallers = LuaCallers(),
            chunk: String? = nil
        ) {
            self.afterAny = afterAny
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.timeout = timeout
            self.retry = retry
            self.callers = callers
            self.chunk = chunk
        }
    }

    /// Its unique name (`name =`, or `task<N>` with N its definition number from 1).
    public let name: String
    /// Its other fields, chunk and callers, the same value for every task declared without those fields from the same
    /// chunk and lines.
    let options: Options
    /// ``index``, in the 4 bytes a recipe's index takes (``TaskNameIndex`` holds no more either).
    private let definitionIndex: UInt32
    /// The line of ``position`` in ``Options/chunk``: Lua counts lines in a C `int`.
    private let line: Int32
    /// What it runs; an argv list's words are in the task list (``RecipeTaskList/argv(at:)``).
    public let command: RecipeCommand

    /// Its place in definition order, from 0.
    public var index: Int { Int(definitionIndex) }
    /// Where `prx.task` was called.
    public var position: LuaSourcePosition? {
        options.chunk.map { LuaSourcePosition(chunk: $0, line: Int(line)) }
    }

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

    /// A task declared at `position`, whose chunk `options` holds.
    init(index: Int, name: String, command: RecipeCommand, position: LuaSourcePosition?, options: Options) {
        precondition(position?.chunk == options.chunk, "a task's options name another chunk than its position")
        precondition(index < Int(UInt32.max) && (position?.line ?? 0) <= Int(Int32.max), "a recipe past Lua's counts")
        self.name = name
        self.options = options
        definitionIndex = UInt32(index)
        line = Int32(position?.line ?? 0)
        self.command = command
    }
}
