/// One entry of a recipe task's `after`: a task by name (a handle or a string) or every task whose name matches a
/// shell pattern (`prx.match("deploy:*")`).
public enum RecipeDependency: Hashable, Sendable {
    /// The task called this.
    case name(String)
    /// Every other task whose name matches this pattern (``ShellPattern``: `*`, `?`, `[…]`, by characters);
    /// matching none adds no dependency.
    case pattern(String)
}
