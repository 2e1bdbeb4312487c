import ArgumentParser

extension FlagPluginSetting {
    /// Refuses a command line's `--set` (among `assignments`, each `NAME.KEY=VALUE`) of a setting that one of `given`,
    /// the settings the command line's flags give, spells out (it has a ``meaning``): one of the two values would be
    /// dropped without a word. Names the first such setting in `given`'s order, its flag as `spelling` writes it:
    /// `--json and --set json.path exclude each other: each gives the JSON file`. A setting a flag gives beside its
    /// own, which has no meaning (the `json.sync` of `--sync` with `--json`), is the `--set`'s to give. Flags mode
    /// (``PRX/refuseSetsOfFlagSettings()``) and `prx run` (``RunRecipeCommand``) refuse alike.
    static func refuseSets(
        of given: [FlagPluginSetting], in assignments: [String], spelling: (String) -> String = { $0 }
    ) throws {
        let setOnCommandLine = FlagOverrides.settingNames(of: assignments)
        for setting in given {
            let name = "\(setting.plugin).\(setting.key)"
            guard let meaning = setting.meaning, setOnCommandLine.contains(name) else { continue }
            throw ValidationError(
                "\(spelling(setting.flag)) and --set \(name) exclude each other: each gives \(meaning)")
        }
    }
}
