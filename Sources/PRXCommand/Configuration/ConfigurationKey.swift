import PRXPlugins

/// One key of a configuration section: its place in ``PRXConfiguration``, its type and range, whether a user
/// file may set it, and the cap it is held under.
///
/// ``all`` is the one table of keys; the loader, the caps, the flag overrides and both renderers read it.
struct ConfigurationKey: Sendable {
    /// The typed place of the value and what values it accepts.
    enum Field: Sendable {
        /// A whole number in a range.
        case integer(WritableKeyPath<PRXConfiguration, Int> & Sendable, ClosedRange<Int>)
        /// A whole number in a range, or `null`.
        case optionalInteger(WritableKeyPath<PRXConfiguration, Int?> & Sendable, ClosedRange<Int>)
        /// A finite number in a range.
        case number(WritableKeyPath<PRXConfiguration, Double> & Sendable, ClosedRange<Double>)
        /// A finite number in a range that parallelr's configuration writes as a whole number (`max_log_size_mb: 10`)
        /// and multiplies through as Python does a decimal one (`0.5`): shown as a whole number when it is one, else as
        /// a number (``Swift/Double/yamlFloat``).
        case wholeOrDecimal(WritableKeyPath<PRXConfiguration, Double> & Sendable, ClosedRange<Double>)
        /// A truth value.
        case boolean(WritableKeyPath<PRXConfiguration, Bool> & Sendable)
        /// Non-empty text, one of `choices` (compared ignoring case, stored as written in `choices`) unless empty.
        case text(WritableKeyPath<PRXConfiguration, String> & Sendable, choices: [String])
        /// A Python logging format string that a ``LogLineFormat`` reads.
        case logLineFormat(WritableKeyPath<PRXConfiguration, String> & Sendable)
        /// A `strftime` format that makes the timestamp part of log file names (``RunLogFiles``).
        case fileNameDateFormat(WritableKeyPath<PRXConfiguration, String> & Sendable)
    }

    /// Which files may set a key.
    enum Scope: Sendable {
        /// The script and the user configuration.
        case anyFile
        /// The script configuration only; in a user file the key is ignored with a warning, and fails
        /// `--validate-config`.
        case scriptOnly
    }

    /// The section, e.g. `limits`.
    var section: String
    /// The key within the section, e.g. `max_workers`.
    var name: String
    /// Its typed place and accepted values.
    var field: Field
    /// Which files may set it.
    var scope: Scope = .anyFile
    /// The path of the key whose value caps this one (e.g. `limits.max_allowed_workers`), if any.
    var cappedBy: String?

    /// `section.name`, the key's name in warnings and in ``LoadedConfiguration/sources``.
    var path: String { "\(section).\(name)" }

    /// The key called `path`, if there is one.
    static func named(_ path: String) -> ConfigurationKey? {
        all.first { $0.path == path }
    }

    /// The sections of the table, in the order of parallelr's documentation, then prx's `history`.
    static let sections = ["limits", "security", "execution", "logging", "advanced", "history"]

