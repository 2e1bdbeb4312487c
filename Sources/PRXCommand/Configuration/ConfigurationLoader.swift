import Foundation
import PRXPlugins

/// Builds the effective configuration: hard-coded defaults, then the script file, then the user file, merged key
/// by key, then the command line's flags, then the caps. A user file that is the script file is read once, as the
/// script file.
///
/// The rules, parallelr's:
/// - the `max_allowed_*` keys and the `security` section come only from the script file; in the user file they
///   are ignored with a warning (and fail `--validate-config`, as every entry a file holds that prx ignores);
/// - a value of the wrong type or out of range is a warning naming file, key and line, and the value from the
///   tier below (script or default) stays; text is converted where it can be ("20" is 20);
/// - an unknown section, key or plugin setting is a warning naming file and line;
/// - `max_workers`, `timeout_seconds` and `max_output_capture` above their `max_allowed_*` cap are capped with a
///   warning, a whole number beyond 64 bits among them (the caps themselves are the system's limits, any whole
///   number from 1, as parallelr takes them);
/// - `logging.console_format` is read and has no effect, which a warning says when it is not parallelr's default:
///   prx prints no log lines; so are `advanced.memory_limit_mb` (when set) and `advanced.retry_failed_tasks` (when
///   true), as in parallelr, where both are features to come;
/// - `limits.wait_time`, parallelr's polling interval, is read, range-checked and shown, and has no effect, without a
///   warning: prx does not poll, so every value is met (its sample configuration sets it);
/// - a file that is not well-formed YAML is an error (``ConfigurationError``) naming file and line.
enum ConfigurationLoader {
    /// Loads the files this prx process would use: located by the name it runs under, `invocation` (`ptasker`; a
    /// resumption's is that of the run it resumes), its environment and its own binary's path; `flags` on top.
    ///
    /// - Throws: ``CommandFailure`` for a `PRX_CONFIG_DIR` that names no directory
    ///   (``ConfigurationLocator/checkScriptDirectory(environment:)``); ``ConfigurationError`` for a file that cannot
    ///   be read or parsed.
    static func loadForThisProcess(
        invocation: InvocationName, plugins: [PluginDescriptor], flags: FlagOverrides
    ) throws -> LoadedConfiguration {
        try ConfigurationLocator.checkScriptDirectory(environment: ProcessInfo.processInfo.environment)
        return try load(
            programName: invocation.name,
            environment: ProcessInfo.processInfo.environment,
            executablePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments.first ?? "prx",
            plugins: plugins, flags: flags)
    }

    /// Locates the files (see ``ConfigurationLocator``) and loads them.
    ///
    /// - Parameters:
    ///   - programName: `argv[0]`; `ptasker` looks for `ptasker.yaml` first.
    ///   - environment: the process environment (`PRX_CONFIG_DIR`, `PRX_HOME`, `HOME`).
    ///   - executablePath: the running binary; the script configuration is in `cfg/` beside it.
    ///   - plugins: the registry's plugin declarations, against which the `plugins:` section is checked.
    ///   - flags: the command line's overrides, the top tier.
    /// - Throws: ``ConfigurationError`` for a file that cannot be read or parsed.
    static func load(
        programName: String, environment: [String: String], executablePath: String, plugins: [PluginDescriptor],
        flags: FlagOverrides = FlagOverrides()
    ) throws(ConfigurationError) -> LoadedConfiguration {
        try load(
            files: ConfigurationLocator.locate(
                programName: programName, environment: environment, executablePath: executablePath),
            plugins: plugins, flags: flags)
    }

