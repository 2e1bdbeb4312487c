import PRXPlugins

extension RunPlan {
    /// Refuses the first value of parallelr's value flags of `options` (`-S`, `-E`, `--file-extension`, `-C`) that
    /// every run taking the flag refuses (``flagValueSelections(options:)``), with that run's message naming the flag:
    /// `unknown separator 'bogus' (-S); …`. A run refuses it whatever chooses its source, as `--validate-config`
    /// does, so that `-T tasks -S bogus` is refused, not warned of as a flag the run leaves unused
    /// (``PRX/unusedFlagWarnings(invokedAs:)``), which only a value the flag takes is.
    ///
    /// - Throws: ``CommandFailure`` with the message, exit status 2.
    static func refuseFlagValues(of options: PRX, by registry: PluginRegistry) throws(CommandFailure) {
        for selection in flagValueSelections(options: options) {
            if let problem = registry.valueProblems(of: selection.name, selection.settings).first {
                throw CommandFailure(message: selection.message(refusing: problem.error))
            }
        }
    }

    /// Each built-in source that parallelr's value flags of `options` give settings (`-S`, `-E`, `--file-extension`,
    /// `-C`), with those values alone: what every run taking the flags refuses, whatever its files and its other
    /// flags, so that a run and `--validate-config` alike refuse a value the user typed that no run could use.
    static func flagValueSelections(options: PRX) -> [Selection] {
        sourceSettingFlags.keys.sorted().compactMap { name in
            let values = flagValues(of: name, options: options)
            return values.isEmpty ? nil : Selection(
                name: name, settings: values, givenByFlags: flags(of: name, giving: values))
        }
    }

    /// The settings parallelr's value flags of `options` give the built-in source called `name`
    /// (``sourceSettings(of:givenBy:)`` without what `-A` and `-T` give, which choose the source), less those a
    /// `--set` replaces: ptasker mode's `-E HOSTNAME` and tasker command, which the user did not give (a `--set` beside
    /// a flag the user gave is refused, ``PRX/refuseSetsOfFlagSettings()``).
    static func flagValues(of name: String, options: PRX) -> [String: PluginSettingValue] {
        let setOnCommandLine = FlagOverrides.settingNames(of: options.settings)
        return sourceSettings(of: name, givenBy: options).filter { key, _ in
            !["-A", "-T"].contains(sourceSettingFlags[name]?[key]) && !setOnCommandLine.contains("\(name).\(key)")
        }
    }
}
