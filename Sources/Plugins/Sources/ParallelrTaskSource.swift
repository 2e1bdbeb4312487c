import PRXKernel

/// parallelr's tasks, in whichever of its three modes the flags select:
///
/// - **file mode** (`-T` without `-A`): one task per collected task file (``TaskFileCollection``), `@TASK@` its path;
/// - **template mode** (`-T file -A args`): one task per arguments line, `@TASK@` the template file's path;
/// - **arguments-only mode** (`-A` without `-T`): one task per arguments line, no `@TASK@`.
///
/// Task files are collected when the source is created; arguments lines are read one at a time as tasks are pulled.
/// The details of each mode are those of ``TaskFileSource`` and ``ArgumentsFileSource``.
public struct ParallelrTaskSource: TaskSource {
    /// Which of parallelr's modes the flags select.
    public enum Mode: Sendable, Hashable {
        /// One task per task file; `count` files were found.
        case taskFiles(count: Int)
        /// One task per arguments line, with this template file's absolute path as `@TASK@`.
        case template(file: String)
        /// One task per arguments line, without a template file.
        case argumentsOnly
    }

    /// Flags that do not make a run.
    public enum ConfigurationError: FlagNamingError, Hashable {
        /// Neither `-T` nor `-A`.
        case noTasks
        /// `-S` without `-A`.
        case separatorWithoutArgumentsFile
        /// `-A` with several `-T` values.
        case severalTemplates(count: Int)
        /// `-A` with a `-T` directory.
        case templateIsDirectory(String)
        /// `-A` with a `-T` path that does not exist.
        case templateNotFound(String)
        /// `-A` with a `-T` path the system cannot look at (a directory on the way that cannot be searched, a
        /// symbolic link in a loop), for `reason`.
        case templateUnreadable(String, reason: String)
        /// `-A` with a `-T` path that is neither a directory nor a regular file (a FIFO, a device, a socket), which
        /// every task would be given to read.
        case templateNotRegularFile(String)
        /// `-A` without `-T`, and a command using `@TASK@`, which is then no file: no task could run.
        case taskFileWithoutTemplate

        /// The message, naming the flags, or, for a template file, what gave it and the arguments file: `-T` and
        /// `-A` in flags mode, the source's settings (`args-file.template`, `args-file.file`) in a recipe.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            let (template, arguments) = (origin("-T"), origin("-A"))
            return switch self {
            case .noTasks:
                "either -T/--TasksDir or -A/--arguments-file is required"
            case .separatorWithoutArgumentsFile:
                "-S/--separator needs -A/--arguments-file"
            case .severalTemplates(let count):
                "with \(arguments), \(template) takes one template file, not \(count) paths (\(template))"
            case .templateIsDirectory(let path):
                "with \(arguments), \(template) must be a template file, not the directory \(path); "
                    + "leave out \(template) to run the command on each line directly (\(template))"
            case .templateNotFound(let path):
                "template file not found: \(path) (\(template))"
            case .templateUnreadable(let path, let reason):
                "cannot read template file \(path): \(reason) (\(template))"
            case .templateNotRegularFile(let path):
                "with \(arguments), \(template) must be a regular file, which each task can read, not a FIFO, device "
                    + "or socket: \(path) (\(template))"
            case .taskFileWithoutTemplate:
                // The flags as the command line names them (`-C/--Command`, `-A/--arguments-file`, `-T`), a setting as
                // it is.
                "\(spelled("-C", origin)) uses @TASK@, which with \(spelled("-A", origin)) is the template file: "
                    + "give it with \(template)"
            }
        }

