import PRXPlugins

extension RunPlan.Selection {
    /// The run's message for `error`, the plugin's refusal of one of its values, naming what gave the value: the flag,
    /// or the setting (``origin(ofFlag:)``) for an error that names flags (``FlagNamingError``).
    func message(refusing error: any Error) -> String {
        guard let error = error as? any FlagNamingError else { return String(describing: error) }
        return error.described(naming: origin(ofFlag:))
    }

    /// Where a configuration file gave the value that the plugin refuses with `message` (``message(refusing:)``):
    /// `PATH:LINE`, for the run's error to name as `--validate-config` does; `nil` when no file gave it (a flag, a
    /// `--set`, a recipe) or when no value alone is refused so.
    ///
    /// The value is the one that `registry` tells the plugin refuses alone with that message
    /// (``PluginRegistry/valueProblems(of:_:)``): the error of making the plugin does not say which setting it is of.
    func placeInFiles(ofValueRefusedWith message: String, by registry: PluginRegistry) -> String? {
        guard !placesInFiles.isEmpty else { return nil }
        let problems = registry.valueProblems(of: name, settings)
        return problems.lazy.filter { self.message(refusing: $0.error) == message }
            .compactMap { $0.setting.flatMap { placesInFiles[$0] } }.first
    }
}
