import PRXPlugins

/// Which plugins a run uses and with which settings: parallelr's flags mapped onto the built-in plugin names,
/// then `--source`, `--executor`, `--sink`, `--stop-policy` and `--set NAME.KEY=VALUE` applied on top.
struct RunPlan: Equatable {
    /// One plugin selection.
    struct Selection: Equatable {
        var name: String
        var settings: [String: PluginSettingValue] = [:]
        /// Where a recipe chose the plugin or set the `path` it opens, which an error making it names
        /// (`recipe.lua:3: cannot open …`); `nil` in flags mode and for what the command line chose.
        var position: LuaSourcePosition?
        /// Where a recipe chose the plugin (its `prx.sink` call), whatever gave its settings: the line that made a
        /// file a `--set` gives every sink of the name one file for two sinks; `nil` for a plugin every run has.
        var chosenAt: LuaSourcePosition?
        /// The settings a flag other than `--set` gave, each with that flag (`file`: `-A`, `feedback`: `--feedback`),
        /// which an error names by that flag; a `--set` of one takes it out.
        var givenByFlags: [String: String] = [:]
        /// What a message names in place of a flag the user did not give, whose value prx gave for them, by flag:
        /// `HOSTNAME, set by ptasker mode` for the `-E` of a ptasker run with `-A` (``PTaskerMode``).
        var givenByPrx: [String: String] = [:]
        /// Whether parallelr's flags chose the source (`-A`, `-T`), which makes the run flags mode's file or
        /// arguments mode, whatever gave its other settings (`-C`, or a `--set` or the configuration's `plugins:`).
        var chosenByFlags = false
        /// Where the configuration files gave settings, `PATH:LINE` by setting, which the run's refusal of such a value
        /// names (``place(ofSetting:otherwise:)``); a flag or a `--set` that replaces one takes it out.
        var placesInFiles: [String: String] = [:]
        /// Where the configuration files' `plugins:` section names the plugin, its `NAME:` line (`PATH:LINE`), by
        /// setting of ``placesInFiles`` that its entry there gave: an error of the plugin about no one value is named
        /// there (``placeInFiles``); a flag or a `--set` that replaces the setting takes it out.
        var entriesInFiles: [String: String] = [:]
        /// Where a recipe gave settings, by setting: its `prx.source` or `prx.sink` table's line, or the `prx.set`
        /// line, which the run's refusal of such a value names (``place(ofSetting:otherwise:)``).
        var placesInRecipe: [String: LuaSourcePosition] = [:]
        /// The settings a `--set` gave, each with that `--set` (the last, when several gave it), whose refusal names no
        /// file or line but the `--set` (``refusalPlace(ofSetting:otherwise:)``); the message names the setting
        /// (`glob.patterns`), as flags mode's names the flag.
        var setOnCommandLine: [String: PluginAssignment] = [:]
        /// What a relative path in each setting a recipe wrote is relative to: the recipe's directory, by setting
        /// (``PluginContext/baseDirectories``). A setting that flags, a `--set` or the configuration files gave has
        /// none: it is taken from the current directory, in a recipe's run as in flags mode.
        var baseDirectories: [String: String] = [:]

        /// The run's `context`, with the directories this selection's relative paths are taken from.
        func context(from context: PluginContext) -> PluginContext {
            var context = context
            context.baseDirectories = baseDirectories
            return context
        }

        /// What gave the value a source's error names by `flag` (``FlagNamingError``): the flag, when it gave the
        /// setting it maps onto, or when flags chose the source and nothing gave that setting (`-E` for the names a
        /// run with `-A` has not given); else that setting (`args-file.file`), as a recipe's `prx.source`, a `--set`
        /// or the configuration's `plugins:` gave it.
        func origin(ofFlag flag: String) -> String {
            if let given = givenByPrx[flag] { return given }
            return setting(namedInPlaceOf: flag).map { "\(name).\($0)" } ?? flag
        }

        /// The setting (`file`) that a source's error names in place of `flag` (`-A`), as ``origin(ofFlag:)`` does;
        /// `nil` when the error names the flag itself.
        func setting(namedInPlaceOf flag: String) -> String? {
            guard let key = RunPlan.sourceSettingFlags[name]?.first(where: { $0.value == flag })?.key else {
                return nil
            }
            let flagsChoseIt = givenByFlags[key] != nil || (settings[key] == nil && chosenByFlags)
            return flagsChoseIt ? nil : key
        }

