import PRXKernel

/// File mode: one task per task file, its command the template with `@TASK@` set to the file's absolute path.
///
/// Tasks are numbered from 1 in the collection's (sorted) order and labelled with the file's path. Each file's size
/// is checked against ``SecurityLimits/maxFileSize`` when its task is pulled, and every argument against
/// ``SecurityLimits/maxArgumentLength``; a task over a limit, whose template names a placeholder file mode has
/// no value for (`@ARG@`), or whose file's name is not UTF-8 (named with its other bytes written `\xNN`), carries a
/// ``PRXKernel/TaskSpec/preflightError`` and the run goes on.
public struct TaskFileSource: TaskSource {
    private let files: TaskFileList
    private let command: CommandTemplate
    private let settings: TaskSettings
    private let flagOrigins: FlagOrigins
    private var nextID = 1

    /// Creates a source over the files of `collection`, whose tasks' errors name the flags, or what gave their
    /// values, by `flagOrigins`.
    public init(
        collection: TaskFileCollection, command: CommandTemplate, settings: TaskSettings = TaskSettings(),
        flagOrigins: FlagOrigins = .flags
    ) {
        files = collection.files
        self.command = command
        self.settings = settings
        self.flagOrigins = flagOrigins
    }

    public var remainingTaskCount: Int? { files.count - (nextID - 1) }

    /// The files are numbered from 1, in order.
    public var promisesUniqueIDs: Bool { true }

    public mutating func next() throws -> TaskSpec? {
        guard nextID <= files.count else { return nil }
        defer { nextID += 1 }
        guard let file = files.utf8Path(at: nextID - 1) else {
            return notUTF8Task(file: files.escapedPath(at: nextID - 1))
        }
        let substitution = command.substitute(PlaceholderValues(taskFile: file))
        let missingError = substitution.missing.first.map { placeholder in
            "\(placeholder) has no value for task file \(file): "
                + (flagOrigins.isFlagsMode
                    ? "file mode has no arguments file (-A)"
                    : "a task file has no arguments line (\(flagOrigins("-C")))")
        }
        var metadata = [TaskMetadataKey.taskFile: file]
        if let line = substitution.unfilledCommandLine { metadata[TaskMetadataKey.unfilledCommand] = line }
        return TaskSpec(
            id: TaskID(nextID),
            label: file,
            argv: substitution.argv,
            workingDirectory: settings.workingDirectory,
            timeout: settings.timeout,
            metadata: metadata,
            preflightError: missingError
                ?? ProgramStringCheck.nulViolation(argv: substitution.argv, environment: [:])
                ?? settings.limits.argumentViolation(in: substitution.argv)
                ?? ProgramStringCheck.lengthViolation(argv: substitution.argv, environment: [:])
                ?? settings.limits.fileViolation(at: file)
        )
    }

    /// The task of a file whose name is not UTF-8, `file` with its other bytes written `\xNN`: an error, since
    /// its command would have to name the file with text, which cannot hold those bytes.
    private func notUTF8Task(file: String) -> TaskSpec {
        TaskSpec(
            id: TaskID(nextID),
            label: file,
            argv: command.substitute(PlaceholderValues(taskFile: file)).argv,
            workingDirectory: settings.workingDirectory,
            timeout: settings.timeout,
            metadata: [TaskMetadataKey.taskFile: file],
            preflightError: "task file \(file): its name is not UTF-8, which prx cannot pass to a command "
                + "(\(flagOrigins("-T")))")
    }
}