    /// Every key, in the order `--show-config` writes them.
    static let all: [ConfigurationKey] = [
        ConfigurationKey(
            section: "limits", name: "max_workers", field: .integer(\.limits.maxWorkers, 1...Int.max),
            cappedBy: "limits.max_allowed_workers"),
        ConfigurationKey(
            section: "limits", name: "timeout_seconds", field: .integer(\.limits.timeoutSeconds, 1...Int.max),
            cappedBy: "limits.max_allowed_timeout"),
        ConfigurationKey(section: "limits", name: "wait_time", field: .number(\.limits.waitTime, 0.01...10)),
        ConfigurationKey(section: "limits", name: "task_start_delay", field: .number(\.limits.taskStartDelay, 0...60)),
        ConfigurationKey(
            section: "limits", name: "max_output_capture", field: .integer(\.limits.maxOutputCapture, 0...Int.max),
            cappedBy: "limits.max_allowed_output"),
        // parallelr takes any cap its script configuration gives, the system's limit: its documented ranges (1–100
        // workers, 1–3600 seconds) are those of the values a user asks for, which `-m` and `-t` keep. What bounds a
        // run's workers on this machine is the descriptors they need, which ``DescriptorBudget`` holds them to, with a
        // warning; a time limit waits at most ``Swift/Duration/longestSeconds``.
        ConfigurationKey(
            section: "limits", name: "max_allowed_workers",
            field: .integer(\.limits.maxAllowedWorkers, 1...Int.max),
            scope: .scriptOnly),
        ConfigurationKey(
            section: "limits", name: "max_allowed_timeout", field: .integer(\.limits.maxAllowedTimeout, 1...Int.max),
            scope: .scriptOnly),
        ConfigurationKey(
            section: "limits", name: "max_allowed_output", field: .integer(\.limits.maxAllowedOutput, 1...Int.max),
            scope: .scriptOnly),
        ConfigurationKey(section: "limits", name: "stop_limits_enabled", field: .boolean(\.limits.stopLimitsEnabled)),
        ConfigurationKey(
            section: "limits", name: "max_consecutive_failures",
            field: .integer(\.limits.maxConsecutiveFailures, 0...Int.max)),
        ConfigurationKey(section: "limits", name: "max_failure_rate", field: .number(\.limits.maxFailureRate, 0...1)),
        ConfigurationKey(
            section: "limits", name: "min_tasks_for_rate_check",
            field: .integer(\.limits.minTasksForRateCheck, 0...Int.max)),
        ConfigurationKey(
            section: "security", name: "max_argument_length",
            field: .integer(\.security.maxArgumentLength, 1...Int.max), scope: .scriptOnly),
        ConfigurationKey(
            section: "execution", name: "workspace_isolation", field: .boolean(\.execution.workspaceIsolation)),
        ConfigurationKey(
            section: "execution", name: "use_process_groups", field: .boolean(\.execution.useProcessGroups)),
        ConfigurationKey(
            section: "logging", name: "level",
            field: .text(\.logging.level, choices: ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])),
        ConfigurationKey(
            section: "logging", name: "console_format", field: .text(\.logging.consoleFormat, choices: [])),
        ConfigurationKey(section: "logging", name: "file_format", field: .logLineFormat(\.logging.fileFormat)),
        ConfigurationKey(
            section: "logging", name: "custom_date_format", field: .fileNameDateFormat(\.logging.customDateFormat)),
        ConfigurationKey(
            section: "logging", name: "max_log_size_mb",
            field: .wholeOrDecimal(\.logging.maxLogSizeMB, 0...1_048_576)),
        ConfigurationKey(
            section: "logging", name: "backup_count",
            field: .integer(\.logging.backupCount, 0...LogRotation.mostBackups)),
        ConfigurationKey(
            section: "advanced", name: "max_file_size", field: .integer(\.advanced.maxFileSize, 1024...104_857_600)),
        ConfigurationKey(
            section: "advanced", name: "memory_limit_mb",
            field: .optionalInteger(\.advanced.memoryLimitMB, 1...Int.max)),
        ConfigurationKey(section: "advanced", name: "retry_failed_tasks", field: .boolean(\.advanced.retryFailedTasks)),
        ConfigurationKey(section: "history", name: "keep_runs", field: .integer(\.history.keepRuns, 1...Int.max)),
    ]

    /// Sets the key in `configuration` from a file's `value`, converting text as parallelr does ("20" is 20); a
    /// capped key's whole number above 64 bits (``ConfigurationScalar/wholeNumberAbove64Bits``) as the largest the key
    /// holds, which its cap then holds, the loader keeping the number as written for the warning
    /// (``LoadedConfiguration/askedAbove64Bits``).
    ///
    /// - Returns: `nil` when set, or what the value should have been (`must be a whole number between 1 and
    ///   100`), leaving `configuration` unchanged.
    func assign(_ value: ConfigurationScalar, to configuration: inout PRXConfiguration) -> String? {
        switch field {
        case .integer(let keyPath, let range):
            // Above every cap, as parallelr's README has it ("if user specifies higher, value is capped"): held as the
            // largest number the key holds until ``LoadedConfiguration/enforceCaps()`` holds it to its cap.
            if cappedBy != nil, value.wholeNumberAbove64Bits != nil {
                configuration[keyPath: keyPath] = range.upperBound
                return nil
            }
            guard let number = value.integer, range.contains(number) else {
                return "must be \(Self.describe(range, refusing: value))"
            }
            configuration[keyPath: keyPath] = number
        case .optionalInteger(let keyPath, let range):
            if value == .null {
                configuration[keyPath: keyPath] = nil
                return nil
            }
            guard let number = value.integer, range.contains(number) else {
                return "must be null or \(Self.describe(range, refusing: value))"
            }
            configuration[keyPath: keyPath] = number
        case .number(let keyPath, let range), .wholeOrDecimal(let keyPath, let range):
            guard let number = value.number, range.contains(number) else { return "must be \(Self.describe(range))" }
            configuration[keyPath: keyPath] = number
        case .boolean(let keyPath):
            guard let truth = value.boolean else { return "must be true or false" }
            configuration[keyPath: keyPath] = truth
        case .text(let keyPath, let choices):
            guard let text = value.settingText, !text.isEmpty else { return "must be text" }
            if choices.isEmpty {
                configuration[keyPath: keyPath] = text
            } else {
                guard let choice = choices.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
                    return "must be one of \(choices.joined(separator: ", "))"
                }
                configuration[keyPath: keyPath] = choice
            }
        case .logLineFormat(let keyPath):
            guard let text = value.settingText else { return "must be text" }
            do {
                _ = try LogLineFormat(parsing: text)
            } catch {
                return "must be a Python logging format prx can write: \(error)"
            }
            configuration[keyPath: keyPath] = text
        case .fileNameDateFormat(let keyPath):
            guard let text = value.settingText else { return "must be text" }
            do {
                _ = try RunLogFiles(directory: "/", processID: RunLogFiles.widestProcessID, dateFormat: text)
            } catch {
                return error.problem
            }
            configuration[keyPath: keyPath] = text
        }
        return nil
    }

    /// The value's plain text, e.g. `20`, `0.1`, `true`, `INFO`, `null`; what a plugin setting takes.
    func text(in configuration: PRXConfiguration) -> String {
        switch field {
        case .integer(let keyPath, _): String(configuration[keyPath: keyPath])
        case .optionalInteger(let keyPath, _): configuration[keyPath: keyPath].map(String.init) ?? "null"
        case .number(let keyPath, _): String(configuration[keyPath: keyPath])
        case .wholeOrDecimal(let keyPath, _): Self.wholeOrDecimal(configuration[keyPath: keyPath])
        case .boolean(let keyPath): String(configuration[keyPath: keyPath])
        case .text(let keyPath, _), .logLineFormat(let keyPath), .fileNameDateFormat(let keyPath):
            configuration[keyPath: keyPath]
        }
    }

    /// The value as a YAML scalar: ``text(in:)``, with text always double-quoted.
    func yaml(in configuration: PRXConfiguration) -> String {
        yaml(text: text(in: configuration))
    }

    /// `text`, a value of this key as plain text (that of the plugin setting that stands for the key), as a YAML
    /// scalar that PyYAML, and so parallelr, and prx read back as the same value: text double-quoted, a truth value
    /// `true` or `false`, a whole number in decimal (a setting's `010` is ten, which YAML 1.1 reads as octal eight,
    /// and so are `0_10` and ` 010`, which the setting reads as Python's `int()` does), a number as a YAML 1.1 float
    /// (``Swift/Double/yamlFloat``: `1.0e-07`, where `1e-07` is text to PyYAML), and one of ``Field/wholeOrDecimal``
    /// so too unless whole (`10` for `10.0`).
    func yaml(text: String) -> String {
        switch field {
        case .text, .logLineFormat, .fileNameDateFormat: ConfigurationScalar.quoted(text)
        case .boolean: PluginSettings.truth(text).map(String.init) ?? text
        case .integer, .optionalInteger: PluginSettings.wholeNumber(text).map(String.init) ?? text
        case .number: PythonNumberText.decimal(text)?.yamlFloat ?? text
        case .wholeOrDecimal:
            PythonNumberText.decimal(text)?.yamlNumber ?? text
        }
    }

    /// The value of a whole-number key.
    func integer(in configuration: PRXConfiguration) -> Int? {
        if case .integer(let keyPath, _) = field { configuration[keyPath: keyPath] } else { nil }
    }

    /// Sets a whole-number key; other keys are left alone.
    func setInteger(_ value: Int, in configuration: inout PRXConfiguration) {
        if case .integer(let keyPath, _) = field { configuration[keyPath: keyPath] = value }
    }

    /// `range` as the refusal of `value` says it: a range with no bound but `Int`'s as `1 or more`, unless `value` is a
    /// whole number beyond `Int`'s range, which the bound then says is out of range.
    private static func describe(_ range: ClosedRange<Int>, refusing value: ConfigurationScalar) -> String {
        range.upperBound == Int.max && !value.isWholeNumberBeyond64Bits
            ? "a whole number, \(range.lowerBound) or more"
            : "a whole number between \(range.lowerBound) and \(range.upperBound)"
    }

    /// `number` as a whole number when it is one (`10`), else as Swift writes it.
    private static func wholeOrDecimal(_ number: Double) -> String {
        Int(exactly: number).map(String.init) ?? String(number)
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        "a number between \(range.lowerBound.plainText) and \(range.upperBound.plainText)"
    }
}
