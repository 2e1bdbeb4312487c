import PRXPlugins

extension PluginDescriptor {
    /// How a command line of flags chooses the plugin: `--sink json`, `--executor slurm`, `--source dir`, and
    /// `--enable-stop-limits` for the stop limits; what a warning or a refusal of its unchosen settings tells.
    var choiceByFlags: String {
        kind == .stopPolicy && name == BuiltinPlugins.stopLimits.name ? "--enable-stop-limits" : "\(kind.flag) \(name)"
    }

    /// How a recipe chooses the plugin: `prx.source("dir", …) in the recipe`, `prx.config{ executor = "slurm" } in
    /// the recipe`, and `prx.config{ stop_limits = true } in the recipe` for the stop limits.
    var choiceInRecipe: String {
        let call = switch kind {
        case .source: "prx.source(\"\(name)\", …)"
        case .executor: "prx.config{ executor = \"\(name)\" }"
        case .sink: "prx.sink(\"\(name)\", …)"
        case .stopPolicy where name == BuiltinPlugins.stopLimits.name: "prx.config{ stop_limits = true }"
        case .stopPolicy: "prx.stop_policy(\"\(name)\", …)"
        }
        return call + " in the recipe"
    }

    /// What a refusal of a setting of the plugin, which the run did not choose, says to do, `choosing` telling how
    /// (``choiceByFlags``, ``choiceInRecipe``): `choose stop-policy stop-limits with --enable-stop-limits`.
    func howToChoose(by choosing: (PluginDescriptor) -> String) -> String {
        "choose \(kind.rawValue) \(name) with \(choosing(self))"
    }
}
