/// What a Lua error inside a hook or stop function does (`prx.config{ on_error = … }`).
public enum RecipeErrorPolicy: String, Sendable, Hashable {
    /// Logged as a warning (`prx: warning: recipe.lua:30: …`); the run goes on. The default.
    case warn
    /// Logged as a warning, and the run halts as a stop policy would halt it: no new task starts.
    case halt
}
