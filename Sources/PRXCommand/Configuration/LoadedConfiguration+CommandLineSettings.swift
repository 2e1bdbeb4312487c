import PRXPlugins

extension LoadedConfiguration {
    /// Puts the command line's `--set NAME.KEY=VALUE` settings on top of the `plugins:` section, each one's source
    /// the flag, for `--show-config` and `--validate-config`, which show and check the configuration a run would
    /// have. A run applies them to the plugins it selects (``RunPlan``), which these reports have not.
    ///
    /// A setting no plugin called NAME takes (an unknown plugin or key, a wrong type, a value out of its bounds) is
    /// refused as a run refuses it, with the run's line, where a file's `plugins:` entry that a run ignores with a
    /// warning is one of ``rejections``; a setting that stands for a capped key (`local.max_output_capture`) is held
    /// to its cap with a warning.
    ///
    /// - Throws: ``CommandFailure`` for text that is not `NAME.KEY=VALUE` and for a setting no plugin called NAME
    ///   takes, as a run refuses them.
    mutating func set(_ assignments: [String], plugins: [PluginDescriptor]) throws(CommandFailure) {
        for text in assignments {
            let assignment = try PluginAssignment(parsing: text)
            let declarations = plugins.filter { $0.name == assignment.name }
            guard !declarations.isEmpty else {
                throw CommandFailure(message: "--set \(text): unknown plugin '\(assignment.name)' (see 'prx plugins')")
            }
            if let rejection = ConfigurationLoader.rejection(
                of: assignment.key, assignment.value, among: declarations)
            {
                throw CommandFailure(message: rejection.description)
            }
            effective.plugins[assignment.name, default: [:]][assignment.key] = assignment.value
            sources["plugins.\(assignment.name).\(assignment.key)"] = .flag("--set")
        }
        enforceCaps()
    }
}
