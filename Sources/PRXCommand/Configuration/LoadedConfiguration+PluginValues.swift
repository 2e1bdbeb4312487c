import PRXPlugins

extension LoadedConfiguration {
    /// Judges, for `--validate-config`, the plugin values a run with the command line of `options` would use
    /// (``RunPlan/selectionsToValidate(options:configuration:)``) as the plugins refuse them when made at the start of
    /// a run (``PluginRegistry/valueProblems(of:_:)``): a `glob.ext` that names no extension, an unknown
    /// `args-file.separator`, a required setting given empty. `--validate-config` would otherwise pass a
    /// configuration that every run of that plugin refuses.
    ///
    /// Each value the files give that is refused is one of ``rejections``, a line of the report naming file, line
    /// and setting, with the run's message; so are values the plugin refuses together, none alone, of which the
    /// files gave one at least, at the plugin's `NAME:` line under `plugins:`, naming the lines of the files' values
    /// and the flags of the others (``RunPlan/Selection/placeInFiles``), but for those a source refuses together
    /// naming them, whose line is the run's: at the line of the files' value the message names first
    /// (`args-file.command` using `@TASK@`, with `-A` and no `-T`), each other value with its place
    /// (``RunPlan/Selection/refusal(_:)``). A value the command line gives
    /// (a flag, a `--set`) is refused as a run refuses it, one a `--set` gave named by that `--set` in front.
    ///
    /// With `commandLineOnly` (`--show-config`, which shows the configuration and not a run's plugins), it judges what
    /// every run of the command line refuses, whatever the flags choose: the values the command line gives, of every
    /// plugin given settings (``RunPlan/selectionsToValidate(options:configuration:registry:whateverTheSource:)``), which
    /// a run making the plugin refuses as its plugin does and any other as a `--set` naming a plugin it does not make.
    /// The files' values, which only the runs making their plugins refuse, are left to `--validate-config`'s report.
    ///
    /// - Throws: ``CommandFailure`` with the run's one-line message, naming the flag or setting, and its exit status.
    mutating func checkPluginValues(
        with registry: PluginRegistry, options: PRX, commandLineOnly: Bool = false
    ) throws(CommandFailure) {
        var refusedInFiles: [String] = []
        let selections = try RunPlan.selectionsToValidate(
            options: options, configuration: self, registry: registry, whateverTheSource: commandLineOnly)
        for selection in selections {
            for problem in registry.valueProblems(of: selection.name, selection.settings) {
                let message = selection.message(refusing: problem.error, of: problem.kind, by: registry)
                if let setting = problem.setting, let place = selection.placesInFiles[setting] {
                    refusedInFiles.append("\(place): \(message)")
                } else if let error = problem.error as? any FlagNamingError,
                    case let refusal = selection.refusal(error), let setting = refusal.setting,
                    let place = selection.placesInFiles[setting]
                {
                    // Values a source refuses together, in the run's words: at the files' value the message names
                    // first, the others each with its place or flag.
                    refusedInFiles.append("\(place): \(refusal.message)")
                } else if problem.setting == nil, let inFiles = selection.placeInFiles {
                    refusedInFiles.append("\(inFiles.place): \(message)\(inFiles.settings)")
                } else {
                    // A value a `--set` gave is named by it, as a run names it (``built(making:_:with:at:_:)``).
                    let setting = problem.setting
                        ?? (problem.error as? any FlagNamingError).flatMap { selection.refusal($0).setting }
                    let place = setting.flatMap { selection.refusalPlace(ofSetting: $0, otherwise: nil) }
                    throw CommandFailure(message: RecipeError.message(message, at: place))
                }
            }
        }
        if !commandLineOnly {
            rejections += refusedInFiles
        }
    }
}
