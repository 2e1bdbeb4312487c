import PRXKernel

/// One `prx.task{…}` of a recipe, as declared: its dependencies still by name or pattern.
///
/// A recipe may declare a million tasks and holds them all, so a task keeps inline only what every task has (its
/// index, name, command and position); the fields most tasks leave out are in ``Options``, which every task
/// declared without them shares.
public struct RecipeTask {
    /// The fields of a declaration that most tasks leave out.
    final class Options {
        let afterAny: Bool
        let environment: [String: String]
        let workingDirectory: String
        let timeout: Double?
        let retry: RetryPolicy?

        init(
            afterAny: Bool = false,
            environment: [String: String] = [:],
            workingDirectory: String,
            timeout: Double? = nil,
            retry: RetryPolicy? = nil
        ) {
            self.afterAny = afterAny
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.timeout = timeout
            self.retry = retry
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
    /// Its other fields, the same value for every task declared without any.
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

    init(index: Int, name: String, command: RecipeCommand, position: LuaSourcePosition?, options: Options) {
        self.index = index
        self.name = name
        self.command = command
        self.position = position
        self.options = options
    }
}
