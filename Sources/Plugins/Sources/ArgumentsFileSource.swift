import PRXKernel

/// Arguments modes: one task per line of an arguments file (`-A`), read only when the task is pulled.
///
/// The command is the template with `@ARG@`/`@ARG_N@` set to the line's fields, `@TASK@` to the template file
/// (template mode) and `$NAME`/`${NAME}` to the `-E` variables. Tasks are numbered from 1 and labelled with the
/// line's text; the `-E` names are paired with the fields in order and set in the task's environment.
///
/// - A line that cannot be made a task stops the run: one the line parser throws for (``LineParserError``), one
///   too long to read. ``next()`` throws ``PRXKernel/UnreadableTaskError`` for it, with a task standing for the line
///   (``TaskMetadataKey/unreadable``), and goes on with the lines after it, which the scheduler reports cancelled.
/// - A line with more fields than `-E` names sets the names it can; the first such line is reported once through
///   the warning handler.
/// - With a line parser (`--parser parse.lua`), the parser's fields replace the separator's, and a line it
///   returns `nil` for is skipped; an error it throws stops the run, naming the file and line, as above. The parser
///   is not called again: the lines after that one, which the run only reports cancelled, are given unparsed, with
///   their labels and no command (``TaskMetadataKey/unparsed``), a line the parser would skip among them, each a task
///   numbered in turn. So are the lines left once the run says it starts none of them
///   (``remainingTasksWillBeCancelled()``: a halt, a signal).
/// - A line that is not UTF-8, one with fewer fields than `-E` names, a placeholder without a
///   value on a line (`@ARG_3@` on a two-field line, `@TASK@` without a template), an argument over
///   ``SecurityLimits/maxArgumentLength`` or a template file over ``SecurityLimits/maxFileSize`` gives that task a
///   ``PRXKernel/TaskSpec/preflightError``; the run goes on. The file is read once, as the run goes: a line's fields
///   are known only when it is read, so a short line is no refusal of the whole file (parallelr reads the file whole
///   first and refuses it).
public struct ArgumentsFileSource: TaskSource {
    /// Splits one line's text into fields in place of the separator, or returns `nil` to skip the line.
    public typealias LineParser = (String) throws -> [String]?

    /// A line parser's error, with the line it failed on.
    public struct LineParserError: Error, CustomStringConvertible {
        /// The arguments file, as given.
        public var file: String
        /// The line's number.
        public var line: Int
        /// What the parser said.
        public var reason: String

        public var description: String { "\(reason) (--parser, on \(file):\(line))" }
    }

    private let reader: ArgumentsFileReader

    public var inputWait: (any InputWait)? { reader.inputWait }

    /// Each task, a line's or a stand-in's, takes the next number from 1.
    public var promisesUniqueIDs: Bool { true }

    /// Ends the reading of an arguments file that may wait (``ArgumentsFileReader/stopReading()``); the lines of a
    /// regular file are all at hand and still yielded. Not mutating: the reader is a handle every copy shares.
    public func stopReadingInput() {
        reader.stopReading()
    }

    /// Stops calling the line parser, when there is one: the lines left, which the run only reports cancelled, are
    /// given unparsed, as after a line the parser threw for. The separator's fields cost nothing and run no code of
    /// the user's, so without a parser the lines are made tasks as before, known again by their commands.
    public mutating func remainingTasksWillBeCancelled() {
        if lineParser != nil { parsingEnded = true }
    }
    private let lineParser: LineParser?
    private let command: CommandTemplate
    private let templateFile: String?
    private let templateViolation: String?
    private let environmentNames: EnvironmentNames
    private let settings: TaskSettings
    private let warn: @Sendable (String) -> Void
    private let flagOrigins: FlagOrigins
    private var warnedAboutUnnamedFields = false
    private var nextID = 1
    /// Whether the lines left are given unparsed: the line parser threw for a line, or the run starts none of them.
    private var parsingEnded = false

    /// Creates a source over the lines `reader` has yet to read.
    ///
    /// - Parameters:
    ///   - reader: the open arguments file.
    ///   - command: the template, parsed with the same `environmentNames` for `$NAME` to work.
    ///   - templateFile: the template file's absolute path (template mode), or `nil` (arguments-only mode).
    ///   - environmentNames: the `-E` names.
    ///   - settings: time limit, working directory and limits of every task.
    ///   - warn: receives warnings meant for the log, at most one per kind for the whole file.
    ///   - flagOrigins: what the warnings and errors name for the flags (`-E`, `-T`): the flags, or the settings of
    ///     a source a recipe or a `--set` configured.
    public init(
        reader: ArgumentsFileReader,
        command: CommandTemplate,
        templateFile: String? = nil,
        environmentNames: EnvironmentNames = .none,
        settings: TaskSettings = TaskSettings(),
        warn: @escaping @Sendable (String) -> Void = { _ in },
        flagOrigins: FlagOrigins = .flags,
        lineParser: LineParser? = nil
    ) {
        self.reader = reader
        self.lineParser = lineParser
        self.command = command
        self.templateFile = templateFile
        self.templateViolation = templateFile.flatMap(settings.limits.fileViolation(at:))
        self.environmentNames = environmentNames
        self.settings = settings
        self.warn = warn
        self.flagOrigins = flagOrigins
    }

    public mutating func next() throws -> TaskSpec? {
        while true {
            let line: ArgumentLine?
            do {
                line = try reader.next()
            } catch {
                guard case .unreadableLine(_, let number, _) = error else { throw error }
                throw unreadable(lineNumber: number, line: nil, reason: error.description)
            }
            guard let line else { return nil }
            if parsingEnded { return unparsedTask(for: line) }
            let fields: [String]?
            do {
                fields = try self.fields(of: line)
            } catch {
                parsingEnded = true
                throw unreadable(lineNumber: line.number, line: line, reason: error.description)
            }
            guard let fields else { continue }
            return task(for: line, fields: fields)
        }
    }

