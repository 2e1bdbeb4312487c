import PRXPlugins

extension LoadedConfiguration {
    /// Puts the command line's `--set NAME.KEY=VALUE` settings on top of the `plugins:` section, each one's source
    /// the flag, for `--show-config` and `--validate-config`, which show and check the configuration a run would
    /// have. A run applies them to the plugins it selects (``RunPlan``), which these reports have not.
    ///
    /// A setting no plugin called NAME takes (an unknown plugin or key, a value out of its bounds) is rejected like
    /// a file's `plugins:` entry, so that `--validate-config` fails on it as a run refuses it; a setting that stands
    /// for a capped key (`local.max_output_capture`) is held to its cap with a warning.
    ///
    /// - Throws: ``CommandFailure`` for text that is not `NAME.KEY=VALUE`, as a run refuses it.
    mutating func set(_ assignments: [String], plugins: [PluginDescriptor]) throws(CommandFailure) {
        for text in assignments {
            let assignment = try PluginAssignment(parsing: text)
            let declarations = plugins.filter { $0.name == assignment.name }
            guard !declarations.isEmpty else {
                reject("--set \(text): unknown plugin '\(assignment.name)' (see 'prx plugins'); a run refuses it")
                continue
            }
            if let rejection = ConfigurationLoader.rejection(
                of: assignment.key, assignment.value, among: declarations)
            {
                reject("--set \(text): \(rejection.description); a run refuses it")
                continue
            }
            effective.plugins[assignment.name, default: [:]][assignment.key] = assignment.value
            sources["plugins.\(assignment.name).\(assignment.key)"] = .flag("--set")
        }
        enforceCaps()
    }
}
