import PRXPlugins

extension LoadedConfiguration {
    /// Judges, for `--validate-config`, the plugin values a run with the command line of `options` would use
    /// (``RunPlan/selectionsToValidate(options:configuration:)``) as the plugins refuse them when made at the start of
    /// a run (``PluginRegistry/valueProblems(of:_:)``): a `glob.ext` that names no extension, an unknown
    /// `args-file.separator`, a required setting given empty. `--validate-config` would otherwise pass a
    /// configuration that every run of that plugin refuses.
    ///
    /// Each value the files give that is refused is one of ``rejections``, a line of the report naming file, line
    /// and setting, with the run's message; a value the command line gives (a flag, a `--set`) is refused as a run
    /// refuses it.
    ///
    /// - Throws: ``CommandFailure`` with the run's one-line message, naming the flag or setting, and its exit status.
    mutating func checkPluginValues(with registry: PluginRegistry, options: PRX) throws(CommandFailure) {
        var refusedInFiles: [String] = []
        for selection in try RunPlan.selectionsToValidate(options: options, configuration: self) {
            for problem in registry.valueProblems(of: selection.name, selection.settings) {
                let message = Self.message(of: problem.error, in: selection)
                guard let setting = problem.setting, let location = fileLocation(of: setting, in: selection) else {
                    throw CommandFailure(message: message)
                }
                refusedInFiles.append("\(location): \(message)")
            }
        }
        rejections += refusedInFiles
    }

    /// Where the configuration files give `setting` of `selection` the value it has: `PATH:LINE`; `nil` when a flag
    /// or a `--set` gave it.
    private func fileLocation(of setting: String, in selection: RunPlan.Selection) -> String? {
        let name = selection.name
        guard !selection.givenByFlags.contains(setting), let value = selection.settings[setting],
            effective.plugins[name]?[setting] == value
        else { return nil }
        let source = source(of: "plugins.\(name).\(setting)")
        return source.isFile ? source.location : nil
    }

    /// The run's message for `error`, a plugin's refusal of a value of `selection`, naming what gave the value.
    private static func message(of error: any Error, in selection: RunPlan.Selection) -> String {
        guard let error = error as? any FlagNamingError else { return String(describing: error) }
        return error.described(naming: selection.origin(ofFlag:))
    }
}
