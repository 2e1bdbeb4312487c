import PRXPlugins

extension RunPlan {
    /// The plugins whose values `--validate-config` judges, given the command line of `options`, each with the
    /// settings it would have; `configuration` holds the command line's `--set`s already
    /// (``LoadedConfiguration/set(_:plugins:)``).
    ///
    /// With the command line choosing the source (`-A`, `-T`, `--source`), the plugins of the run it makes, as that
    /// run has them: what a run with those flags refuses is refused, and what it takes is taken, a value a flag
    /// replaces and a plugin the run does not make among it. Without, every plugin the configuration gives settings,
    /// as any run choosing it has them: a value that parallelr's flags give a source in every run that has them (`-S`,
    /// `-E`, `--file-extension`, `-C`) replaces the configuration's, and a `--set` replaces both.
    ///
    /// Either way, the values those flags give are judged as every run taking them has them too, beside the
    /// configuration's or without it (``flagValueSelections(options:configuration:)``): `-S bogus` is refused
    /// whatever chooses the source, as every run with `-S bogus` refuses it.
    ///
    /// - Throws: ``CommandFailure`` for a `--set` naming no plugin the run makes, as the run refuses it.
    static func selectionsToValidate(
        options: PRX, configuration: LoadedConfiguration
    ) throws(CommandFailure) -> [Selection] {
        let flagged = flagValueSelections(options: options, configuration: configuration)
        if options.sourceName != nil || options.argumentsFile != nil || !options.tasks.isEmpty {
            // The caps were warned of as the configuration loaded.
            let plan = try RunPlan(options: options, configuration: configuration) { _ in }
            return [plan.source, plan.executor, plan.stopPolicy].compactMap { $0 } + plan.sinks + flagged
        }
        return configuration.effective.plugins.sorted { $0.key < $1.key }.map { name, settings in
            let fromFlags = flagValues(of: name, options: options, configuration: configuration)
            return Selection(
                name: name, settings: settings.merging(fromFlags) { _, fromFlag in fromFlag },
                givenByFlags: Set(fromFlags.keys),
                placesInFiles: configuration.placesInFiles(ofPlugin: name).filter { setting, _ in
                    fromFlags[setting] == nil
                })
        } + flagged
    }

    /// Each built-in source that parallelr's value flags of `options` give settings (`-S`, `-E`, `--file-extension`,
    /// `-C`), with those values alone: what every run taking the flags refuses, whatever its files and its other
    /// flags, so that `--validate-config` refuses a value the user typed that no run could use.
    private static func flagValueSelections(options: PRX, configuration: LoadedConfiguration) -> [Selection] {
        sourceSettingFlags.keys.sorted().compactMap { name in
            let values = flagValues(of: name, options: options, configuration: configuration)
            return values.isEmpty ? nil : Selection(name: name, settings: values, givenByFlags: Set(values.keys))
        }
    }

    /// The settings parallelr's value flags of `options` give the built-in source called `name`
    /// (``sourceSettings(of:givenBy:)`` without what `-A` and `-T` give, which choose the source), less those a
    /// `--set` replaces.
    private static func flagValues(
        of name: String, options: PRX, configuration: LoadedConfiguration
    ) -> [String: String] {
        sourceSettings(of: name, givenBy: options).filter { key, _ in
            !["-A", "-T"].contains(sourceSettingFlags[name]?[key])
                && configuration.source(of: "plugins.\(name).\(key)") != .flag("--set")
        }
    }
}
