import PRXPlugins

extension RunPlan.Selection {
    /// The run's message for `error`, the plugin's refusal of one of its values, naming what gave the value: the flag,
    /// or the setting (``origin(ofFlag:)``) for an error that names flags (``FlagNamingError``).
    func message(refusing error: any Error) -> String {
        guard let error = error as? any FlagNamingError else { return String(describing: error) }
        return error.described(naming: origin(ofFlag:))
    }

    /// The setting whose value the plugin refuses with `message` (``message(refusing:)``), for the run's error to name
    /// where the value came from (``place(ofSetting:otherwise:)``); `nil` when no value alone is refused so.
    ///
    /// The value is the one that `registry` tells the plugin refuses alone with that message
    /// (``PluginRegistry/valueProblems(of:_:)``): the error of making the plugin does not say which setting it is of.
    func setting(ofValueRefusedWith message: String, by registry: PluginRegistry) -> String? {
        registry.valueProblems(of: name, settings).lazy.filter { self.message(refusing: $0.error) == message }
            .compactMap(\.setting).first
    }
}
