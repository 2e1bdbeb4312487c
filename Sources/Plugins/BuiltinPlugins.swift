import PRXKernel

/// The one list of prx's built-in plugins, each with its declaration and the factory that builds it.
///
/// Built-in names are a contract: sources `dir`, `glob`, `args-file`; executor `local`; sinks `csv`, `log`,
/// `output`, `json`; stop policy `stop-limits`. parallelr's flags map onto them.
extension PluginRegistry {
    /// A registry holding every built-in plugin.
    public static var builtin: PluginRegistry {
        var registry = PluginRegistry()
        registry.register(
            source: BuiltinPlugins.directory, factory: BuiltinPlugins.makeDirectorySource,
            valueCheck: BuiltinPlugins.checkTaskFileValues)
        registry.register(
            source: BuiltinPlugins.glob, factory: BuiltinPlugins.makeGlobSource,
            valueCheck: BuiltinPlugins.checkTaskFileValues)
        registry.register(
            source: BuiltinPlugins.argumentsFile, factory: BuiltinPlugins.makeArgumentsFileSource,
            valueCheck: BuiltinPlugins.checkArgumentsFileValues, inputFileSettings: ["file"])
        registry.register(executor: BuiltinPlugins.local, factory: BuiltinPlugins.makeLocalExecutor)
        registry.register(
            sink: BuiltinPlugins.csv, factory: BuiltinPlugins.makeCSVSink, fileOpening: .appendsWhenResuming)
        registry.register(sink: BuiltinPlugins.log, factory: BuiltinPlugins.makeLogSink, fileOpening: .appends)
        registry.register(sink: BuiltinPlugins.output, factory: BuiltinPlugins.makeOutputSink)
        registry.register(
            sink: BuiltinPlugins.json, factory: BuiltinPlugins.makeJSONSink, fileOpening: .appendsWhenResuming)
        registry.register(stopPolicy: BuiltinPlugins.stopLimits, factory: BuiltinPlugins.makeStopLimits)
        registry.markBuiltIn()
        return registry
    }
}

