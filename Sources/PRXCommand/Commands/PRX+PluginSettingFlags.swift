extension PRX {
    /// The plugin settings the flags other than `--set` give (``FlagPluginSetting``): the executor's (`--executor`'s,
    /// else `local`) for `--feedback` and `--heartbeat-timeout`, and the sinks' (`--sync`).
    var flagPluginSettings: [FlagPluginSetting] {
        let executor = executorName ?? "local"
        var settings: [FlagPluginSetting] = []
        if feedback || heartbeatTimeout != nil {
            let flag = feedback ? "--feedback" : "--heartbeat-timeout"
            settings.append(FlagPluginSetting(plugin: executor, key: "feedback", value: "true", flag: flag))
        }
        if let heartbeatTimeout {
            settings.append(FlagPluginSetting(
                plugin: executor, key: "heartbeat_timeout", value: String(heartbeatTimeout),
                flag: "--heartbeat-timeout"))
        }
        return settings + output.pluginSettings
    }
}