        /// Sets the setting `assignment` names to its value, as a `--set` does, in place of what a flag or the
        /// configuration files gave it.
        mutating func set(_ assignment: PluginAssignment) {
            let key = assignment.key
            settings[key] = .text(assignment.value)
            givenByFlags[key] = nil
            placesInFiles[key] = nil
            entriesInFiles[key] = nil
            placesInRecipe[key] = nil
            setOnCommandLine[key] = assignment
            baseDirectories[key] = nil
        }

        /// Where the value of `setting` came from, for the run's refusal of it to name: the configuration file's line
        /// (`prx.yaml:3`), the recipe's line that gave it, no place for a `--set`; `otherwise` when nothing gave it
        /// (a setting the plugin lacks, or its default): where the recipe chose the plugin, if it did.
        func place(ofSetting setting: String, otherwise: String?) -> String? {
            if let place = placesInFiles[setting] { return place }
            if let position = placesInRecipe[setting] { return position.description }
            return setOnCommandLine[setting] != nil ? nil : otherwise
        }

        /// What a refusal of the value of `setting` names in front, where the value came from: its place
        /// (``place(ofSetting:otherwise:)``), or the `--set` that gave it (`--set glob.ext=.`), as the refusal of a
        /// `--set`'s type or bounds names it (``LoadedConfiguration/refuseSettingsNoPluginTakes(_:plugins:)``). A value
        /// the plugin refused as it was made was named by the setting alone (`glob.ext '.' names no extension, …`).
        func refusalPlace(ofSetting setting: String, otherwise: String?) -> String? {
            place(ofSetting: setting, otherwise: otherwise) ?? setOnCommandLine[setting]?.place
        }

        /// What the source's own messages name for each flag (``FlagOrigins``): ``origin(ofFlag:)``, in flags mode's
        /// words when flags chose the source.
        var flagOrigins: FlagOrigins {
            FlagOrigins(isFlagsMode: chosenByFlags) { [self] flag in origin(ofFlag: flag) }
        }
    }

    /// The settings of the built-in sources that parallelr's flags map onto, by source: setting → flag.
    static let sourceSettingFlags: [String: [String: String]] = [
        "args-file": ["file": "-A", "template": "-T", "separator": "-S", "env": "-E", "command": "-C"],
        "glob": ["patterns": "-T", "ext": "--file-extension", "command": "-C"],
        "dir": ["path": "-T", "ext": "--file-extension", "command": "-C"],
    ]

    var source: Selection?
    var executor = Selection(name: BuiltinPlugins.local.name)
    var sinks: [Selection] = []
    /// The registered stop policies, in the order the run asks them: those `--stop-policy` names, as given, then the
    /// stop limits when `--enable-stop-limits` or the configuration's `stop_limits_enabled` turns them on and no
    /// `--stop-policy stop-limits` has placed them.
    var stopPolicies: [Selection] = []

    /// Maps the flags of `options` onto plugins, each seeded with the settings `configuration` gives it and held to
    /// its caps (``LoadedConfiguration/holdingCaps(of:warn:)``), which `warn` is told of.
    ///
    /// - Throws: ``CommandFailure`` for a malformed `--set` or a `--set` naming no selected plugin, which says how to
    ///   choose the plugin of `registry` it names (``PluginAssignment/noSuchPlugin(chosen:registry:choosing:)``).
    init(
        options: PRX, configuration: LoadedConfiguration, registry: PluginRegistry, warn: (String) -> Void
    ) throws(CommandFailure) {
        if let name = options.sourceName {
            source = Selection(name: name)
        } else if let name = options.sourceChosenByFlags {
            let settings = Self.sourceSettings(of: name, givenBy: options)
            source = Selection(
                name: name, settings: settings, givenByFlags: Self.flags(of: name, giving: settings),
                chosenByFlags: true)
        }
        if let name = options.executorName {
            executor = Selection(name: name)
        }
        for setting in options.executorFlagSettings where setting.plugin == executor.name {
            executor.settings[setting.key] = setting.value
            executor.givenByFlags[setting.key] = setting.flag
        }
        sinks = options.output.defaultSinks
        for name in options.sinkNames where !sinks.contains(where: { $0.name == name }) {
            sinks.append(Selection(name: name))
        }
        stopPolicies = options.stopPolicyNames.filter { !LuaFlagFiles.isLuaFile($0) }.map { Selection(name: $0) }
        Self.addStopLimits(to: &stopPolicies, enabled: configuration.effective.limits.stopLimitsEnabled) {
            Selection(name: BuiltinPlugins.stopLimits.name)
        }
        seed(with: configuration)
        for assignment in options.settings {
            try apply(assignment, registry: registry)
        }
        func held(_ selection: Selection) -> Selection {
            var held = selection
            held.settings = configuration.holdingCaps(of: selection, warn: warn)
            return held
        }
        source = source.map(held)
        executor = held(executor)
        sinks = sinks.map(held)
        stopPolicies = stopPolicies.map(held)
    }