    /// The error for line `lineNumber`, which cannot be made a task for `reason`, with a task standing for it
    /// that takes the line's task id, labelled with its text (`line`, when it was read) or its place in the file.
    private mutating func unreadable(lineNumber: Int, line: ArgumentLine?, reason: String) -> UnreadableTaskError {
        UnreadableTaskError(
            standIn: standIn(lineNumber: lineNumber, line: line, marker: TaskMetadataKey.unreadable), reason: reason)
    }

    /// The task of `line`, after a line the parser threw for or once the run starts no more tasks, which the run
    /// reports cancelled: the line's task id and label, no command, and the mark that it was not parsed.
    private mutating func unparsedTask(for line: ArgumentLine) -> TaskSpec {
        standIn(lineNumber: line.number, line: line, marker: TaskMetadataKey.unparsed)
    }

    /// A task with no command standing for line `lineNumber` in the results, under the line's task id, labelled with
    /// its text (``ArgumentLine/shownText`` of `line`, when it was read) or its place in the file, its metadata
    /// marked with `marker`.
    private mutating func standIn(lineNumber: Int, line: ArgumentLine?, marker: String) -> TaskSpec {
        defer { nextID += 1 }
        var metadata = [
            TaskMetadataKey.taskFile: templateFile ?? "",
            TaskMetadataKey.line: String(lineNumber),
            marker: "true",
        ]
        metadata[TaskMetadataKey.arguments] = line?.text
        return TaskSpec(
            id: TaskID(nextID), label: line?.shownText ?? "\(reader.path):\(lineNumber)", argv: [],
            workingDirectory: settings.workingDirectory, metadata: metadata)
    }

    /// The line's fields: the parser's when there is one (`nil` when it skips the line), else the separator's.
    private func fields(of line: ArgumentLine) throws(LineParserError) -> [String]? {
        guard let lineParser else { return line.fields }
        do {
            return try lineParser(line.text)
        } catch {
            throw LineParserError(file: reader.path, line: line.number, reason: "\(error)")
        }
    }

    private mutating func task(for line: ArgumentLine, fields: [String]) -> TaskSpec {
        let names = environmentNames.names
        if !names.isEmpty && names.count < fields.count && !warnedAboutUnnamedFields {
            warnedAboutUnnamedFields = true
            let (named, first) = names.count == 1 ? ("name", "first") : ("names", "first \(names.count)")
            warn(
                "\(reader.path):\(line.number): \(fields.count) fields but \(names.count) environment variable "
                    + "\(named) (\(flagOrigins("-E"))); fields after the \(first) set no variable")
        }
        defer { nextID += 1 }
        var environment: [String: String] = [:]
        for (name, field) in zip(names, fields) {
            environment[name] = field
        }
        let substitution = command.substitute(
            PlaceholderValues(taskFile: templateFile, arguments: fields, environment: environment))

        var metadata = [
            TaskMetadataKey.taskFile: templateFile ?? "",
            TaskMetadataKey.arguments: line.text,
            TaskMetadataKey.line: String(line.number),
        ]
        if !names.isEmpty {
            metadata[TaskMetadataKey.environmentNames] = names.joined(separator: ",")
        }
        if let line = substitution.unfilledCommandLine { metadata[TaskMetadataKey.unfilledCommand] = line }
        return TaskSpec(
            id: TaskID(nextID),
            label: line.shownText,
            argv: substitution.argv,
            environment: environment,
            workingDirectory: settings.workingDirectory,
            timeout: settings.timeout,
            metadata: metadata,
            preflightError: (line.isUTF8 ? nil : line.notUTF8Message(file: reader.path))
                ?? (names.count > fields.count ? tooFewFieldsMessage(line: line, fields: fields) : nil)
                ?? substitution.missing.first.map { missingValueMessage($0, line: line, fields: fields) }
                ?? ProgramStringCheck.nulViolation(argv: substitution.argv, environment: environment)
                ?? settings.limits.argumentViolation(in: substitution.argv)
                ?? ProgramStringCheck.lengthViolation(argv: substitution.argv, environment: environment)
                ?? templateViolation
        )
    }

    /// The error of a line with fewer `fields` than there are `-E` names, naming what gave the names: `-E`, or the
    /// setting of a source a recipe or a `--set` configured (`args-file.env`). A line of separators alone (`,,`) has
    /// no fields, and one name is too many for it.
    private func tooFewFieldsMessage(line: ArgumentLine, fields: [String]) -> String {
        let count = environmentNames.names.count
        let found =
            switch fields.count {
            case 0: "no fields"
            case 1: "only 1 field"
            default: "only \(fields.count) fields"
            }
        return "\(reader.path):\(line.number): \(count) environment variable \(count == 1 ? "name" : "names") "
            + "(\(flagOrigins("-E"))) but \(found)"
    }

    private func missingValueMessage(_ placeholder: Placeholder, line: ArgumentLine, fields: [String]) -> String {
        let reason =
            switch placeholder {
            case .taskFile:
                flagOrigins.isFlagsMode
                    ? "arguments-only mode has no template file (-T)"
                    : "the source has no template file (\(flagOrigins("-T")))"
            case .argument: "the line has \(fields.count) \(fields.count == 1 ? "field" : "fields")"
            case .environment: "no \(flagOrigins("-E")) name pairs with it"
            }
        return "\(reader.path):\(line.number): \(placeholder) has no value: \(reason)"
    }
}
