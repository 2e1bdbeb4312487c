import PRXPlugins

extension RunPlan.Selection {
    /// The run's message for `error`, the plugin's refusal of one of its values, naming what gave the value: the flag,
    /// or the setting (``origin(ofFlag:)``) for an error that names flags (``FlagNamingError``).
    func message(refusing error: any Error) -> String {
        guard let error = error as? any FlagNamingError else { return String(describing: error) }
        return error.described(naming: origin(ofFlag:))
    }

    /// The run's message for `error`, the refusal of values by the plugin of `kind`, as ``message(refusing:)`` says it,
    /// named as the plugin's (``PluginRegistry/message(_:of:named:)``) unless it names the flags of its values: what a
    /// run making the plugin says of what its factory throws (``built(making:_:with:at:_:)``).
    func message(refusing error: any Error, of kind: PluginKind, by registry: PluginRegistry) -> String {
        let message = message(refusing: error)
        return error is any FlagNamingError ? message : registry.message(message, of: kind, named: name)
    }

    /// The run's message for `error`, the source's refusal of values, naming what gave each (``origin(ofFlag:)``),
    /// and the first setting it names that has a place (else the first it names), whose place the message is given in
    /// front (``built(making:_:with:at:_:)``, which falls back on ``position`` as this does). A setting named beside
    /// that one that came from another place says its own, which the one in front would not: `dir.ext at prx.yaml:3`
    /// (``place(ofSetting:otherwise:)``), or `dir.ext from --set` when there is a place in front (with none, a setting
    /// alone is a `--set`'s, as ever), as in `recipe.lua:1: no task files with extension log found (dir.path, dir.ext
    /// at /home/me/prx/cfg/prx.yaml:3)`.
    func refusal(_ error: any FlagNamingError) -> (message: String, setting: String?) {
        var named: [String] = []
        _ = error.described { flag in
            if let setting = setting(namedInPlaceOf: flag), !named.contains(setting) { named.append(setting) }
            return flag
        }
        let otherwise = position?.description
        // The first setting with a place leads: a `--set`'s first would leave a file's value named without one.
        let first = named.first { place(ofSetting: $0, otherwise: otherwise) != nil } ?? named.first
        let leading = first.flatMap { place(ofSetting: $0, otherwise: otherwise) }
        let message = error.described { flag in
            let origin = origin(ofFlag: flag)
            guard let setting = setting(namedInPlaceOf: flag), setting != first else { return origin }
            if let place = place(ofSetting: setting, otherwise: otherwise) {
                return place == leading ? origin : "\(origin) at \(place)"
            }
            return setOnCommandLine[setting] != nil && leading != nil ? "\(origin) from --set" : origin
        }
        return (message, first)
    }