    /// The settings parallelr's flags of `options` give the built-in source called `name` in a run whose flags choose
    /// it (`-A` chooses `args-file`, `-T` without `-A` chooses `glob`): `-A`'s file, `-T`'s template or patterns (a
    /// list, each `-T` one pattern as given), `-S`, `-E`, `--file-extension` and `-C`, those given; none for another
    /// source.
    static func sourceSettings(of name: String, givenBy options: PRX) -> [String: PluginSettingValue] {
        var settings: [String: PluginSettingValue] = [:]
        switch name {
        case "args-file":
            settings["file"] = options.argumentsFile.map(PluginSettingValue.text)
            settings["template"] = options.tasks.first.map(PluginSettingValue.text)
            settings["separator"] = options.separator.map(PluginSettingValue.text)
            settings["env"] = options.envVars.map(PluginSettingValue.text)
        case "glob":
            settings["patterns"] = options.tasks.isEmpty ? nil : .list(options.tasks)
            settings["ext"] = options.fileExtension.map(PluginSettingValue.text)
        default:
            return [:]
        }
        settings["command"] = options.command.map(PluginSettingValue.text)
        return settings
    }

    /// The flags of parallelr's that give `settings` to the built-in source called `name` (``sourceSettingFlags``), by
    /// setting.
    static func flags(of name: String, giving settings: [String: PluginSettingValue]) -> [String: String] {
        (sourceSettingFlags[name] ?? [:]).filter { setting, _ in settings[setting] != nil }
    }

    /// Puts the configuration's settings under those the flags chose.
    private mutating func seed(with configuration: LoadedConfiguration) {
        func seeded(_ selection: Selection) -> Selection {
            var result = selection
            result.settings = configuration.pluginSettings(for: selection.name)
                .merging(selection.settings) { _, fromFlags in fromFlags }
            result.placesInFiles = configuration.placesInFiles(ofPlugin: selection.name)
                .filter { setting, _ in selection.settings[setting] == nil }
            result.entriesInFiles = configuration.entriesInFiles(ofPlugin: selection.name)
                .filter { setting, _ in selection.settings[setting] == nil }
            return result
        }
        source = source.map(seeded)
        executor = seeded(executor)
        sinks = sinks.map(seeded)
        stopPolicies = stopPolicies.map(seeded)
    }

    /// Applies one `NAME.KEY=VALUE` to the selected plugin called NAME.
    private mutating func apply(_ text: String, registry: PluginRegistry) throws(CommandFailure) {
        let assignment = try PluginAssignment(parsing: text)
        let name = assignment.name
        if source?.name == name {
            source?.set(assignment)
        } else if executor.name == name {
            executor.set(assignment)
        } else if let index = sinks.firstIndex(where: { $0.name == name }) {
            sinks[index].set(assignment)
        } else if let index = stopPolicies.firstIndex(where: { $0.name == name }) {
            stopPolicies[index].set(assignment)
        } else {
            throw assignment.noSuchPlugin(
                chosen: [source?.name, executor.name].compactMap { $0 } + stopPolicies.map(\.name) + sinks.map(\.name),
                registry: registry, choosing: \.choiceByFlags)
        }
    }
}
