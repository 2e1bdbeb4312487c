/// The Lua functions a recipe (or a `--hook`/`--stop-policy` file) hands to prx to be called during the run.
public struct RecipeHooks {
    /// `prx.stop_when(fn)`: asked after each result whether to halt.
    public var stopWhen: LuaFunctionReference?
    /// `prx.on_start(fn)`: called as each attempt of a task starts.
    public var onStart: LuaFunctionReference?
    /// `prx.on_placed(fn)`: called as the executor reports where an attempt runs (a cluster's job id and host).
    public var onPlaced: LuaFunctionReference?
    /// `prx.on_finish(fn)`: called once per task as it ends.
    public var onFinish: LuaFunctionReference?
    /// `prx.on_done(fn)`: called once when the run is over.
    public var onDone: LuaFunctionReference?

    /// Creates hooks, none set: a recipe's `prx.stop_when(fn)` and the others, or a hook file's table, set them.
    public init() {}
}
