import PRXKernel

/// A task written as the command line a person would type to run it by hand, as a dry run prints it:
/// `HOSTNAME=server1 PORT=8080 bash /abs/template.sh --x`.
public enum DryRunCommandLine {
    /// Renders `task`: its environment variables as `NAME=value` prefixes, then its program and arguments, every
    /// value quoted for a POSIX shell where needed, its control characters and bidirectional controls shown
    /// (``ShellWords/quoteShowing(_:)``), so that the line reads as what runs.
    ///
    /// Variables come in the order of ``TaskMetadataKey/environmentNames`` (the `-E` order) when the task carries
    /// it, and sorted by name otherwise.
    public static func render(_ task: TaskSpec) -> String {
        let names =
            task.metadata[TaskMetadataKey.environmentNames].map { $0.split(separator: ",").map(String.init) }
            ?? task.environment.keys.sorted()
        let assignments = names.compactMap { name in
            task.environment[name].map { "\(name)=\(ShellWords.quoteShowing($0))" }
        }
        let command = task.metadata[TaskMetadataKey.unfilledCommand] ?? ShellWords.joinShowing(task.argv)
        return (assignments + [command]).joined(separator: " ")
    }

    /// The line a dry run prints for a task that cannot run, `# label: not runnable: reason`: a comment to a shell
    /// reading the dry run, with every control character written as an escape (``ControlCharacterEscaping``), so
    /// that neither the label nor the reason (which may name a file whose name holds a line break) can end the
    /// comment and make the rest a line the shell runs.
    public static func unrunnable(_ label: String, reason: String) -> String {
        "# " + ControlCharacterEscaping.escaped("\(label): not runnable: \(reason)")
    }

    /// The line a dry run prints for a task the run would skip, `# label: would be skipped: reason`, written as
    /// ``unrunnable(_:reason:)`` writes its line.
    public static func wouldBeSkipped(_ label: String, reason: String) -> String {
        "# " + ControlCharacterEscaping.escaped("\(label): would be skipped: \(reason)")
    }
}
