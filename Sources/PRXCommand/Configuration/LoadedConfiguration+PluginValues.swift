import PRXPlugins

extension LoadedConfiguration {
    /// Judges, for `--validate-config`, the plugin values a run with the command line of `options` would use
    /// (``RunPlan/selectionsToValidate(options:configuration:)``) as the plugins refuse them when made at the start of
    /// a run (``PluginRegistry/valueProblems(of:_:)``): a `glob.ext` that names no extension, an unknown
    /// `args-file.separator`, a required setting given empty. `--validate-config` would otherwise pass a
    /// configuration that every run of that plugin refuses.
    ///
    /// Each value the files give that is refused is one of ``rejections``, a line of the report naming file, line
    /// and setting, with the run's message; so are values the plugin refuses together, none alone, that the files
    /// gave all, at the line of the first, naming the lines of the others (``RunPlan/Selection/placeInFiles``), and
    /// those a flag's value and the files' refuse together, at the line of the files' value the message names first
    /// (`args-file.command` using `@TASK@`, with `-A` and no `-T`), as a run names it. A value the command line gives
    /// (a flag, a `--set`) is refused as a run refuses it.
    ///
    /// - Throws: ``CommandFailure`` with the run's one-line message, naming the flag or setting, and its exit status.
    mutating func checkPluginValues(with registry: PluginRegistry, options: PRX) throws(CommandFailure) {
        var refusedInFiles: [String] = []
        for selection in try RunPlan.selectionsToValidate(options: options, configuration: self) {
            for problem in registry.valueProblems(of: selection.name, selection.settings) {
                let message = selection.message(refusing: problem.error, of: problem.kind, by: registry)
                if let setting = problem.setting, let place = selection.placesInFiles[setting] {
                    refusedInFiles.append("\(place): \(message)")
                } else if problem.setting == nil, let inFiles = selection.placeInFiles {
                    refusedInFiles.append("\(inFiles.place): \(message)\(inFiles.settings)")
                } else if let error = problem.error as? any FlagNamingError,
                    let setting = selection.refusal(error).setting, let place = selection.placesInFiles[setting]
                {
                    // Values refused together, a flag giving one, the files the one the message names first.
                    refusedInFiles.append("\(place): \(message)")
                } else {
                    throw CommandFailure(message: message)
                }
            }
        }
        rejections += refusedInFiles
    }
}
