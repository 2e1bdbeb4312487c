extension PRXConfiguration {
    /// Every effective setting as `section.key` → value, plugin settings as `plugins.NAME.KEY` (a list in the text
    /// form `--set` takes, ``PluginSettingValue/description``): what a run's journal records in its `run_started`
    /// line, so the history shows the whole configuration a run had, not only the flags it was given.
    var journalEntries: [String: String] {
        var entries: [String: String] = [:]
        for key in ConfigurationKey.all {
            entries[key.path] = key.yaml(in: self)
        }
        for (plugin, settings) in plugins {
            for (setting, value) in settings {
                entries["plugins.\(plugin).\(setting)"] = value.description
            }
        }
        return entries
    }
}
