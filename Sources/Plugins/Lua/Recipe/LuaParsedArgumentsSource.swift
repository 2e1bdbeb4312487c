import PRXKernel

/// `prx -A FILE --parser parse.lua -C …`: one task per arguments line, like ``ArgumentsFileSource``, except that
/// a ``LuaLineParser`` splits each line into fields instead of a ``Separator`` (and may skip a line).
///
/// Lines are read with ``ArgumentsFileReader`` (blank and `#` lines skipped, whitespace trimmed) and the command
/// is the ``CommandTemplate`` filled in with the fields, `@TASK@` being the template file (`-T`) when there is
/// one; `-E` names pair with the fields in order. A parser error stops the run like a malformed arguments file:
/// ``next()`` throws, naming the file and line. Called from the scheduler's run task only.
public struct LuaParsedArgumentsSource: TaskSource {
    private let reader: ArgumentsFileReader
    private let parser: LuaLineParser
    private let command: CommandTemplate
    private let templateFile: String?
    private let environmentNames: [String]
    private let settings: TaskSettings
    private var nextID = 1

    /// Creates a source over the lines of `file`.
    ///
    /// - Parameters:
    ///   - file: the arguments file (`-A`).
    ///   - parser: the `--parser` function.
    ///   - command: the `-C` template.
    ///   - templateFile: the template file's path (`-T`), or `nil`.
    ///   - environmentNames: the `-E` names.
    ///   - settings: time limit, working directory and limits of every task.
    ///   - baseDirectory: what a relative `-T` is relative to; `nil` for the current directory.
    /// - Throws: the one-line errors of ``ArgumentsFileReader``, ``CommandTemplate`` or ``EnvironmentNames``.
    public init(
        file: String, parser: LuaLineParser, command: String, templateFile: String?,
        environmentNames: String?, settings: TaskSettings, baseDirectory: String? = nil
    ) throws {
        let names = try environmentNames.map { try EnvironmentNames(parsing: $0) } ?? .none
        self.reader = try ArgumentsFileReader(path: file)
        self.parser = parser
        self.command = try CommandTemplate(command, environmentNames: names.names)
        self.templateFile = templateFile.map {
            SourceFileSystem.absolutePath($0, base: baseDirectory ?? SourceFileSystem.currentDirectory)
        }
        self.environmentNames = names.names
        self.settings = settings
    }

    public mutating func next() throws -> TaskSpec? {
        while let line = try reader.next() {
            let parsed: [String]?
            do {
                parsed = try parser.fields(of: line.text)
            } catch {
                throw RecipeError("\(error) (--parser, on \(reader.path):\(line.number))")
            }
            guard let fields = parsed else { continue }
            defer { nextID += 1 }
            var environment: [String: String] = [:]
            for (name, field) in zip(environmentNames, fields) {
                environment[name] = field
            }
            let substitution = command.substitute(
                PlaceholderValues(taskFile: templateFile, arguments: fields, environment: environment))
            var metadata = [
                TaskMetadataKey.taskFile: templateFile ?? "",
                TaskMetadataKey.arguments: line.text,
                TaskMetadataKey.line: String(line.number),
            ]
            if !environmentNames.isEmpty {
                metadata[TaskMetadataKey.environmentNames] = environmentNames.joined(separator: ",")
            }
            return TaskSpec(
                id: TaskID(nextID),
                label: line.text,
                argv: substitution.argv,
                environment: environment,
                workingDirectory: settings.workingDirectory,
                timeout: settings.timeout,
                metadata: metadata,
                preflightError: substitution.missing.first.map {
                    "\(reader.path):\(line.number): \($0) has no value: the parser gave \(fields.count) fields"
                } ?? settings.limits.argumentViolation(in: substitution.argv))
        }
        return nil
    }
}
