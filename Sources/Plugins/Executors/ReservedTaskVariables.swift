#if os(Linux)
/// The environment variables prx gives its tasks itself, which a task's own variables may not name (`-E`,
/// `args-file.env`, a recipe task's `env`): `PRX_ORPHAN_GUARD`, the orphan guard's token, by which the guard stops
/// what the tasks leave running when prx dies; `PRX_TASK_TOKEN`, by which `--resume` finds what a killed run's tasks
/// left running; `PRX_FEEDBACK_FILE`, the task's `--feedback` file. A task given another value would escape the
/// guard (or be taken for another run's), or write its feedback where prx does not read it.
///
/// prx's own environment, which its tasks inherit, cannot be refused, nor can a plugin's source be made to: where
/// prx gives a task one of these, its value replaces the inherited one, and ``LocalProcessExecutor`` drops a task's
/// own; where it gives none (no `--feedback`), the inherited one stays, as a prx run by another prx's task passes
/// the outer run's variables on to its own tasks.
public enum ReservedTaskVariables {
    /// The reserved names.
    public static let names: Set<String> = [
        OrphanGuard.environmentVariable, TaskToken.environmentVariable, FeedbackFile.environmentVariable,
    ]

    /// Why `name`, one of ``names``, may not be given, after it: `'PRX_ORPHAN_GUARD' is reserved: prx …`.
    public static func refusal(of name: String) -> String {
        "'\(name)' is reserved: prx sets it in its tasks' environment itself"
    }
}
#endif
