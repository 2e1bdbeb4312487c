import ArgumentParser

extension PRX {
    /// Refuses a `--set` of a plugin setting that a flag of the command line gives (``flagPluginSettings``, and `-d`'s
    /// `log.level`, ``RunOutputOptions/settingsGivenThroughKeys``), one of the two values being dropped without a
    /// word: the `--set`'s replaced the flag's (`-A hosts.txt --set args-file.file=other.txt` ran other.txt's lines,
    /// `--feedback --set local.feedback=false` gave no files, `-d --set log.level=INFO` no DEBUG line). A run, a dry
    /// run, `--validate-config` and `--show-config` refuse it alike, naming the first such flag in that order:
    /// `-C/--Command and --set args-file.command exclude each other: each gives the command`. A setting the flag gives
    /// beside its own (the `feedback` of `--heartbeat-timeout`, the `json.sync` of `--sync`), which has no
    /// ``FlagPluginSetting/meaning``, is the `--set`'s to give; so is one a configuration file's `plugins:` gives,
    /// which the flag replaces.
    func refuseSetsOfFlagSettings() throws {
        let given = flagPluginSettings + output.settingsGivenThroughKeys
        try FlagPluginSetting.refuseSets(of: given, in: settings) { flag in
            Self.sourceFlags.first { $0.name == flag }?.spelling ?? flag
        }
    }
}
