import PRXPlugins

extension LoadedConfiguration {
    /// One warning for each plugin of `registry` that the configuration files' `plugins:` give settings and the run
    /// does not choose (`chosen` holds the names of the plugins it does, of every kind, as an entry gives its settings
    /// to the chosen plugin of that name whatever its kind), which that section's entries neither choose nor give
    /// anything: `prx.yaml:3: the settings of sink json are not used, as the run does not choose it (choose it with
    /// --sink json)`, or of a source, an executor or a stop policy alike (`the settings of stop-policy stop-limits are
    /// not used, …`), named at the first line of its entry, `choosing(descriptor)` saying how to choose it. A name
    /// registered for several kinds is warned of once, as the first of them.
    func unchosenPluginWarnings(
        chosen: Set<String>, registry: PluginRegistry, choosing: (PluginDescriptor) -> String
    ) -> [String] {
        var named: Set<String> = []
        let unchosen = registry.descriptors.filter { !chosen.contains($0.name) && named.insert($0.name).inserted }
        return unchosen.compactMap { descriptor in
            let name = descriptor.name
            let places = (effective.plugins[name] ?? [:]).keys.compactMap { setting -> (String, Int)? in
                switch source(of: "plugins.\(name).\(setting)") {
                case .scriptFile(let path, let line), .userFile(let path, let line): (path, line)
                case .defaultValue, .flag, .executor: nil
                }
            }
            guard let (path, line) = places.min(by: { $0 < $1 }) else { return nil }
            return "\(path):\(line): the settings of \(descriptor.kind.rawValue) \(name) are not used, as the run "
                + "does not choose it (choose it \(choosing(descriptor)))"
        }
    }
}
