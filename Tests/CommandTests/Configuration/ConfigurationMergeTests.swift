import Foundation
import Testing

@testable import PRXCommand

@Suite struct ConfigurationMergeTests {
    /// One row of the merge table: files, flags, and the expected workers, timeout and level with their sources.
    struct MergeCase: Sendable, CustomTestStringConvertible {
        var name: String
        var script: String?
        var user: String?
        var flags = FlagOverrides()
        var workers: Int
        var timeout: Int
        var level: String
        /// Expected source kinds of max_workers, timeout_seconds, level: "default", "script", "user", "-m" ….
        var origins: [String]
        var testDescription: String { name }
    }

    static let mergeCases: [MergeCase] = [
        MergeCase(name: "defaults only", workers: 20, timeout: 600, level: "INFO",
                  origins: ["default", "default", "default"]),
        MergeCase(name: "script only",
                  script: "limits:\n  max_workers: 30\n  timeout_seconds: 900\nlogging:\n  level: WARNING\n",
                  workers: 30, timeout: 900, level: "WARNING", origins: ["script", "script", "script"]),
        MergeCase(name: "user overrides one key",
                  script: "limits:\n  max_workers: 30\n  timeout_seconds: 900\n", user: "limits:\n  max_workers: 50\n",
                  workers: 50, timeout: 900, level: "INFO", origins: ["user", "script", "default"]),
        MergeCase(name: "user over defaults without a script", user: "logging:\n  level: debug\n",
                  workers: 20, timeout: 600, level: "DEBUG", origins: ["default", "default", "user"]),
        MergeCase(name: "flags on top",
                  script: "limits:\n  max_workers: 30\n  timeout_seconds: 900\n", user: "limits:\n  max_workers: 50\n",
                  flags: FlagOverrides(maxWorkers: 8, timeoutSeconds: 60, debug: true),
                  workers: 8, timeout: 60, level: "DEBUG", origins: ["-m", "-t", "-d"]),
    ]

