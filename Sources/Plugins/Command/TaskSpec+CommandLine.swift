import PRXKernel

extension TaskSpec {
    /// The task's command as the run's files record it (the CSV's `command`, the output file's and the log's
    /// `Command:`, a dry run's line): its words quoted for a shell (``ShellWords/join(_:)``), so that it can be run
    /// again as it stands; for a task whose template it could not fill in, the line its source made of it
    /// (``TaskMetadataKey/unfilledCommand``), its unfilled placeholders as written.
    public var commandLine: String {
        commandLine(unfilled: metadata[TaskMetadataKey.unfilledCommand])
    }

    /// ``commandLine`` of the task's ``TaskMetadataKey/unfilledCommand`` metadata `unfilled`, which the caller read
    /// with the other metadata it records.
    func commandLine(unfilled: String?) -> String {
        unfilled ?? ShellWords.join(argv)
    }
}