    /// Loads `files`, checking the `plugins:` section against `plugins`, with `flags` on top; the caps are enforced
    /// last, so that only the value a run uses is capped and warned about, not a file's value a flag replaced.
    ///
    /// - Throws: ``ConfigurationError`` for a file that cannot be read or parsed.
    static func load(
        files: ConfigurationFiles, plugins: [PluginDescriptor], flags: FlagOverrides = FlagOverrides()
    ) throws(ConfigurationError) -> LoadedConfiguration {
        var loaded = LoadedConfiguration(files: files)
        if let script = files.script {
            merge(try ConfigurationDocument.read(path: script.path), isUserFile: false, plugins: plugins, into: &loaded)
        }
        if let user = files.user, !files.userIsScript {
            merge(try ConfigurationDocument.read(path: user.path), isUserFile: true, plugins: plugins, into: &loaded)
        }
        loaded.override(with: flags)
        loaded.noteKeysNoPluginTakes(plugins: plugins)
        loaded.enforceCaps()
        let consoleFormat = loaded.source(of: "logging.console_format")
        if loaded.effective.logging.consoleFormat != PRXConfiguration().logging.consoleFormat {
            loaded.warnings.append(
                "\(consoleFormat.location): logging.console_format has no effect: prx writes no log lines to the "
                    + "console (they go to the main log; the summary is printed at the end)")
        }
        // Read as parallelr reads them, and, as in parallelr (a "future feature" there), enforced by nothing.
        if let limit = loaded.effective.advanced.memoryLimitMB {
            loaded.warnings.append(
                "\(loaded.source(of: "advanced.memory_limit_mb").location): advanced.memory_limit_mb has no effect "
                    + "(got \(limit)): prx limits no task's memory (a task's peak is in its summary row)")
        }
        if loaded.effective.advanced.retryFailedTasks {
            loaded.warnings.append(
                "\(loaded.source(of: "advanced.retry_failed_tasks").location): advanced.retry_failed_tasks has no "
                    + "effect: parallelr's README says it must be false; a recipe's tasks retry with retries")
        }
        return loaded
    }

    /// Overlays one file's values on `loaded`.
    private static func merge(
        _ document: ConfigurationDocument, isUserFile: Bool, plugins: [PluginDescriptor],
        into loaded: inout LoadedConfiguration
    ) {
        let file = document.path
        let source = { (line: Int) in
            isUserFile ? ConfigurationSource.userFile(path: file, line: line) : .scriptFile(path: file, line: line)
        }
        loaded.warnings += document.problems
        document.unreadable.forEach { loaded.reject($0) }
        for section in document.sections {
            guard section.key == "plugins" || ConfigurationKey.sections.contains(section.key) else {
                let valid = (ConfigurationKey.sections + ["plugins"]).joined(separator: ", ")
                loaded.reject("\(file):\(section.line): unknown section '\(section.key)' (valid: \(valid)); ignored")
                continue
            }
            let entries: [ConfigurationDocument.Entry]
            switch section.value {
            case .mapping(let pairs): entries = pairs
            case .scalar(.null): entries = []
            case .scalar, .list:
                loaded.reject("\(file):\(section.line): section '\(section.key)' must be a mapping of keys; ignored")
                continue
            }
            if section.key == "plugins" {
                mergePlugins(entries, file: file, source: source, plugins: plugins, into: &loaded)
                continue
            }
            mergeKeys(entries, section: section.key, file: file, isUserFile: isUserFile, source: source, into: &loaded)
        }
    }

    private static func mergeKeys(
        _ entries: [ConfigurationDocument.Entry], section: String, file: String, isUserFile: Bool,
        source: (Int) -> ConfigurationSource, into loaded: inout LoadedConfiguration
    ) {
        for entry in entries {
            let path = "\(section).\(entry.key)"
            let subject = "\(file):\(entry.line): \(path)"
            guard let key = ConfigurationKey.named(path) else {
                loaded.reject("\(file):\(entry.line): unknown key \(path); ignored")
                continue
            }
            if isUserFile && key.scope == .scriptOnly {
                loaded.reject("\(subject) can only be set in the script configuration; ignored")
                continue
            }
            let problem: String?
            if case .scalar(let value) = entry.value {
                problem = key.assign(value, to: &loaded.effective).map { "\($0) (got \(value.quotedForMessage))" }
            } else {
                problem = "must be a single value, not \(describe(entry.value))"
            }
            if let problem {
                let kept = "using \(key.text(in: loaded.effective)) (\(loaded.source(of: path).label))"
                loaded.reject("\(subject) \(problem); \(kept)")
            } else {
                loaded.sources[path] = source(entry.line)
                if case .scalar(let value) = entry.value, key.cappedBy != nil {
                    loaded.askedAbove64Bits[path] = value.wholeNumberAbove64Bits
                }
            }
        }
    }

