import PRXKernel

/// File mode: one task per task file, its command the template with `@TASK@` set to the file's absolute path.
///
/// Tasks are numbered from 1 in the collection's (sorted) order and labelled with the file's path. Each file's size
/// is checked against ``SecurityLimits/maxFileSize`` when its task is pulled, and every argument against
/// ``SecurityLimits/maxArgumentLength``; a task over a limit, or whose template names a placeholder file mode has
/// no value for (`@ARG@`), carries a ``PRXKernel/TaskSpec/preflightError`` and the run goes on.
public struct TaskFileSource: TaskSource {
    private let files: TaskFileList
    private let command: CommandTemplate
    private let settings: TaskSettings
    private var nextID = 1

    /// Creates a source over the files of `collection`.
    public init(collection: TaskFileCollection, command: CommandTemplate, settings: TaskSettings = TaskSettings()) {
        files = collection.files
        self.command = command
        self.settings = settings
    }

    public var remainingTaskCount: Int? { files.count - (nextID - 1) }

    public mutating func next() throws -> TaskSpec? {
        guard nextID <= files.count else { return nil }
        let file = files[nextID - 1]
        defer { nextID += 1 }
        let substitution = command.substitute(PlaceholderValues(taskFile: file))
        let missingError = substitution.missing.first.map { placeholder in
            "\(placeholder) has no value for task file \(file): file mode has no arguments file (-A)"
        }
        return TaskSpec(
            id: TaskID(nextID),
            label: file,
            argv: substitution.argv,
            workingDirectory: settings.workingDirectory,
            timeout: settings.timeout,
            metadata: [TaskMetadataKey.taskFile: file],
            preflightError: missingError
                ?? NULByteCheck.violation(argv: substitution.argv, environment: [:])
                ?? settings.limits.argumentViolation(in: substitution.argv)
                ?? settings.limits.fileViolation(at: file)
        )
    }
}
