import PRXPlugins

extension LoadedConfiguration {
    /// The parallelr keys that are settings of built-in plugins: (plugin, setting, configuration key).
    static let pluginKeys: [(plugin: String, setting: String, key: String)] = [
        (BuiltinPlugins.local.name, "max_output_capture", "limits.max_output_capture"),
        (BuiltinPlugins.local.name, "use_process_groups", "execution.use_process_groups"),
        (BuiltinPlugins.log.name, "level", "logging.level"),
        (BuiltinPlugins.log.name, "max_log_size_mb", "logging.max_log_size_mb"),
        (BuiltinPlugins.log.name, "backup_count", "logging.backup_count"),
        (BuiltinPlugins.log.name, "format", "logging.file_format"),
        (BuiltinPlugins.stopLimits.name, "max_consecutive_failures", "limits.max_consecutive_failures"),
        (BuiltinPlugins.stopLimits.name, "max_failure_rate", "limits.max_failure_rate"),
        (BuiltinPlugins.stopLimits.name, "min_tasks_for_rate_check", "limits.min_tasks_for_rate_check"),
    ]

    /// The settings the configuration gives the plugin called `name`, as `--set` would give them: its parallelr
    /// keys (e.g. `logging.level` for `log.level`) and its entries in the `plugins:` section.
    ///
    /// When both name one setting, the value from the higher tier wins (flag over user over script over default);
    /// on a tie the `plugins:` entry wins, being the more specific. `--set` goes on top of the result.
    func pluginSettings(for name: String) -> [String: PluginSettingValue] {
        sourcedPluginSettings(for: name).mapValues(\.value)
    }

    /// Where the configuration files gave the settings ``pluginSettings(for:)`` has for the plugin called `name`:
    /// `PATH:LINE` by setting, for the run's refusal of a value to name, as `--validate-config` does; a setting a
    /// flag gave, or a default, is not among them.
    func placesInFiles(ofPlugin name: String) -> [String: String] {
        sourcedPluginSettings(for: name).compactMapValues { $0.source.isFile ? $0.source.location : nil }
    }

    /// Where the files' `plugins:` section names the plugin called `name`, its `NAME:` line (`PATH:LINE`), by each
    /// setting of ``placesInFiles(ofPlugin:)`` that the entry under that line gave: an error of the plugin about no one
    /// of its values is named there, as the plugin's entry (``RunPlan/Selection/placeInFiles``). A setting that a
    /// parallelr key gave (`limits.max_failure_rate` for `stop-limits.max_failure_rate`) has none.
    func entriesInFiles(ofPlugin name: String) -> [String: String] {
        var entries: [String: String] = [:]
        for (setting, (_, source)) in sourcedPluginSettings(for: name)
        where source.isFile && self.source(of: "plugins.\(name).\(setting)") == source {
            entries[setting] = pluginEntries[name]?.first { $0.tier == source.tier }?.location
        }
        return entries
    }

    /// What the plugin called `name` uses for `setting` in place of a file's value it could not take, as the warning
    /// says it: `using 5 (script: /opt/prx/cfg/prx.yaml)`, the value the tiers below give (a `plugins:` entry, or
    /// the key that stands for the setting), else `using 2 (default)`, the setting's default.
    func use(ofPlugin name: String, setting: PluginSetting) -> String {
        if let (value, source) = sourcedPluginSettings(for: name)[setting.name] {
            return "using \(value) (\(source.label))"
        }
        return setting.defaultValue.map { "using \($0) (default)" } ?? "it stays unset"
    }

    /// Notes the parallelr keys that stand for a setting the plugin registered under its name does not declare, of
    /// those `plugins` declares (``keysNoPluginTakes``), and warns of each a file or a flag gave, as of other settings
    /// a run does not use: `prx.yaml:3: limits.max_output_capture is not used: the executor local has no setting
    /// 'max_output_capture'`. Those only defaults give are dropped without a word.
    mutating func noteKeysNoPluginTakes(plugins: [PluginDescriptor]) {
        for mapping in Self.pluginKeys {
            let declarations = plugins.filter { $0.name == mapping.plugin }
            guard !declarations.isEmpty,
                !declarations.contains(where: { $0.settings.contains { $0.name == mapping.setting } })
            else { continue }
            keysNoPluginTakes.insert(mapping.key)
            let source = source(of: mapping.key)
            guard source != .defaultValue else { continue }
            let kind = declarations[0].kind.rawValue
            warnings.append(
                "\(source.location): \(mapping.key) is not used: the \(kind) \(mapping.plugin) has no setting "
                    + "'\(mapping.setting)'")
        }
    }

    /// Whether the `plugins:` entry (or `--set`) of the plugin setting that a parallelr key stands for is what a run
    /// uses, rather than the key: it comes from the key's tier or a higher one (`plugins.local.max_output_capture`
    /// in the script file over `limits.max_output_capture`'s default, or in the same file).
    func pluginsEntryWins(_ mapping: (plugin: String, setting: String, key: String)) -> Bool {
        sources["plugins.\(mapping.plugin).\(mapping.setting)"].map { $0.tier >= source(of: mapping.key).tier } ?? false
    }

    /// ``pluginSettings(for:)``, each value with where it came from.
    private func sourcedPluginSettings(
        for name: String
    ) -> [String: (value: PluginSettingValue, source: ConfigurationSource)] {
        var settings: [String: (value: PluginSettingValue, source: ConfigurationSource)] = [:]
        for mapping in Self.pluginKeys
        where mapping.plugin == name && !keysNoPluginTakes.contains(mapping.key) && !pluginsEntryWins(mapping) {
            guard let key = ConfigurationKey.named(mapping.key) else { continue }
            settings[mapping.setting] = (.text(key.text(in: effective)), source(of: mapping.key))
        }
        for (setting, value) in effective.plugins[name] ?? [:] where settings[setting] == nil {
            settings[setting] = (value, source(of: "plugins.\(name).\(setting)"))
        }
        return settings
    }

    /// The final settings of `selection`'s plugin, with each that stands for a capped key (`local.max_output_capture`
    /// for `limits.max_output_capture`) held to that key's `max_allowed_*` cap, which a `plugins:` entry, `--set` or
    /// `prx.set` must not get around; `warn` is told of each value held (``heldToCap(_:_:at:capPath:cap:)``), at
    /// `--set` for a `--set`'s, else at the place the selection names for its setting (`recipe.lua:3` for a
    /// `prx.set`), if any.
    func holdingCaps(of selection: RunPlan.Selection, warn: (String) -> Void) -> [String: PluginSettingValue] {
        var held = selection.settings
        for mapping in Self.pluginKeys where mapping.plugin == selection.name {
            guard let capPath = ConfigurationKey.named(mapping.key)?.cappedBy,
                let cap = ConfigurationKey.named(capPath)?.integer(in: effective),
                let value = selection.settings[mapping.setting]?.text.flatMap(PluginSettings.wholeNumber), value > cap
            else { continue }
            held[mapping.setting] = .text(String(cap))
            let place = selection.setOnCommandLine[mapping.setting] != nil
                ? "--set" : selection.place(ofSetting: mapping.setting, otherwise: nil)
            let name = "\(selection.name).\(mapping.setting)"
            warn(heldToCap(name, String(value), at: place, capPath: capPath, cap: cap))
        }
        return held
    }
}