    private static func mergePlugins(
        _ entries: [ConfigurationDocument.Entry], file: String, source: (Int) -> ConfigurationSource,
        plugins: [PluginDescriptor], into loaded: inout LoadedConfiguration
    ) {
        for plugin in entries {
            let declarations = plugins.filter { $0.name == plugin.key }
            guard !declarations.isEmpty else {
                loaded.reject(
                    "\(file):\(plugin.line): unknown plugin '\(plugin.key)' in plugins "
                        + "(see '\(CommandName.plugins.asTyped)'); ignored")
                continue
            }
            guard case .mapping(let settings) = plugin.value else {
                loaded.reject(
                    "\(file):\(plugin.line): plugins.\(plugin.key) must be a mapping of settings; ignored")
                continue
            }
            for setting in settings {
                let path = "plugins.\(plugin.key).\(setting.key)"
                let declared = declarations.lazy.compactMap { $0.settings.first { $0.name == setting.key } }.first
                // A value the setting cannot take is replaced by the one the tiers below give, which is named.
                func refuse(_ problem: String) {
                    let kept = declared.map { loaded.use(ofPlugin: plugin.key, setting: $0) } ?? "ignored"
                    loaded.reject("\(file):\(setting.line): \(path) \(problem); \(kept)")
                }
                let value: PluginSettingValue
                if case .scalar(let scalar) = setting.value, let text = scalar.settingText {
                    value = .text(text)
                } else if case .list(let items) = setting.value, isList(setting.key, among: declarations) {
                    // Each item is one element as written, a comma or a space in it included.
                    let elements = items.compactMap { $0 }
                    guard elements.count == items.count else {
                        refuse("takes a list of single values")
                        continue
                    }
                    value = .list(elements)
                } else {
                    refuse("must be a single value, not \(describe(setting.value))")
                    continue
                }
                if let rejection = rejection(of: setting.key, value, among: declarations) {
                    if let problem = declared.flatMap({ PluginSettings.problem(with: value, for: $0) }) {
                        refuse("\(problem) (got '\(value)')")
                    } else {
                        loaded.reject("\(file):\(setting.line): \(path): \(rejection.description); ignored")
                    }
                    continue
                }
                loaded.effective.plugins[plugin.key, default: [:]][setting.key] = value
                loaded.sources[path] = source(setting.line)
                if loaded.pluginEntries[plugin.key]?.last != source(plugin.line) {
                    loaded.pluginEntries[plugin.key, default: []].append(source(plugin.line))
                }
            }
        }
    }

    /// Why none of `declarations` (the plugins of one name) takes `setting` = `value`: the first one's refusal;
    /// `nil` when one of them takes it.
    static func rejection(
        of setting: String, _ value: PluginSettingValue, among declarations: [PluginDescriptor]
    ) -> PluginError? {
        var rejection: PluginError?
        for declaration in declarations {
            do {
                _ = try PluginSettings(for: declaration, [setting: value])
                return nil
            } catch {
                rejection = rejection ?? error
            }
        }
        return rejection
    }

    /// Whether one of `declarations` (the plugins of one name) has `setting` as a list (`glob.ext`).
    private static func isList(_ setting: String, among declarations: [PluginDescriptor]) -> Bool {
        declarations.contains { $0.settings.contains { $0.name == setting && $0.type == .list } }
    }

    private static func describe(_ value: ConfigurationDocument.Value) -> String {
        switch value {
        case .scalar(.null): "null"
        case .scalar: "text"
        case .mapping: "a mapping"
        case .list: "a list"
        }
    }
}
