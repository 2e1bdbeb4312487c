import PRXPlugins

extension RunPlan.Selection {
    /// The run's message for `error`, the plugin's refusal of one of its values, naming what gave the value: the flag,
    /// or the setting (``origin(ofFlag:)``) for an error that names flags (``FlagNamingError``).
    func message(refusing error: any Error) -> String {
        guard let error = error as? any FlagNamingError else { return String(describing: error) }
        return error.described(naming: origin(ofFlag:))
    }

    /// The run's message for `error`, the source's refusal of values, naming what gave each (``origin(ofFlag:)``),
    /// and the first setting it names, whose place the message is given in front (``built(making:with:at:_:)``, which
    /// falls back on ``position`` as this does). A setting named beside the first that came from another place says
    /// its own, which the one in front would not: `dir.ext at prx.yaml:3` (``place(ofSetting:otherwise:)``), or
    /// `dir.ext from --set` when there is a place in front (with none, a setting alone is a `--set`'s, as ever), as in
    /// `recipe.lua:1: no task files with extension log found (dir.path, dir.ext at /home/me/prx/cfg/prx.yaml:3)`.
    func refusal(_ error: any FlagNamingError) -> (message: String, setting: String?) {
        var named: [String] = []
        _ = error.described { flag in
            if let setting = setting(namedInPlaceOf: flag), !named.contains(setting) { named.append(setting) }
            return flag
        }
        let otherwise = position?.description
        let leading = named.first.flatMap { place(ofSetting: $0, otherwise: otherwise) }
        let message = error.described { flag in
            let origin = origin(ofFlag: flag)
            guard let setting = setting(namedInPlaceOf: flag), setting != named.first else { return origin }
            if let place = place(ofSetting: setting, otherwise: otherwise) {
                return place == leading ? origin : "\(origin) at \(place)"
            }
            return setOnCommandLine.contains(setting) && leading != nil ? "\(origin) from --set" : origin
        }
        return (message, named.first)
    }

    /// Runs `body`, which makes the source of this selection or reads its settings; an error that names the flag of a
    /// value (``FlagNamingError``) names what gave it instead (``refusal(_:)``), in a ``CommandFailure`` that says which
    /// setting it names (``CommandFailure/setting``), for ``built(making:with:at:_:)`` to name its place.
    func namingWhatGaveValues<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as any FlagNamingError {
            let refusal = refusal(error)
            throw CommandFailure(message: refusal.message, setting: refusal.setting)
        }
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