    /// Runs `body`, which makes the source of this selection or reads its settings; an error that names the flag of a
    /// value (``FlagNamingError``) names what gave it instead (``refusal(_:)``), in a ``CommandFailure`` that says which
    /// setting it names (``CommandFailure/setting``), for ``built(making:_:with:at:_:)`` to name its place.
    func namingWhatGaveValues<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as any FlagNamingError {
            let refusal = refusal(error)
            throw CommandFailure(message: refusal.message, setting: refusal.setting)
        }
    }

    /// The setting whose value the plugin of `kind` refuses with `message` (``message(refusing:)``), for the run's
    /// error to name where the value came from (``place(ofSetting:otherwise:)``); `nil` when no value alone is refused
    /// so.
    ///
    /// The value is the one that `registry` tells the plugin refuses alone with that message
    /// (``PluginRegistry/valueProblems(of:_:)``): the error of making the plugin does not say which setting it is of.
    /// Only the problems of the plugin of `kind` count: a plugin of another kind may share its name.
    func setting(ofValueRefusedWith message: String, _ kind: PluginKind, by registry: PluginRegistry) -> String? {
        registry.valueProblems(of: name, settings).lazy
            .filter { $0.kind == kind && self.message(refusing: $0.error) == message }
            .compactMap(\.setting).first
    }

    /// The setting whose value the plugin's factory refused with `message` when neither the error
    /// (``CommandFailure/setting``) nor the plugin's value check (``setting(ofValueRefusedWith:_:by:)``) tells, as the
    /// keys it `read` before it threw tell (``PluginSettingReads``): the one value given it that it read (by a flag, a
    /// `--set`, a configuration file or a recipe; not a default), or, of several, the one `message` names
    /// (`prometheus.path /x/m.prom: cannot write …`); `nil` when it read none given, or several that `message` does
    /// not tell apart, an error about no one value. So a custom plugin's refusal of a value is named where the value came
    /// from, as a built-in's is, without a value check.
    func setting(refusedWith message: String, read: [String]) -> String? {
        let given = read.filter { setting in
            placesInFiles[setting] != nil || placesInRecipe[setting] != nil || setOnCommandLine[setting] != nil
                || givenByFlags[setting] != nil
        }
        guard given.count > 1 else { return given.first }
        let named = given.filter { message.names("\(name).\($0)") }
        return named.count == 1 ? named[0] : nil
    }

    /// Whether the plugin of `kind` refuses its values together, and none of them alone, with `message`
    /// (``message(refusing:)``), as `registry` tells (``PluginRegistry/valueProblems(of:_:)``).
    func refusesValuesTogether(with message: String, _ kind: PluginKind, by registry: PluginRegistry) -> Bool {
        registry.valueProblems(of: name, settings).contains {
            $0.kind == kind && $0.setting == nil && self.message(refusing: $0.error) == message
        }
    }

    /// Where the configuration files gave this plugin values, for an error of the plugin about no one value to be
    /// named at, when no recipe gave any: `place`, the plugin's `NAME:` line in the files' `plugins:` section
    /// (``entriesInFiles``), else, when the files, flags and `--set`s gave every value (no default among them), the
    /// `PATH:LINE` of the files' first, in their order (a parallelr key's, `limits.max_failure_rate`); and
    /// `settings`, what is said after an error refusing the values together: every
    /// value, each at its own place but for those at `place`, and each a flag gave beside them by that flag
    /// (` (ranged.low at prx.yaml:3, ranged.high from --set)`), as a refusal naming two settings names them
    /// (``refusal(_:)``), or nothing when the files gave them all at `place`. `nil` when the files gave no value, or a
    /// recipe gave one.
    var placeInFiles: (place: String, settings: String)? {
        let inFiles = placesInFiles.filter { settings[$0.key] != nil }
        guard !inFiles.isEmpty, placesInRecipe.isEmpty else { return nil }
        let ordered = inFiles.sorted { first, second in
            let (one, other) = (first.value.fileAndLine, second.value.fileAndLine)
            return (one.path, one.line, first.key) < (other.path, other.line, second.key)
        }
        let fromFlags = settings.keys.sorted().compactMap { setting in
            (setOnCommandLine[setting] != nil ? "--set" : givenByFlags[setting]).map { (setting, $0) }
        }
        // Without an entry of its own, the plugin's values are the files' only when no default is among them.
        guard let leading = ordered.lazy.compactMap({ entriesInFiles[$0.key] }).first
            ?? (inFiles.count + fromFlags.count == settings.count ? ordered[0].value : nil)
        else { return nil }
        guard ordered.contains(where: { $0.value != leading }) || !fromFlags.isEmpty else { return (leading, "") }
        let named = ordered.map { setting, place in "\(name).\(setting)" + (place == leading ? "" : " at \(place)") }
            + fromFlags.map { setting, flag in "\(name).\(setting) from \(flag)" }
        return (leading, " (\(named.joined(separator: ", ")))")
    }
}

extension String {
    /// A place `PATH:LINE` as its path and line, for places in one file to be ordered by their lines.
    fileprivate var fileAndLine: (path: String, line: Int) {
        guard let colon = lastIndex(of: ":"), let line = Int(self[index(after: colon)...]) else { return (self, 0) }
        return (String(self[..<colon]), line)
    }

    /// Whether the text holds `setting` (`prometheus.path`) as a whole, not as the start of a longer name
    /// (`prometheus.path_prefix`).
    fileprivate func names(_ setting: String) -> Bool {
        var rest = self[...]
        while let range = rest.range(of: setting) {
            guard let next = rest[range.upperBound...].first, next.isLetter || next.isNumber || next == "_" else {
                return true
            }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
