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
    /// configuration's or without it (``flagValueSelections(options:)``): `-S bogus` is refused whatever chooses the
    /// source, as a run refuses it (``refuseFlagValues(of:by:)``).
    ///
    /// `whateverTheSource` takes the plugins so, as without the flags choosing the source, whatever the flags choose:
    /// every plugin the command line and the configuration give settings, as a run choosing it has them.
    ///
    /// - Throws: ``CommandFailure`` for a `--set` naming no plugin the run makes, as the run refuses it.
    static func selectionsToValidate(
        options: PRX, configuration: LoadedConfiguration, registry: PluginRegistry, whateverTheSource: Bool = false
    ) throws(CommandFailure) -> [Selection] {
        let flagged = flagValueSelections(options: options)
        if options.choosesSource && !whateverTheSource {
            // The caps were warned of as the configuration loaded.
            let plan = try RunPlan(options: options, configuration: configuration, registry: registry) { _ in }
            return [plan.source, plan.executor].compactMap { $0 } + plan.stopPolicies + plan.sinks + flagged
        }
        // The last `--set` of each setting, which the configuration holds.
        let assignments = try Dictionary(
            options.settings.map { (text) throws(CommandFailure) in
                let assignment = try PluginAssignment(parsing: text)
                return ("\(assignment.name).\(assignment.key)", assignment)
            },
            uniquingKeysWith: { _, last in last })
        return configuration.effective.plugins.sorted { $0.key < $1.key }.map { name, settings in
            let fromFlags = flagValues(of: name, options: options)
            // The command line's settings are the configuration's, each with its flag as its source.
            var givenBy = flags(of: name, giving: fromFlags)
            for setting in settings.keys where givenBy[setting] == nil {
                if case .flag(let flag) = configuration.source(of: "plugins.\(name).\(setting)") {
                    givenBy[setting] = flag
                }
            }
            return Selection(
                name: name, settings: settings.merging(fromFlags) { _, fromFlag in fromFlag },
                givenByFlags: givenBy.filter { $0.value != "--set" },
                placesInFiles: configuration.placesInFiles(ofPlugin: name).filter { setting, _ in
                    fromFlags[setting] == nil
                },
                entriesInFiles: configuration.entriesInFiles(ofPlugin: name).filter { setting, _ in
                    fromFlags[setting] == nil
                },
                setOnCommandLine: Dictionary(
                    uniqueKeysWithValues: givenBy.filter { $0.value == "--set" }.keys.compactMap { setting in
                        assignments["\(name).\(setting)"].map { (setting, $0) }
                    }))
        } + flagged
    }
}
