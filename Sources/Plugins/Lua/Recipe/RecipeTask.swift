import PRXKernel

/// One `prx.task{…}` of a recipe, as declared: its dependencies still by name or pattern.
public struct RecipeTask {
    /// Its place in definition order, from 0.
    public var index: Int
    /// Its unique name (`name =`, or `task<N>` with N its definition number from 1).
    public var name: String
    /// What it runs.
    public var command: RecipeCommand
    /// The `after` entries, in the order written.
    public var after: [RecipeDependency]
    /// `after_any = true`: runs even when a dependency did not succeed.
    public var afterAny: Bool
    /// `env`: variables added to the environment.
    public var environment: [String: String]
    /// `cwd`, absolute; the recipe's directory when not given.
    public var workingDirectory: String
    /// `timeout` in seconds, or `nil` for the recipe's default (`prx.config{ timeout = … }`).
    public var timeout: Double?
    /// `retries`, `retry_delay` and `retry_on`, or `nil` without `retries`.
    public var retry: RetryPolicy?
    /// Where `prx.task` was called.
    public var position: LuaSourcePosition?
}