/// The declarations and factories of the built-in plugins.
package enum BuiltinPlugins {
    private static let command = PluginSetting(
        "command", .string, required: true, help: "command template with @TASK@, @ARG@, @ARG_N@ placeholders (-C)")
    private static let extensions = PluginSetting(
        "ext", .list, help: "only task files with these extensions, e.g. txt,log (--file-extension)")

    // MARK: Sources

    static let directory = PluginDescriptor(
        kind: .source, name: "dir", summary: "the regular files of one directory, non-recursive, sorted",
        settings: [
            PluginSetting("path", .string, bounds: .nonEmpty, required: true, help: "the directory (-T)"), command,
            extensions,
        ])

    static let glob = PluginDescriptor(
        kind: .source, name: "glob",
        summary: "files from directories, paths and glob patterns, combined, de-duplicated, sorted",
        settings: [
            PluginSetting("patterns", .list, required: true, help: "directories, files or patterns (-T, repeatable)"),
            command, extensions,
        ])

    /// The source `-A/--arguments-file` chooses: one task per line of an arguments file.
    package static let argumentsFile = PluginDescriptor(
        kind: .source, name: "args-file", summary: "one task per line of an arguments file, read as the run goes",
        settings: [
            PluginSetting("file", .string, bounds: .nonEmpty, required: true, help: "the arguments file (-A)"),
            command,
            PluginSetting(
                "template", .string, bounds: .nonEmpty, help: "a template file given to the command as @TASK@ (-T)"),
            PluginSetting(
                "separator", .string,
                help: "space, whitespace, tab, comma, semicolon, pipe or colon; none keeps each line whole (-S)"),
            PluginSetting("env", .list, help: "environment variables set from each line's fields, in order (-E)"),
        ])

    static func makeDirectorySource(_ settings: PluginSettings, _ context: PluginContext) throws -> any TaskSource {
        let path = try settings.required("path")
        // Named as the other sources' task paths are (`(dir.path)`, or the configuration file's line that gave it).
        let status: SourceFileSystem.Status?
        do {
            status = try SourceFileSystem.status(SourceFileSystem.absolutePath(
                path, base: context.baseDirectories["path"] ?? SourceFileSystem.currentDirectory))
        } catch {
            throw TaskFileCollection.CollectionError.unreadable(path, reason: error.description)
        }
        switch status?.kind {
        case .directory: return try taskFiles([path], setting: "path", settings, context)
        case nil: throw TaskFileCollection.CollectionError.notFound(path)
        default: throw TaskFileCollection.CollectionError.notDirectory(path)
        }
    }

    static func makeGlobSource(_ settings: PluginSettings, _ context: PluginContext) throws -> any TaskSource {
        try taskFiles(globPatterns(settings), setting: "patterns", settings, context)
    }

    /// The `glob` source's patterns, each element of the list one pattern, the empty ones left out.
    ///
    /// - Throws: ``PluginError`` when none is left.
    private static func globPatterns(_ settings: PluginSettings) throws(PluginError) -> [String] {
        let patterns = (settings.list("patterns") ?? []).filter { !$0.isEmpty }
        guard !patterns.isEmpty else { throw settings.missing("patterns") }
        return patterns
    }

    /// A `dir` or `glob` source's extension filter, `nil` for none. Text is read as `--file-extension` is, not as a
    /// list, which drops the empty entries: `.` or `,` names no extension; each element of a list is one extension.
    private static func extensionFilter(
        _ settings: PluginSettings
    ) throws(FileExtensionFilter.NoExtensionError) -> FileExtensionFilter? {
        switch settings.value("ext") {
        case nil: nil
        case .text(let list): try FileExtensionFilter(parsing: list)
        case .list(let entries): try FileExtensionFilter(entries: entries)
        }
    }

    /// Refuses what a `dir` or `glob` source refuses when made, whatever its files: an extension list that names no
    /// extension, a command template that does not parse, `glob`'s patterns given as no pattern.
    static func checkTaskFileValues(_ settings: PluginSettings) throws {
        _ = try extensionFilter(settings)
        try checkCommand(settings)
        if settings.value("patterns") != nil { _ = try globPatterns(settings) }
    }

    /// Refuses what an `args-file` source refuses when made, whatever its files: an unknown separator, environment
    /// variable names that cannot be used, a command template that does not parse, and, with an arguments file, one
    /// using `@TASK@` without a template file (``ParallelrTaskSource/ConfigurationError/taskFileWithoutTemplate``):
    /// without `file` the values are not an `args-file` source's (a `-C` of a run of task files, which maps onto
    /// `args-file.command` too).
    static func checkArgumentsFileValues(_ settings: PluginSettings) throws {
        _ = try separator(settings)
        _ = try environmentNames(settings)
        let command = try checkCommand(settings)
        if settings.string("file") != nil, settings.string("template") == nil,
            command?.placeholders.contains(.taskFile) == true
        {
            throw ParallelrTaskSource.ConfigurationError.taskFileWithoutTemplate
        }
    }

    /// Parses the command template, when given, as the source does when made, and returns it.
    @discardableResult
    private static func checkCommand(_ settings: PluginSettings) throws(CommandTemplate.ParseError) -> CommandTemplate? {
        try settings.string("command").map { command throws(CommandTemplate.ParseError) in try CommandTemplate(command) }
    }

    /// A `dir` or `glob` source of the task files `paths`, which its setting `pathsSetting` gave.
    private static func taskFiles(
        _ paths: [String], setting pathsSetting: String, _ settings: PluginSettings, _ context: PluginContext
    ) throws -> ParallelrTaskSource {
        try ParallelrTaskSource(configuration: .init(
            command: try settings.required("command"),
            taskPaths: paths,
            fileExtensions: try extensionFilter(settings),
            settings: context.taskSettings,
            baseDirectory: context.baseDirectories[pathsSetting],
            resumesEarlierRun: context.resumesEarlierRun,
            resultFiles: context.resultFiles,
            warn: context.warn,
            flagOrigins: context.flagOrigins))
    }

    static func makeArgumentsFileSource(_ settings: PluginSettings, _ context: PluginContext) throws -> any TaskSource {
        try ParallelrTaskSource(configuration: .init(
            command: try settings.required("command"),
            taskPaths: settings.string("template").map { [$0] } ?? [],
            argumentsFile: try settings.required("file"),
            separator: try separator(settings),
            environmentNames: try environmentNames(settings),
            settings: context.taskSettings,
            baseDirectory: context.baseDirectories["template"],
            argumentsFileBaseDirectory: context.baseDirectories["file"],
            resultFiles: context.resultFiles,
            warn: context.warn,
            flagOrigins: context.flagOrigins))
    }

    /// An `args-file` source's separator, `nil` for none (each line one field).
    private static func separator(_ settings: PluginSettings) throws(Separator.UnknownName) -> Separator? {
        try settings.string("separator").map { name throws(Separator.UnknownName) in try Separator(name: name) }
    }

    /// An `args-file` source's environment variable names (``EnvironmentNames/init(setting:)``), none without `env`.
    private static func environmentNames(
        _ settings: PluginSettings
    ) throws(EnvironmentNames.NameError) -> EnvironmentNames {
        guard let value = settings.value("env") else { return .none }
        return try EnvironmentNames(setting: value)
    }

    // MARK: Executor

    /// The executor every run chooses unless it names another (`--executor`, `prx.executor`).
    package static let local = PluginDescriptor(
        kind: .executor, name: "local",
        summary: "runs each task as a local process in its own process group",
        settings: [
            PluginSetting(
                "max_output_capture", .integer, default: "1000", bounds: .atLeast(0),
                help: "characters kept of the end of each task's stdout and stderr"),
            PluginSetting(
                "termination_grace", .number, default: "2", bounds: .from(0, to: Duration.longestSeconds),
                help: "seconds between SIGTERM and SIGKILL when a task is stopped"),
            PluginSetting(
                "use_process_groups", .boolean, default: "true",
                help: "stop a task's whole process group, not only its main process"),
            PluginSetting(
                "adopt_orphans", .boolean, default: "true",
                help: "with process groups, take in what tasks start outside their groups (a daemon) and stop it "
                    + "at the end of the run"),
            PluginSetting(
                "feedback", .boolean, default: "false",
                help: "give each task a feedback file for [key]value lines, named in $PRX_FEEDBACK_FILE (--feedback)"),
            PluginSetting(
                "feedback_dir", .string, bounds: .nonEmpty,
                help: "the directory under which each run's feedback files go, in a subdirectory named by the run "
                    + "(default: parallelr_{PID}_{TIMESTAMP}_feedback in the log directory); does not turn feedback on "
                    + "by itself (--feedback or heartbeat_timeout does)"),
            PluginSetting(
                "heartbeat_timeout", .number, bounds: .above(0, atMost: Duration.longestSeconds),
                help: "stop a task that leaves its feedback file unchanged this many seconds; "
                    + "turns feedback on (--heartbeat-timeout)"),
        ])

    static func makeLocalExecutor(_ settings: PluginSettings, _ context: PluginContext) throws -> any Executor {
        let capture = settings.integer("max_output_capture") ?? 1000
        let grace = settings.number("termination_grace") ?? 2
        let heartbeat = settings.number("heartbeat_timeout")
        var feedback: FeedbackSettings?
        if FeedbackSettings.isOn(feedback: settings.boolean("feedback"), heartbeatTimeout: heartbeat) {
            feedback = FeedbackSettings(
                directory: FeedbackSettings.directory(
                    named: settings.string("feedback_dir"), logFiles: context.logFiles,
                    base: context.baseDirectories["feedback_dir"] ?? SourceFileSystem.currentDirectory,
                    runID: context.runID),
                heartbeatTimeout: heartbeat)
        }
        return LocalProcessExecutor(configuration: .init(
            maxOutputCapture: capture,
            terminationGrace: grace,
            defaultWorkingDirectory: context.taskSettings.workingDirectory,
            useProcessGroups: settings.boolean("use_process_groups") ?? true,
            adoptsOrphans: settings.boolean("adopt_orphans") ?? true,
            feedback: feedback),
            warn: context.warn)
    }

    // MARK: Sinks

    static let csv = PluginDescriptor(
        kind: .sink, name: "csv", summary: "the semicolon-separated summary, one row per task as it ends",
        settings: [
            PluginSetting(
                "path", .string, bounds: .nonEmpty,
                help: "the file (default: parallelr_{PID}_{TIMESTAMP}_summary.csv)"),
            PluginSetting(
                "sync", .boolean, default: "false",
                help: "flush each row to the disk (fdatasync) before going on, so a machine crash loses none (--sync)"),
        ])

    /// The sink of the run's main log, which every run chooses.
    package static let log = PluginDescriptor(
        kind: .sink, name: "log", summary: "the timestamped main log, rotated by size",
        settings: [
            PluginSetting(
                "path", .string, bounds: .nonEmpty, help: "the file (default: parallelr_{PID}_{TIMESTAMP}.log)"),
            PluginSetting(
                "level", .string, default: "INFO", bounds: .oneOf(LogLevel.allCases.map(\.name)),
                help: "DEBUG, INFO, WARNING, ERROR or CRITICAL"),
            PluginSetting(
                "max_log_size_mb", .number, default: "10", bounds: .from(0, to: 1_048_576),
                help: "rotate when the log passes this size (0: never, as Python's handler)"),
            PluginSetting(
                "backup_count", .integer, default: "5", bounds: .from(0, to: Double(LogRotation.mostBackups)),
                help: "rotated logs kept"),
            PluginSetting(
                "format", .string, default: LogLineFormat.parallelrFormat, bounds: .logLineFormat,
                help: "a line's layout, a Python logging format string (logging.file_format)"),
        ])

    static let output = PluginDescriptor(
        kind: .sink, name: "output", summary: "each task's command, status, figures, stdout and stderr",
        settings: [
            PluginSetting(
                "path", .string, bounds: .nonEmpty, help: "the file (default: parallelr_{PID}_{TIMESTAMP}_output.txt)"),
        ])

    /// The sink of the run's JSON Lines file, which `--json` chooses.
    package static let json = PluginDescriptor(
        kind: .sink, name: "json", summary: "every result and the run summary as JSON Lines",
        settings: [
            PluginSetting("path", .string, bounds: .nonEmpty, required: true, help: "the file (--json)"),
            PluginSetting(
                "sync", .boolean, default: "false",
                help: "flush each row to the disk (fdatasync) before going on, so a machine crash loses none (--sync)"),
        ])

    static func makeCSVSink(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        try SummaryCSVSink(
            path: settings.string("path") ?? context.logFiles.summaryCSV, processID: context.processID,
            appending: context.resumesEarlierRun, syncsEachRow: settings.boolean("sync") ?? false)
    }

    static func makeLogSink(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        // The level's bounds are the levels' names.
        let level = settings.string("level").flatMap(LogLevel.init(name:)) ?? .info
        let rotation = LogRotation(settings: settings)
        // The format's bounds are the formats it reads.
        let format = settings.string("format").flatMap { try? LogLineFormat(parsing: $0) } ?? LogLineFormat()
        let log = try RunLog(
            path: settings.string("path") ?? context.logFiles.mainLog,
            processID: context.processID,
            minimumLevel: level,
            maxBytes: rotation.maxBytes,
            backupCount: rotation.backupCount,
            format: format,
            warn: context.warn)
        return LogSink(log: log)
    }

    static func makeOutputSink(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        try TaskOutputSink(path: settings.string("path") ?? context.logFiles.taskOutput)
    }

    static func makeJSONSink(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        try JSONSink(
            path: try settings.required("path"), appending: context.resumesEarlierRun,
            syncsEachRow: settings.boolean("sync") ?? false)
    }

    // MARK: Stop policy

    /// parallelr's stop limits, which `--enable-stop-limits` turns on.
    package static let stopLimits = PluginDescriptor(
        kind: .stopPolicy, name: "stop-limits",
        summary: "halts after too many failures in a row or too high a failure rate",
        settings: [
            PluginSetting(
                "max_consecutive_failures", .integer, default: "5", bounds: .atLeast(0),
                help: "halt after this many failures in a row"),
            PluginSetting(
                "max_failure_rate", .number, default: "0.5", bounds: .from(0, to: 1),
                help: "halt when the failure rate exceeds this"),
            PluginSetting(
                "min_tasks_for_rate_check", .integer, default: "10", bounds: .atLeast(0),
                help: "finished tasks before the rate counts"),
        ])

    static func makeStopLimits(_ settings: PluginSettings, _ context: PluginContext) throws -> any StopPolicy {
        let consecutive = settings.integer("max_consecutive_failures") ?? 5
        let rate = settings.number("max_failure_rate") ?? 0.5
        let minimum = settings.integer("min_tasks_for_rate_check") ?? 10
        return StopLimitsPolicy(
            maxConsecutiveFailures: consecutive, maxFailureRate: rate, minTasksForRateCheck: minimum)
    }
}