        /// What `origin` names in place of `flag` (`-A` or `-C`), a flag itself with its long name beside it
        /// (`-C/--Command`).
        private func spelled(_ flag: String, _ origin: (_ flag: String) -> String) -> String {
            let named = origin(flag)
            guard named == flag else { return named }
            return flag == "-A" ? "-A/--arguments-file" : "-C/--Command"
        }
    }

    /// The mode the flags selected.
    public let mode: Mode
    /// parallelr's log line for the task files found in file mode, `Discovered 3 task files`, or with
    /// `--file-extension` `Discovered 2 task files with extensions: .sh, .txt` (each lowercased with its dot, once, in
    /// the order given); `nil` in the arguments modes, whose lines are read as the run goes and so are not counted
    /// first.
    public let discoveryLine: String?
    /// The task files, or the template file, that are one of the configuration's result files, sorted: the run
    /// would empty each before a task reads it.
    public let writtenTaskFiles: [String]
    /// The task files' source in file mode; `nil` in the arguments modes, which have ``argumentsSource``.
    ///
    /// Two optionals, not an enum of the two: a source in an enum's case is mutated by taking it out, a copy of each of
    /// its fields and two destructions at each task, where an optional's is mutated in place.
    private var filesSource: TaskFileSource?
    /// The arguments file's source in the arguments modes; `nil` in file mode, which has ``filesSource``.
    private var argumentsSource: ArgumentsFileSource?
    /// The arguments file, in the arguments modes; `nil` in file mode. Its ``ArgumentsFileReader/inputWait`` is the
    /// arguments source's ``ArgumentsFileSource/inputWait``, read here without copying the source.
    private let argumentsReader: ArgumentsFileReader?

    /// Checks the flags, parses the command template, and collects the task files or opens the arguments file.
    ///
    /// `lineParser`, in the arguments modes, splits each line in place of the separator (``ArgumentsFileSource``).
    ///
    /// - Throws: the first problem, as one of ``ConfigurationError``, ``CommandTemplate/ParseError``,
    ///   ``TaskFileCollection/CollectionError`` or ``ArgumentsFileReader/ReadError``; each describes itself in one line
    ///   naming the flag, or the file and line.
    public init(configuration: Configuration, lineParser: ArgumentsFileSource.LineParser? = nil) throws {
        guard let givenFile = configuration.argumentsFile else {
            guard configuration.separator == nil else { throw ConfigurationError.separatorWithoutArgumentsFile }
            guard !configuration.taskPaths.isEmpty else { throw ConfigurationError.noTasks }
            let command = try CommandTemplate(configuration.command)
            let collection = try TaskFileCollection(
                paths: configuration.taskPaths,
                extensions: configuration.fileExtensions,
                baseDirectory: configuration.baseDirectory,
                resultFiles: configuration.resultFiles,
                resumingEarlierRun: configuration.resumesEarlierRun
            ) { passedOver in
                configuration.warn(passedOver.described { configuration.flagOrigins($0) })
            }
            // Each file's task would run the same command, the file in its label alone: `-C bash` runs `bash` reading
            // nothing, a success for every file, where GNU parallel and xargs would have appended the file.
            if !command.placeholders.contains(.taskFile) {
                configuration.warn(
                    "the command (\(configuration.flagOrigins("-C"))) has no @TASK@ placeholder: the task files are "
                        + "not used, and every task runs the same command")
            }
            mode = .taskFiles(count: collection.files.count)
            discoveryLine = "Discovered \(collection.files.count) task files"
                + (configuration.fileExtensions.map {
                    " with extensions: " + $0.extensions.map { "." + $0 }.joined(separator: ", ")
                } ?? "")
            writtenTaskFiles = collection.writtenTaskFiles
            argumentsReader = nil
            filesSource = TaskFileSource(
                collection: collection, command: command, settings: configuration.settings,
                flagOrigins: configuration.flagOrigins)
            return
        }
        // Taken from its base directory (a recipe's); as given without one, for messages that name it as the user
        // wrote it.
        let argumentsFile = configuration.argumentsFileBaseDirectory.map {
            SourceFileSystem.absolutePath(givenFile, base: $0)
        } ?? givenFile
        let names = configuration.environmentNames
        let command = try CommandTemplate(configuration.command, environmentNames: names.names)
        let template = try Self.templateFile(configuration)
        let templateFile = template?.path
        if templateFile == nil && command.placeholders.contains(.taskFile) {
            throw ConfigurationError.taskFileWithoutTemplate
        }
        writtenTaskFiles = template.flatMap { configuration.resultFiles.contains($0.identity) ? [$0.path] : nil } ?? []
        discoveryLine = nil
        let reader = try ArgumentsFileReader(path: argumentsFile, separator: configuration.separator)
        mode = templateFile.map { .template(file: $0) } ?? .argumentsOnly
        // With a template as without one: each line's task would run the same command, the line in its label alone.
        let usesArguments = command.placeholders.contains { placeholder in
            if case .argument = placeholder { true } else { false }
        }
        if !usesArguments && names.names.isEmpty {
            let origin = configuration.flagOrigins
            let alike = templateFile == nil ? "" : "; each line runs the template file (\(origin("-T"))) the same way"
            configuration.warn(
                "the command (\(origin("-C"))) has no @ARG@ or @ARG_N@ placeholder and \(origin("-E")) names no "
                    + "variable: the arguments lines are not used" + alike)
        }
        argumentsReader = reader
        argumentsSource = ArgumentsFileSource(
            reader: reader,
            command: command,
            templateFile: templateFile,
            environmentNames: names,
            settings: configuration.settings,
            warn: configuration.warn,
            flagOrigins: configuration.flagOrigins,
            lineParser: lineParser)
    }

    /// What the next line of the arguments file waits for (a pipe, a FIFO, a terminal), when it would wait; `nil` in
    /// file mode, whose task files are at hand.
    public var inputWait: (any InputWait)? {
        argumentsReader?.inputWait
    }

    /// Ends the reading of an arguments file that may wait; task files and a regular file's lines are at hand.
    public func stopReadingInput() {
        argumentsSource?.stopReadingInput()
    }

    /// Tells an arguments file's source that the run starts none of its lines left (its line parser is then not
    /// called); task files are made tasks as before.
    public mutating func remainingTasksWillBeCancelled() {
        argumentsSource?.remainingTasksWillBeCancelled()
    }

    public var remainingTaskCount: Int? {
        filesSource?.remainingTaskCount
    }

    /// The task files, or the arguments file's lines, are numbered from 1, in order.
    public var promisesUniqueIDs: Bool { true }

    public mutating func next() throws -> TaskSpec? {
        if argumentsSource != nil { return try argumentsSource!.next() }
        return try filesSource!.next()
    }

    /// The absolute path and identity of the one template file, or `nil` without `-T`.
    private static func templateFile(_ configuration: Configuration) throws -> (path: String, identity: FileIdentity)? {
        guard let value = configuration.taskPaths.first else { return nil }
        guard configuration.taskPaths.count == 1 else {
            throw ConfigurationError.severalTemplates(count: configuration.taskPaths.count)
        }
        let path = try TaskFileCollection.absolutePath(of: value, base: configuration.baseDirectory)
        let found: SourceFileSystem.Status?
        do {
            found = try SourceFileSystem.status(path)
        } catch {
            throw ConfigurationError.templateUnreadable(value, reason: error.description)
        }
        guard let status = found else { throw ConfigurationError.templateNotFound(value) }
        switch status.kind {
        case .directory: throw ConfigurationError.templateIsDirectory(value)
        case .regularFile: return (path, status.identity)
        case .other: throw ConfigurationError.templateNotRegularFile(value)
        }
    }
}
