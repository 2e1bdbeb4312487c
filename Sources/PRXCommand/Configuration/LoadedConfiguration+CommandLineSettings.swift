import PRXPlugins

extension LoadedConfiguration {
    /// Puts the plugin settings of `options`' command line on top of the `plugins:` section, as
    /// ``set(_:after:plugins:)`` does, for `--show-config` and `--validate-config`; first refuses a flag giving the
    /// executor a setting it lacks, as a run does (``RunPlan/refuseExecutorFlags(of:by:)``), naming the flag rather
    /// than a setting it gives (`--heartbeat-timeout`, not an unknown `feedback`).
    ///
    /// - Throws: ``CommandFailure``, as a run refuses the flags and settings.
    mutating func setCommandLineSettings(of options: PRX, registry: PluginRegistry) throws(CommandFailure) {
        try RunPlan.refuseExecutorFlags(of: options, by: registry)
        try set(options.settings, after: options.flagPluginSettings, plugins: registry.descriptors)
    }

    /// Puts the command line's plugin settings on top of the `plugins:` section, each one's source its flag: those
    /// of other flags (`flagged`: `--feedback`, `--sync`, …), then the `--set NAME.KEY=VALUE`s, for `--show-config`
    /// and `--validate-config`, which show and check the configuration a run would have. A run applies them to the
    /// plugins it selects (``RunPlan``), which these reports have not.
    ///
    /// A setting no plugin called NAME takes (an unknown plugin or key, a wrong type, a value out of its bounds) is
    /// refused as a run refuses it, with the run's line, where a file's `plugins:` entry that a run ignores with a
    /// warning is one of ``rejections``; a setting that stands for a capped key (`local.max_output_capture`) is held
    /// to its cap with a warning.
    ///
    /// - Throws: ``CommandFailure`` for text that is not `NAME.KEY=VALUE` and for a setting no plugin called NAME
    ///   takes, as a run refuses them.
    private mutating func set(
        _ assignments: [String], after flagged: [FlagPluginSetting] = [], plugins: [PluginDescriptor]
    ) throws(CommandFailure) {
        for setting in flagged {
            try set(setting, plugins: plugins)
        }
        for text in assignments {
            let assignment = try PluginAssignment(parsing: text)
            guard plugins.contains(where: { $0.name == assignment.name }) else { throw assignment.unknownPlugin() }
            let setting = FlagPluginSetting(
                plugin: assignment.name, key: assignment.key, value: .text(assignment.value), flag: "--set")
            try set(setting, plugins: plugins, givenBy: assignment)
        }
        enforceCaps()
    }

    /// Puts `setting` on top, refused as a run refuses it when no plugin of its name takes it, the refusal naming
    /// `assignment`, the `--set` that gave it, if one did.
    private mutating func set(
        _ setting: FlagPluginSetting, plugins: [PluginDescriptor], givenBy assignment: PluginAssignment? = nil
    ) throws(CommandFailure) {
        try Self.refuse(
            setting.key, setting.value, ofPlugin: setting.plugin, unlessTakenBy: plugins, givenBy: assignment)
        effective.plugins[setting.plugin, default: [:]][setting.key] = setting.value
        sources["plugins.\(setting.plugin).\(setting.key)"] = .flag(setting.flag)
    }

    /// Refuses the first of the `--set NAME.KEY=VALUE`s `assignments` that no plugin of `plugins` called NAME takes (an
    /// unknown key, a wrong type, a value out of bounds), in command-line order, as `--validate-config` and
    /// `--show-config` refuse them (``setCommandLineSettings(of:registry:)``): a run judged them as it made its
    /// plugins, in their order, and so named another `--set` than `--validate-config` when two were wrong; so is one
    /// that is not `NAME.KEY=VALUE` and one naming no plugin of `plugins`, in `--validate-config`'s words
    /// (``PluginAssignment/unknownPlugin()``), where a run said it named no selected plugin.
    ///
    /// - Throws: ``CommandFailure`` with the plugin's refusal of the value, or of the assignment.
    static func refuseSettingsNoPluginTakes(
        _ assignments: [String], plugins: [PluginDescriptor]
    ) throws(CommandFailure) {
        for text in assignments {
            let assignment = try PluginAssignment(parsing: text)
            guard plugins.contains(where: { $0.name == assignment.name }) else { throw assignment.unknownPlugin() }
            try refuse(
                assignment.key, .text(assignment.value), ofPlugin: assignment.name, unlessTakenBy: plugins,
                givenBy: assignment)
        }
    }

    /// Refuses `key` = `value` of the plugin called `name` when no plugin of that name among `plugins` takes it; one
    /// naming none of them is not refused here. A refusal of a setting `assignment` gave names it first, as its other
    /// refusals do (`--set local.bogus=1: unknown setting 'bogus' for executor 'local' (valid: …)`): it named the
    /// plugin's setting alone, and not the `--set` it came from.
    private static func refuse(
        _ key: String, _ value: PluginSettingValue, ofPlugin name: String, unlessTakenBy plugins: [PluginDescriptor],
        givenBy assignment: PluginAssignment?
    ) throws(CommandFailure) {
        let declarations = plugins.filter { $0.name == name }
        if let rejection = ConfigurationLoader.rejection(of: key, value, among: declarations) {
            throw CommandFailure(message: RecipeError.message(rejection.description, at: assignment?.place))
        }
    }
}
