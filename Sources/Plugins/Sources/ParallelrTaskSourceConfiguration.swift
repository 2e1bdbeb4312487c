extension ParallelrTaskSource {
    /// parallelr's task flags, already parsed: `-T`, `-A`, `-C`, `-S`, `-E`, `--file-extension`, plus the settings
    /// every task shares.
    public struct Configuration: Sendable {
        /// The command template (`-C`).
        public var command: String
        /// The `-T` values: task directories, files and patterns, or the one template file with `-A`.
        public var taskPaths: [String]
        /// The arguments file (`-A`), or `nil` for file mode.
        public var argumentsFile: String?
        /// How arguments lines split into fields (`-S`); `nil` keeps each line whole.
        public var separator: Separator?
        /// The environment variables each arguments line sets (`-E`); file mode ignores them, as parallelr does.
        public var environmentNames: EnvironmentNames
        /// Which task files file mode keeps (`--file-extension`); `nil` keeps all. The arguments modes ignore it.
        public var fileExtensions: FileExtensionFilter?
        /// Time limit, working directory and security limits of every task.
        public var settings: TaskSettings
        /// What relative `-T` values are relative to (task paths, or an arguments file's template); `nil` for the
        /// current directory.
        public var baseDirectory: String?
        /// What a relative arguments file is relative to; `nil` for the current directory. Apart from
        /// ``baseDirectory``: a recipe's `template` is taken from the recipe's directory, a configuration file's
        /// `file` from the current one.
        public var argumentsFileBaseDirectory: String?
        /// Whether the run resumes an earlier one, whose `-T` values name what was there then: one that names nothing
        /// now (a file removed since, a pattern matching none) is passed over, its tasks ones the source no longer
        /// has, rather than refusing the resumption (``TaskFileCollection/PassedOverPath/goneSinceTheRunResumed(_:)``).
        public var resumesEarlierRun: Bool
        /// The existing files the run writes its results to, which the source names when a task file or the
        /// template file is one of them (``ParallelrTaskSource/writtenTaskFiles``).
        public var resultFiles: Set<FileIdentity>
        /// Receives warnings for the log, each kind at most once: when the source is created (arguments-only mode
        /// with a command that uses no field, and one for each `-T` value passed over as no task file:
        /// ``TaskFileCollection/PassedOverPath``) or when the first line with more fields than `-E` names is pulled.
        public var warn: @Sendable (String) -> Void
        /// What the source's warnings and its tasks' errors name for the flags above: the flags themselves, or
        /// the settings of a source a recipe or a `--set` configured (``FlagOrigins``).
        public var flagOrigins: FlagOrigins

        /// Creates a configuration.
        public init(
            command: String,
            taskPaths: [String] = [],
            argumentsFile: String? = nil,
            separator: Separator? = nil,
            environmentNames: EnvironmentNames = .none,
            fileExtensions: FileExtensionFilter? = nil,
            settings: TaskSettings = TaskSettings(),
            baseDirectory: String? = nil,
            argumentsFileBaseDirectory: String? = nil,
            resumesEarlierRun: Bool = false,
            resultFiles: Set<FileIdentity> = [],
            warn: @escaping @Sendable (String) -> Void = { _ in },
            flagOrigins: FlagOrigins = .flags
        ) {
            self.command = command
            self.taskPaths = taskPaths
            self.argumentsFile = argumentsFile
            self.separator = separator
            self.environmentNames = environmentNames
            self.fileExtensions = fileExtensions
            self.settings = settings
            self.baseDirectory = baseDirectory
            self.argumentsFileBaseDirectory = argumentsFileBaseDirectory
            self.resumesEarlierRun = resumesEarlierRun
            self.resultFiles = resultFiles
            self.warn = warn
            self.flagOrigins = flagOrigins
        }
    }
}
