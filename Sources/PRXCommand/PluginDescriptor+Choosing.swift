import PRXPlugins

extension PluginDescriptor {
    /// How a command line of flags chooses the plugin, with its preposition: `with --sink json`, `with --executor
    /// slurm`, `with --source dir`, `with --enable-stop-limits` for the stop limits, and `by leaving out
    /// --no-task-output-log` for the task output file, which every run has but for that flag (`--sink output` is
    /// refused beside it); what a warning or a refusal of its unchosen settings tells.
    var choiceByFlags: String {
        switch (kind, name) {
        case (.stopPolicy, BuiltinPlugins.stopLimits.name): "with --enable-stop-limits"
        case (.sink, "output"): "by leaving out --no-task-output-log"
        default: "with \(kind.flag) \(name)"
        }
    }

    /// How a recipe chooses the plugin, with its preposition: `with prx.source("dir", …) in the recipe`, `with
    /// prx.config{ executor = "slurm" } in the recipe`, and `with prx.config{ stop_limits = true } in the recipe` for
    /// the stop limits.
    var choiceInRecipe: String {
        let call = switch kind {
        case .source: "prx.source(\"\(name)\", …)"
        case .executor: "prx.config{ executor = \"\(name)\" }"
        case .sink: "prx.sink(\"\(name)\", …)"
        case .stopPolicy where name == BuiltinPlugins.stopLimits.name: "prx.config{ stop_limits = true }"
        case .stopPolicy: "prx.stop_policy(\"\(name)\", …)"
        }
        return "with \(call) in the recipe"
    }

    /// What a refusal of a setting of the plugin, which the run did not choose, says to do, `choosing` telling how
    /// (``choiceByFlags``, ``choiceInRecipe``): `choose stop-policy stop-limits with --enable-stop-limits`.
    func howToChoose(by choosing: (PluginDescriptor) -> String) -> String {
        "choose \(kind.rawValue) \(name) \(choosing(self))"
    }
}
