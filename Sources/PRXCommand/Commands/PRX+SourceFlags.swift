import ArgumentParser
import PRXPlugins

extension PRX {
    /// parallelr's flags that give a task source its settings (`-T`, `-A`, `-C`, `--file-extension`, `-E`, `-S`),
    /// each as ``RunPlan/sourceSettingFlags`` names it and as a message spells it.
    static let sourceFlags: [(name: String, spelling: String)] = [
        ("-T", "-T/--TasksDir"), ("-A", "-A/--arguments-file"), ("-C", "-C/--Command"),
        ("--file-extension", "--file-extension"), ("-E", "-E/--env-var"), ("-S", "-S/--separator"),
    ]

    /// The built-in source parallelr's flags choose: `args-file` with `-A`, `glob` with `-T` alone; `nil` with
    /// `--source`, which names its own, or with neither.
    var sourceChosenByFlags: String? {
        guard sourceName == nil else { return nil }
        return argumentsFile != nil ? "args-file" : tasks.isEmpty ? nil : "glob"
    }

    /// Whether the command line chooses the run's source, by `--source` or parallelr's `-A` or `-T`: the plugins of
    /// its run are then known (``RunPlan/selectionsToValidate(options:configuration:registry:)``).
    var choosesSource: Bool { sourceName != nil || sourceChosenByFlags != nil }

    /// Refuses parallelr's source flags beside `--source`: they give their values to the source they choose (`-A`
    /// chooses `args-file`, `-T` `glob`), and the source `--source` names takes its settings from `--set` and the
    /// configuration's `plugins:`, so that they were ignored without a word (`--source glob -T tasks` ran the
    /// configuration's `glob.patterns`, or was refused for want of them). The message names the setting that takes
    /// the flag's value, where the source has one. A source that `registry` does not have is refused first, as the run
    /// refuses it: it was refused for the flag beside it (`-C x --source bogus`), named as a source
    /// (`--source bogus`, `--source ` for an empty name), and refused again once the flag was gone.
    func checkSourceFlags(registry: PluginRegistry) throws {
        guard let sourceName else { return }
        try registry.refuseUnknown(.source, named: sourceName)
        let given = [
            !tasks.isEmpty, argumentsFile != nil, command != nil, fileExtension != nil, envVars != nil,
            separator != nil,
        ]
        guard let flag = zip(Self.sourceFlags, given).first(where: \.1)?.0 else { return }
        let setting = RunPlan.sourceSettingFlags[sourceName]?.first { $0.value == flag.name }?.key
        let refusal = "\(flag.spelling) is not taken with --source \(sourceName)"
        guard let setting = setting.map({ "\(sourceName).\($0)" }) else {
            throw ValidationError("\(refusal), which takes its settings from --set and the configuration files")
        }
        throw ValidationError("\(refusal): set \(setting) instead (--set \(setting)=… or a configuration file)")
    }
}

extension PRX {
    /// The refusal of a run that no flag gives a source (no `-T`, `-A` or `--source`), with, where a `--set` or a
    /// configuration file's `plugins:` gives a source of `registry` its settings, which may be taken for choosing it,
    /// what gives them and how to choose it: `prx.yaml:4 gives the source glob its settings, not the choice of it:
    /// choose it with --source glob`. It said so of a configuration file to every user, one who had none among
    /// them. The files are those prx running under the name `invocation` reads; files it cannot load give none here,
    /// and are refused once a source is chosen.
    func missingSourceRefusal(invokedAs invocation: InvocationName, registry: PluginRegistry) -> ValidationError {
        let refusal = "either -T/--TasksDir, -A/--arguments-file or --source is required"
        let sources = registry.descriptors.filter { $0.kind == .source }
        let assignments = settings.compactMap { try? PluginAssignment(parsing: $0) }
        var giver = assignments.lazy.compactMap { assignment in
            sources.first { $0.name == assignment.name }.map { ("--set \(assignment.name).\(assignment.key)", $0) }
        }.first
        if giver == nil,
            let loaded = try? ConfigurationLoader.loadForThisProcess(
                invocation: invocation, plugins: registry.descriptors, flags: FlagOverrides())
        {
            giver = sources.lazy.compactMap { source in
                loaded.pluginEntries[source.name]?.first.map { ($0.location, source) }
            }.first
        }
        guard let (place, source) = giver else { return ValidationError(refusal) }
        return ValidationError(
            "\(refusal): \(place) gives the source \(source.name) its settings, not the choice of it: choose it "
                + source.choiceByFlags)
    }
}
