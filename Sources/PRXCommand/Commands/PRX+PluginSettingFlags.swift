import PRXPlugins

extension PRX {
    /// Every plugin setting the flags other than `--set` give (``FlagPluginSetting``), which `--show-config` lists
    /// under `plugins:` and `--validate-config` judges, as a run gives them: the source's (``sourceFlagSettings``),
    /// the executor's (``executorFlagSettings``) and the sinks' (`--json`, `--sync`).
    var flagPluginSettings: [FlagPluginSetting] {
        sourceFlagSettings + executorFlagSettings + output.pluginSettings
    }

    /// The executor's settings the flags give, to `--executor`'s executor, else `local`: `--feedback` and
    /// `--heartbeat-timeout`, which turns `feedback` on too, beside its own (a `--set` of it is taken). The setting a
    /// flag names comes before any other it gives (`heartbeat_timeout` before the `feedback` of `--heartbeat-timeout`
    /// alone), so that the first one an executor lacks is the one to name (``RunPlan/refuseExecutorFlags(of:by:)``).
    var executorFlagSettings: [FlagPluginSetting] {
        let executor = executorName ?? BuiltinPlugins.local.name
        var settings: [FlagPluginSetting] = []
        if let heartbeatTimeout {
            settings.append(FlagPluginSetting(
                plugin: executor, key: "heartbeat_timeout", value: .text(String(heartbeatTimeout)),
                flag: "--heartbeat-timeout", meaning: "the heartbeat timeout"))
        }
        if feedback {
            settings.insert(
                FlagPluginSetting(
                    plugin: executor, key: "feedback", value: "true", flag: "--feedback",
                    meaning: "whether tasks get feedback files"),
                at: 0)
        } else if heartbeatTimeout != nil {
            settings.append(
                FlagPluginSetting(plugin: executor, key: "feedback", value: "true", flag: "--heartbeat-timeout"))
        }
        return settings
    }

    /// The source's settings parallelr's flags give (`-A`, `-T`, `-C`, `-S`, `-E`, `--file-extension`), as
    /// ``RunPlan/sourceSettings(of:givenBy:)`` gives them: to the source they choose (``sourceChosenByFlags``: `-A`
    /// chooses `args-file`, `-T` without `-A` `glob`); with neither, to each built-in source that takes them, as a run
    /// that chose it would have them (`-S` is `args-file`'s, `-C` both's). None beside `--source`, which refuses them.
    var sourceFlagSettings: [FlagPluginSetting] {
        guard sourceName == nil else { return [] }
        return (sourceChosenByFlags.map { [$0] } ?? RunPlan.sourceSettingFlags.keys.sorted()).flatMap { name in
            RunPlan.sourceSettings(of: name, givenBy: self).sorted { $0.key < $1.key }.compactMap { key, value in
                RunPlan.sourceSettingFlags[name]?[key].map { flag in
                    FlagPluginSetting(
                        plugin: name, key: key, value: value, flag: flag, meaning: Self.sourceSettingMeanings[key])
                }
            }
        }
    }

    /// What each setting of ``RunPlan/sourceSettingFlags`` is, in the words of the refusal of a `--set` of it beside
    /// its flag (``FlagPluginSetting/meaning``), by setting.
    private static let sourceSettingMeanings = [
        "file": "the arguments file", "template": "the template file", "separator": "the field separator",
        "env": "the environment variables' names", "command": "the command", "patterns": "the task paths",
        "ext": "the task files' extensions", "path": "the task paths",
    ]
}
