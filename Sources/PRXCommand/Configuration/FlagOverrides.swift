import PRXPlugins

/// The command-line flags that override configuration keys, the top tier of the configuration.
///
/// `-m` → `limits.max_workers`, `-t` → `limits.timeout_seconds`, `-s` → `limits.task_start_delay`,
/// `--enable-stop-limits` → `limits.stop_limits_enabled: true`, `-d` → `logging.level: DEBUG`. The flags check
/// their own ranges (1–100, 1–3600, 0–60); a flag above a lower script cap (`-m 80` under
/// `max_allowed_workers: 50`) is capped with a warning, like a user file's value, because the caps are the
/// script owner's limits for everybody. An executor that declares its own cap on workers (``executorCap``) replaces
/// `max_allowed_workers` in its runs, and `-m`'s range with it. A `--set` of a plugin setting replaces the files'
/// values of that setting, which are then not capped either (``pluginSettings``); a recipe's `prx.config`, which
/// `prx run` puts between the flags and the files, silences the warnings of the keys it gives once it has loaded
/// (``LoadedConfiguration/dropCapWarnings(ofKeysReplacedByRecipe:)``).
struct FlagOverrides: Sendable, Equatable {
    /// `-m/--max`.
    var maxWorkers: Int?
    /// `-t/--timeout`.
    var timeoutSeconds: Int?
    /// `-s/--sleep`.
    var taskStartDelay: Double?
    /// `--enable-stop-limits`; `false` leaves the configuration's value.
    var enableStopLimits = false
    /// `-d/--debug`; `false` leaves the configuration's level.
    var debug = false
    /// The plugin settings the `--set`s give, as `NAME.KEY` (`local.max_output_capture`): the files' values of
    /// these, and of the keys that stand for them (`limits.max_output_capture`), are replaced, not used.
    var pluginSettings: Set<String> = []
    /// The cap on workers that the run's executor declares in place of `limits.max_allowed_workers`; `nil` for one
    /// that declares none (`local`), whose runs keep the configuration's.
    var executorCap: ExecutorCap?

    /// An executor's own cap on a run's workers (``ExecutorLimits/maxAllowedWorkers``), which replaces
    /// `limits.max_allowed_workers` in its runs: what the script configuration gives that key, and its default of
    /// 100, are parallelr's cap on local processes.
    struct ExecutorCap: Sendable, Equatable {
        /// The executor's name, which `--show-config` and the warnings name as the cap's source.
        var executor: String
        /// The most workers its runs may have.
        var maxAllowedWorkers: Int

        /// The cap the executor called `name` declares in `registry`; `nil` when it declares none.
        init?(executor name: String, registry: PluginRegistry) {
            guard let most = registry.executorLimits(of: name).maxAllowedWorkers else { return nil }
            executor = name
            maxAllowedWorkers = most
        }
    }

    /// The overrides the parsed flags of `options` give.
    init(options: PRX) {
        self.init(
            maxWorkers: options.maxWorkers, timeoutSeconds: options.timeout, taskStartDelay: options.sleep,
            enableStopLimits: options.enableStopLimits, debug: options.output.debug,
            pluginSettings: Self.settingNames(of: options.settings))
    }

    /// Overrides given one by one.
    init(
        maxWorkers: Int? = nil, timeoutSeconds: Int? = nil, taskStartDelay: Double? = nil,
        enableStopLimits: Bool = false, debug: Bool = false, pluginSettings: Set<String> = []
    ) {
        self.maxWorkers = maxWorkers
        self.timeoutSeconds = timeoutSeconds
        self.taskStartDelay = taskStartDelay
        self.enableStopLimits = enableStopLimits
        self.debug = debug
        self.pluginSettings = pluginSettings
    }

    /// The settings `--set` `assignments` give, as `NAME.KEY`; one not of the form `NAME.KEY=VALUE` gives none (the
    /// run refuses it).
    static func settingNames(of assignments: [String]) -> Set<String> {
        Set(assignments.compactMap { text in
            (try? PluginAssignment(parsing: text)).map { "\($0.name).\($0.key)" }
        })
    }
}

extension LoadedConfiguration {
    /// Puts `flags` on top, each overridden key's source the flag. The caps are enforced after, once, by
    /// ``ConfigurationLoader``: a file's value a flag replaces is then never capped, nor warned about.
    mutating func override(with flags: FlagOverrides) {
        pluginSettingsGivenByFlags = flags.pluginSettings
        if let workers = flags.maxWorkers {
            effective.limits.maxWorkers = workers
            sources["limits.max_workers"] = .flag("-m")
        }
        if let timeout = flags.timeoutSeconds {
            effective.limits.timeoutSeconds = timeout
            sources["limits.timeout_seconds"] = .flag("-t")
        }
        if let delay = flags.taskStartDelay {
            effective.limits.taskStartDelay = delay
            sources["limits.task_start_delay"] = .flag("-s")
        }
        if flags.enableStopLimits {
            effective.limits.stopLimitsEnabled = true
            sources["limits.stop_limits_enabled"] = .flag("--enable-stop-limits")
        }
        if flags.debug {
            effective.logging.level = "DEBUG"
            sources["logging.level"] = .flag("-d")
        }
        if let cap = flags.executorCap {
            effective.limits.maxAllowedWorkers = cap.maxAllowedWorkers
            sources["limits.max_allowed_workers"] = .executor(cap.executor)
        }
    }
}
