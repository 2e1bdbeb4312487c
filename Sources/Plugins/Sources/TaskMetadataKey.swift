/// The ``PRXKernel/TaskSpec/metadata`` keys the task-file and arguments-file sources set, for sinks and the dry run.
public enum TaskMetadataKey {
    /// The task file (file mode) or template file (template mode), absolute; empty in arguments-only mode.
    public static let taskFile = "task_file"
    /// The arguments line as read, without its line end and surrounding whitespace (arguments modes only).
    public static let arguments = "arguments"
    /// The arguments line's number in its file, counting from 1 and counting blank and comment lines
    /// (arguments modes only).
    public static let line = "line"
    /// The `-E` names set in the task's environment, comma-separated in `-E` order (only when `-E` is given).
    ///
    /// ``PRXKernel/TaskSpec/environment`` is a dictionary; this key keeps the order a dry run prints them in.
    public static let environmentNames = "environment_names"
    /// Set (to `true`) on the task that stands for an arguments line the run could not make a task of (too long to
    /// read, refused by the line parser, short of fields): its label and command are not the line's, so the run
    /// journal marks it, and `--resume-failed` runs whatever stands where it stood (``ResumedTaskSource``).
    public static let unreadable = "unreadable"
    /// Set (to `true`) on the task of an arguments line after one the line parser refused, or left once the run
    /// starts no more tasks (a halt, a signal): the run stops at that line, or there, and the lines after it are
    /// reported cancelled without being parsed (the parser is not called again).
    /// Such a task has the line's id and label and no command, so its key is its label's
    /// (``TaskIdentity/hash(ofLabel:)``): the run journal marks it, and `--resume` and `--resume-failed` know the
    /// line again by its label once it parses (``ResumedTaskSource``).
    public static let unparsed = "unparsed"
    /// The command line of a task whose command template has placeholders it has no value for, which cannot run
    /// (``CommandTemplate/Substitution/unfilledCommandLine``): what the files recording the task show for its command
    /// (``PRXKernel/TaskSpec/commandLine``) in place of its words, which hold those placeholders as written.
    public static let unfilledCommand = "unfilled_command"
}