    @Test(arguments: mergeCases)
    func mergesKeyByKey(_ row: MergeCase) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: row.script, user: row.user, flags: row.flags)
        #expect(loaded.effective.limits.maxWorkers == row.workers)
        #expect(loaded.effective.limits.timeoutSeconds == row.timeout)
        #expect(loaded.effective.logging.level == row.level)
        let origins = ["limits.max_workers", "limits.timeout_seconds", "logging.level"].map { path in
            switch loaded.source(of: path) {
            case .defaultValue: "default"
            case .scriptFile(let file, _): file == fixture.scriptPath ? "script" : "wrong script \(file)"
            case .userFile(let file, _): file == fixture.userPath ? "user" : "wrong user \(file)"
            case .flag(let name): name
            case .executor(let name): "executor \(name)"
            }
        }
        #expect(origins == row.origins)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func defaultsAreParallelrs() {
        let defaults = PRXConfiguration()
        #expect(defaults.limits == PRXConfiguration.Limits(
            maxWorkers: 20, timeoutSeconds: 600, waitTime: 0.1, taskStartDelay: 0, maxOutputCapture: 1000,
            maxAllowedWorkers: 100, maxAllowedTimeout: 3600, maxAllowedOutput: 10000, stopLimitsEnabled: false,
            maxConsecutiveFailures: 5, maxFailureRate: 0.5, minTasksForRateCheck: 10))
        #expect(defaults.security.maxArgumentLength == 1000)
        #expect(defaults.execution == PRXConfiguration.Execution(workspaceIsolation: false, useProcessGroups: true))
        #expect(defaults.logging.level == "INFO")
        #expect(defaults.logging.customDateFormat == "%d%b%y_%H%M%S")
        #expect(defaults.logging.maxLogSizeMB == 10 && defaults.logging.backupCount == 5)
        #expect(defaults.advanced
            == PRXConfiguration.Advanced(maxFileSize: 1_048_576, memoryLimitMB: nil, retryFailedTasks: false))
        #expect(defaults.history.keepRuns == 100)
    }

    @Test func everyKeyOfEverySectionIsRead() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: """
            limits:
              max_workers: 10
              timeout_seconds: 100
              wait_time: 0.5
              task_start_delay: 1.5
              max_output_capture: 500
              max_allowed_workers: 50
              max_allowed_timeout: 1000
              max_allowed_output: 5000
              stop_limits_enabled: true
              max_consecutive_failures: 3
              max_failure_rate: 0.25
              min_tasks_for_rate_check: 4
            security:
              max_argument_length: 2000
            execution:
              workspace_isolation: yes
              use_process_groups: false
            logging:
              level: ERROR
              console_format: "%(message)s"
              file_format: "%(levelname)s %(message)s"
              custom_date_format: "%Y%m%d"
              max_log_size_mb: 20
              backup_count: 0
            advanced:
              max_file_size: 2048
              memory_limit_mb: 512
              retry_failed_tasks: true
            history:
              keep_runs: 7
            """)
        #expect(loaded.warnings.map { $0.split(separator: " ")[1] } == [
            "logging.console_format", "advanced.memory_limit_mb", "advanced.retry_failed_tasks",
        ])
        var expected = PRXConfiguration()
        expected.limits = .init(
            maxWorkers: 10, timeoutSeconds: 100, waitTime: 0.5, taskStartDelay: 1.5, maxOutputCapture: 500,
            maxAllowedWorkers: 50, maxAllowedTimeout: 1000, maxAllowedOutput: 5000, stopLimitsEnabled: true,
            maxConsecutiveFailures: 3, maxFailureRate: 0.25, minTasksForRateCheck: 4)
        expected.security.maxArgumentLength = 2000
        expected.execution = .init(workspaceIsolation: true, useProcessGroups: false)
        expected.logging = .init(
            level: "ERROR", consoleFormat: "%(message)s", fileFormat: "%(levelname)s %(message)s",
            customDateFormat: "%Y%m%d", maxLogSizeMB: 20, backupCount: 0)
        expected.advanced = .init(maxFileSize: 2048, memoryLimitMB: 512, retryFailedTasks: true)
        expected.history.keepRuns = 7
        #expect(loaded.effective == expected)
        #expect(ConfigurationKey.all.allSatisfy { loaded.source(of: $0.path) != .defaultValue })
    }

    @Test(arguments: [
        ("max_workers", "max_allowed_workers: 40", 90, 40),
        ("timeout_seconds", "max_allowed_timeout: 1200", 3000, 1200),
        ("max_output_capture", "max_allowed_output: 2000", 50000, 2000),
        ("max_workers", "max_allowed_workers: 100", 150, 100),
        ("timeout_seconds", "max_allowed_timeout: 3600", 7200, 3600),
    ])
    func userValueAboveTheCapIsCapped(key: String, cap: String, userValue: Int, expected: Int) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: "limits:\n  \(cap)\n", user: "limits:\n  \(key): \(userValue)\n")
        let configurationKey = try #require(ConfigurationKey.named("limits.\(key)"))
        #expect(configurationKey.integer(in: loaded.effective) == expected)
        let capName = cap.split(separator: ":")[0]
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: limits.\(key) \(userValue) is above limits.\(capName) \(expected) "
                + "(script: \(fixture.scriptPath)); using \(expected)"
        ])
    }

    /// A whole number above 64 bits (`2**63`, `1.0e+30`) given a key with a `max_allowed_*` cap is above the cap, and
    /// held to it with the cap's warning, quoted as written, as parallelr's README has it ("if user specifies higher,
    /// value is capped with a warning"), even a cap of the largest 64-bit number: it was refused as out of range, the
    /// default kept, and failed `--validate-config`.
    @Test(arguments: [
        "9223372036854775808", "1.0e+30", "99999999999999999999999", "0x1_0000_0000_0000_0000",
        "\"99999999999999999999\"",
    ])
    func aWholeNumberAboveSixtyFourBitsIsHeldToItsCap(value: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let written = value.filter { $0 != "\"" }
        let loaded = try fixture.load(
            script: "limits:\n  max_allowed_output: \(Int.max)\n",
            user: "limits:\n  max_workers: \(value)\n  timeout_seconds: \(value)\n  max_output_capture: \(value)\n")
        #expect(loaded.effective.limits.maxWorkers == 100)
        #expect(loaded.effective.limits.timeoutSeconds == 3600)
        #expect(loaded.effective.limits.maxOutputCapture == Int.max)
        let above = { (line: Int, key: String, cap: String) in
            "\(fixture.userPath):\(line): limits.\(key) \(written) is above limits.\(cap)"
        }
        #expect(loaded.warnings == [
            above(2, "max_workers", "max_allowed_workers 100 (default); using 100"),
            above(3, "timeout_seconds", "max_allowed_timeout 3600 (default); using 3600"),
            above(4, "max_output_capture", "max_allowed_output \(Int.max) (script: \(fixture.scriptPath)); using ")
                + "\(Int.max)",
        ])
        #expect(loaded.rejections == [])
        #expect(loaded.heldToCaps["limits.max_workers"]?.asked == written)
        // A lower tier's number is replaced as any is: by the user file's value, or by a flag; one that a `--set`
        // replaces is unused and not warned about, and held all the same, not kept as the largest 64-bit number,
        // which the run's journal records for the key.
        let replaced = try fixture.load(
            script: "limits:\n  max_workers: \(value)\n  timeout_seconds: \(value)\n",
            user: "limits:\n  max_workers: 30\n  max_output_capture: \(value)\n",
            flags: FlagOverrides(timeoutSeconds: 60, pluginSettings: ["local.max_output_capture"]))
        #expect(replaced.effective.limits.maxWorkers == 30)
        #expect(replaced.effective.limits.timeoutSeconds == 60)
        #expect(replaced.effective.limits.maxOutputCapture == 10000)
        #expect(replaced.warnings == [])
    }

    /// A whole number beyond 64 bits that no cap holds (one below `Int`'s range, or one given a key with no cap) is
    /// refused as out of range, quoted as written, the lower tier's value kept: it was taken as the largest (or
    /// smallest) 64-bit number, which `--show-config` showed for a key with no cap, a value the file does not hold.
    @Test(arguments: ["9223372036854775808", "1.0e+30", "99999999999999999999999", "0x1_0000_0000_0000_0000"])
    func aWholeNumberBeyondSixtyFourBitsIsRefused(value: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            user: "limits:\n  max_workers: -\(value)0\n  timeout_seconds: -\(value)0\n"
                + "  max_consecutive_failures: \(value)\nadvanced:\n  memory_limit_mb: \(value)\n")
        #expect(loaded.effective.limits.maxWorkers == 20)
        #expect(loaded.effective.limits.maxConsecutiveFailures == 5)
        let whole = "must be a whole number between"
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: limits.max_workers \(whole) 1 and \(Int.max) (got '-\(value)0'); using 20 "
                + "(default)",
            "\(fixture.userPath):3: limits.timeout_seconds \(whole) 1 and \(Int.max) (got '-\(value)0'); using 600 "
                + "(default)",
            "\(fixture.userPath):4: limits.max_consecutive_failures \(whole) 0 and \(Int.max) (got '\(value)'); "
                + "using 5 (default)",
            "\(fixture.userPath):6: advanced.memory_limit_mb must be null or a whole number between 1 and \(Int.max) "
                + "(got '\(value)'); using null (default)",
        ])
        #expect(loaded.rejections == loaded.warnings)
        let quoted = try fixture.load(user: "limits:\n  min_tasks_for_rate_check: \"99999999999999999999\"\n")
        #expect(quoted.warnings == [
            "\(fixture.userPath):2: limits.min_tasks_for_rate_check \(whole) 0 and \(Int.max) (got "
                + "'99999999999999999999'); using 10 (default)"
        ])
    }

    /// A file's numbers are read as PyYAML (YAML 1.1), and so parallelr, reads them, text with Python's `int()` and
    /// `float()`: `010` was ten, YAML 1.2's octal `0o10` eight in prx's README, where parallelr reads eight and
    /// refuses `0o10`; `1_0`, `0b101`, `0x1F` and `1:30` were refused (the default used, with a warning), `1e1` and
    /// `"1e1"` (text to PyYAML, which `int()` refuses) were ten, and so was the text `"10.0"`.
    @Test(arguments: [
        ("010", 8), ("+010", 8), ("0_10", 8), ("08", 8), ("1_0", 10), ("0b101", 5), ("0x1F", 31), ("0x_1f", 31),
        ("1:30", 90), ("-0", nil), ("10.0", 10), ("1.0e+1", 10), ("\"010\"", 10), ("' 1_0 '", 10),
        ("!!int \"010\"", 8), ("0o10", nil), ("1e1", nil), ("1.0e1", nil), ("\"1e1\"", nil), ("\"10.0\"", nil),
        ("\"0x1F\"", nil), ("0b_", nil), ("2.5", nil), (".inf", nil),
    ] as [(String, Int?)])
    func aWholeNumberIsReadAsParallelrReadsIt(written: String, workers: Int?) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  max_workers: \(written)\n")
        #expect(loaded.effective.limits.maxWorkers == workers ?? 20)
        let quoted = written.hasPrefix("!!") || written.hasPrefix("\"") || written.hasPrefix("'")
            ? String(written.drop { $0 != "\"" && $0 != "'" }.dropFirst().dropLast()) : written
        #expect(loaded.warnings == (workers == nil ? [
            "\(fixture.userPath):2: limits.max_workers must be a whole number, 1 or more (got '\(quoted)'); using 20 "
                + "(default)"
        ] : []))
    }

    /// A number key takes what PyYAML reads as a number, and text as Python's `float()` does: `1_0.5` and `0:30.5`
    /// (base 60) were refused; `1e1` is text to PyYAML, which `float()` reads.
    @Test(arguments: [
        ("1_0.5", 10.5), ("0:30.5", 30.5), ("1e1", 10), ("\"1e1\"", 10), ("1.5e+1", 15), (".5", 0.5), ("0b11", 3),
        ("010", 8), ("\"010\"", 10), ("0x10", 16), ("\"0x10\"", nil), (".nan", nil), ("-.inf", nil),
    ] as [(String, Double?)])
    func aNumberIsReadAsParallelrReadsIt(written: String, delay: Double?) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  task_start_delay: \(written)\n")
        #expect(loaded.effective.limits.taskStartDelay == delay ?? 0)
        #expect(loaded.warnings.count == (delay == nil ? 1 : 0), "\(loaded.warnings)")
    }

    /// A `plugins:` setting is given the number PyYAML reads, in decimal (`8` for `010`), as a key of a section is:
    /// a number beyond 64 bits as written, which a setting refuses.
    @Test(arguments: [
        ("010", "8"), ("0x1F", "31"), ("1:30", "90"), ("10.0", "10"), ("1_0.5", "10.5"), ("\"010\"", "010"),
        ("1e1", "1e1"), ("99999999999999999999", nil), ("1.0e+30", nil),
    ] as [(String, String?)])
    func aPluginSettingIsGivenTheNumberInDecimal(written: String, setting: String?) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "plugins:\n  local:\n    termination_grace: \(written)\n")
        #expect(loaded.effective.plugins["local"]?["termination_grace"] == setting.map { .text($0) })
        #expect(loaded.warnings.count == (setting == nil ? 1 : 0), "\(loaded.warnings)")
    }

    /// A key of text is given a number as a `plugins:` setting is, in decimal, where PyYAML gives parallelr the
    /// number (the integer 8 for `010`): it kept the text as written (`010`), so that one file gave a key `010` and a
    /// setting `8`. Quoted, the text is kept.
    @Test(arguments: [
        ("010", "8"), ("0x1F", "31"), ("1:30", "90"), ("10.0", "10"), ("1_0.5", "10.5"), ("\"010\"", "010"),
        ("1e1", "1e1"), ("20261203", "20261203"), ("99999999999999999999", "99999999999999999999"),
        ("-0x8000_0000_0000_0000", "-9223372036854775808"), ("-0x8000_0000_0000_0001", "-0x8000_0000_0000_0001"),
    ])
    func aKeyOfTextIsGivenTheNumberInDecimal(written: String, text: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            user: "logging:\n  custom_date_format: \(written)\n  console_format: \(written)\n")
        #expect(loaded.effective.logging.customDateFormat == text)
        #expect(loaded.effective.logging.consoleFormat == text)
    }

    /// The script configuration's `max_allowed_workers` and `max_allowed_timeout` are the system's limits, as
    /// parallelr takes them: above parallelr's ranges for what a user asks for (100 workers, 3600 seconds), they were
    /// refused with a warning, the cap left at 100 or 3600, and a file's `max_workers` or `timeout_seconds` held to it
    /// (the timeout's until now: the cap on workers was taken as the system's limit first).
    @Test(arguments: [
        ("max_allowed_workers", "max_workers", 500, 300), ("max_allowed_timeout", "timeout_seconds", 7200, 5400),
    ])
    func aRaisedCapIsTaken(cap: String, key: String, raised: Int, asked: Int) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let capKey = try #require(ConfigurationKey.named("limits.\(cap)"))
        let valueKey = try #require(ConfigurationKey.named("limits.\(key)"))
        let loaded = try fixture.load(
            script: "limits:\n  \(cap): \(raised)\n", user: "limits:\n  \(key): \(asked)\n")
        #expect(loaded.warnings == [])
        #expect(capKey.integer(in: loaded.effective) == raised)
        #expect(valueKey.integer(in: loaded.effective) == asked)
        let held = try fixture.load(script: "limits:\n  \(cap): \(raised)\n  \(key): \(raised + 100)\n")
        #expect(valueKey.integer(in: held.effective) == raised)
        #expect(held.warnings == [
            "\(fixture.scriptPath):3: limits.\(key) \(raised + 100) is above limits.\(cap) \(raised) "
                + "(script: \(fixture.scriptPath)); using \(raised)"
        ])
    }

    @Test func aLoweredCapHoldsTheDefaultWithoutAWarning() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: "limits:\n  max_allowed_workers: 8\n")
        #expect(loaded.effective.limits.maxWorkers == 8)
        #expect(loaded.warnings.isEmpty)
    }

    @Test(arguments: [
        ("limits:\n  max_allowed_workers: 500\n", "limits.max_allowed_workers"),
        ("limits:\n  max_allowed_timeout: 9000\n", "limits.max_allowed_timeout"),
        ("limits:\n  max_allowed_output: 99999\n", "limits.max_allowed_output"),
        ("security:\n  max_argument_length: 99999\n", "security.max_argument_length"),
    ])
    func scriptOnlyKeysInTheUserFileAreIgnored(user: String, path: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: "", user: user)
        #expect(loaded.effective == PRXConfiguration())
        #expect(loaded.source(of: path) == .defaultValue)
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: \(path) can only be set in the script configuration; ignored"
        ])
    }

    /// `max_output_capture: 0` keeps nothing of a task's output, as `local.max_output_capture=0` does (it was refused
    /// with a warning, and 1000 characters kept).
    @Test func anOutputCaptureOfZeroIsTaken() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: "", user: "limits:\n  max_output_capture: 0\n")
        #expect(loaded.warnings == [])
        #expect(loaded.effective.limits.maxOutputCapture == 0)
    }

    /// One wrong value: where it is, and the warning's text after `FILE:LINE: `.
    @Test(arguments: [
        ("limits:\n  max_workers: many\n",
         "limits.max_workers must be a whole number, 1 or more (got 'many'); using 30 (script: SCRIPT)"),
        ("limits:\n  max_workers: 0\n",
         "limits.max_workers must be a whole number, 1 or more (got '0'); using 30 (script: SCRIPT)"),
        ("limits:\n  max_output_capture: -1\n",
         "limits.max_output_capture must be a whole number, 0 or more (got '-1'); using 1000 (default)"),
        ("limits:\n  timeout_seconds: 2.5\n",
         "limits.timeout_seconds must be a whole number, 1 or more (got '2.5'); using 600 (default)"),
        ("limits:\n  wait_time: 20\n",
         "limits.wait_time must be a number between 0.01 and 10 (got '20'); using 0.1 (default)"),
        ("limits:\n  task_start_delay: -1\n",
         "limits.task_start_delay must be a number between 0 and 60 (got '-1'); using 0.0 (default)"),
        ("limits:\n  max_failure_rate: 1.5\n",
         "limits.max_failure_rate must be a number between 0 and 1 (got '1.5'); using 0.5 (default)"),
        ("limits:\n  stop_limits_enabled: maybe\n",
         "limits.stop_limits_enabled must be true or false (got 'maybe'); using false (default)"),
        ("advanced:\n  max_file_size: 100\n",
         "advanced.max_file_size must be a whole number between 1024 and 104857600 (got '100'); using "
            + "1048576 (default)"),
        ("advanced:\n  memory_limit_mb: lots\n",
         "advanced.memory_limit_mb must be null or a whole number, 1 or more (got 'lots'); using null (default)"),
        ("logging:\n  custom_date_format: \"%Y/%m/%d\"\n",
         "logging.custom_date_format must give a non-empty file name part without \"/\" or a control character "
            + "(%n, %t) "
            + "(got '%Y/%m/%d'); using "
            + "%d%b%y_%H%M%S (default)"),
        ("logging:\n  custom_date_format: \"\"\n",
         "logging.custom_date_format must give a non-empty file name part without \"/\" or a control character "
            + "(%n, %t) "
            + "(got ''); using "
            + "%d%b%y_%H%M%S (default)"),
        ("logging:\n  custom_date_format: \"%d%n%H\"\n",
         "logging.custom_date_format must give a non-empty file name part without \"/\" or a control character "
            + "(%n, %t) "
            + "(got '%d%n%H'); using %d%b%y_%H%M%S (default)"),
        ("logging:\n  max_log_size_mb: 2000000\n",
         "logging.max_log_size_mb must be a number between 0 and 1048576 (got '2000000'); using 10 (default)"),
        ("logging:\n  level: LOUD\n",
         "logging.level must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'LOUD'); using INFO (default)"),
        ("logging:\n  level:\n", "logging.level must be text (got null); using INFO (default)"),
        ("execution:\n  workspace_isolation: [true]\n",
         "execution.workspace_isolation must be a single value, not a list; using false (default)"),
        ("logging:\n  file_format: \"%(lineno)d %(message)s\"\n",
         "logging.file_format must be a Python logging format prx can write: unknown attribute %(lineno) (prx's log "
            + "lines have asctime, created, msecs, levelname, levelno, name, process, processName, threadName, "
            + "message) (got '%(lineno)d %(message)s'); using %(asctime)s - %(name)s - %(levelname)s - "
            + "[%(threadName)s] - %(message)s (default)"),
    ])
    func wrongValueWarnsWithFileKeyAndLineAndKeepsTheTierBelow(user: String, warning: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let script = "limits:\n  max_workers: 30\n"
        let loaded = try fixture.load(script: script, user: user)
        var expected = PRXConfiguration()
        expected.limits.maxWorkers = 30
        #expect(loaded.effective == expected)
        #expect(loaded.warnings
            == ["\(fixture.userPath):2: " + warning.replacingOccurrences(of: "SCRIPT", with: fixture.scriptPath)])
    }

    /// `console_format` is read, and said to do nothing: prx writes no log lines to the console.
    @Test func aConsoleFormatIsSaidToHaveNoEffect() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "logging:\n  console_format: \"%(message)s\"\n")
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: logging.console_format has no effect: prx writes no log lines to the console "
                + "(they go to the main log; the summary is printed at the end)",
        ])
    }

    /// `memory_limit_mb` and `retry_failed_tasks`, which parallelr reads and enforces nothing of, are said to do
    /// nothing when set: they were taken without a word.
    @Test func parallelrsFeaturesToComeAreSaidToHaveNoEffect() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "advanced:\n  memory_limit_mb: 100\n  retry_failed_tasks: true\n")
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: advanced.memory_limit_mb has no effect (got 100): prx limits no task's memory "
                + "(a task's peak is in its summary row)",
            "\(fixture.userPath):3: advanced.retry_failed_tasks has no effect: parallelr's README says it must be "
                + "false; a recipe's tasks retry with retries",
        ])
        let unset = try fixture.load(user: "advanced:\n  memory_limit_mb: null\n  retry_failed_tasks: false\n")
        #expect(unset.warnings == [])
    }

    @Test func wrongValueInTheScriptKeepsTheDefault() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: "# site limits\nlimits:\n  max_workers: 20\n  timeout_seconds: forever\n")
        #expect(loaded.effective.limits.timeoutSeconds == 600)
        #expect(loaded.source(of: "limits.timeout_seconds") == .defaultValue)
        #expect(loaded.warnings == [
            "\(fixture.scriptPath):4: limits.timeout_seconds must be a whole number, 1 or more (got 'forever'); "
                + "using 600 (default)"
        ])
    }

    @Test(arguments: [
        ("max_workers: \"20\"", \PRXConfiguration.limits.maxWorkers, 20),
        ("max_workers: '35'", \PRXConfiguration.limits.maxWorkers, 35),
        ("max_workers: 12.0", \PRXConfiguration.limits.maxWorkers, 12),
        ("timeout_seconds: \" 90 \"", \PRXConfiguration.limits.timeoutSeconds, 90),
    ] as [(String, KeyPath<PRXConfiguration, Int> & Sendable, Int)])
    func textIsConvertedLikeParallelr(
        line: String, keyPath: KeyPath<PRXConfiguration, Int> & Sendable, expected: Int
    ) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  \(line)\n")
        #expect(loaded.effective[keyPath: keyPath] == expected)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func otherConversions() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: """
            limits:
              wait_time: "0.5"
              stop_limits_enabled: "on"
            execution:
              use_process_groups: 0
            logging:
              level: warning
              custom_date_format: 20240101
            advanced:
              memory_limit_mb: ~
            """)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.effective.limits.waitTime == 0.5)
        #expect(loaded.effective.limits.stopLimitsEnabled)
        #expect(!loaded.effective.execution.useProcessGroups)
        #expect(loaded.effective.logging.level == "WARNING")
        #expect(loaded.effective.logging.customDateFormat == "20240101")
        #expect(loaded.effective.advanced.memoryLimitMB == nil)
    }

    @Test func unknownSectionsAndKeysWarnWithFileAndLine() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: """
            limits:
              max_worker: 5
              max_workers: 6
            limitz:
              max_workers: 7
            logging: DEBUG
            """)
        #expect(loaded.effective.limits.maxWorkers == 6)
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: unknown key limits.max_worker; ignored",
            "\(fixture.userPath):4: unknown section 'limitz' (valid: limits, security, execution, logging, advanced, "
                + "history, plugins); ignored",
            "\(fixture.userPath):6: section 'logging' must be a mapping of keys; ignored",
        ])
    }

    @Test(arguments: ["", "# nothing here\n", "limits:\n", "---\n"])
    func emptyFilesAndSectionsAreFine(text: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: text, user: text)
        #expect(loaded.effective == PRXConfiguration())
        #expect(loaded.warnings.isEmpty)
    }
}
