/// One entry of a recipe task's `after`: a task by its handle or by name, or every task whose name matches a shell
/// pattern (`prx.match("deploy:*")`).
public enum RecipeDependency: Hashable, Sendable {
    /// The task whose handle `prx.task` returned, by its definition index: a handle stands for its task whatever
    /// the recipe did to its `name` field, which is checked as the handle is read.
    case task(Int)
    /// The task called this.
    case name(String)
    /// Every other task whose name matches this pattern (``ShellPattern``: `*`, `?`, `[…]`, by characters);
    /// matching none adds no dependency.
    case pattern(String)
}
