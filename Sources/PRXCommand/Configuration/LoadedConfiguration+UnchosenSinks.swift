import PRXPlugins

extension LoadedConfiguration {
    /// One warning for each sink of `registry` that the configuration files' `plugins:` give settings and the run does
    /// not choose (`chosen` holds the names of the sinks it does), which that section's entries neither choose nor
    /// give anything: `prx.yaml:3: the settings of sink json are not used, as the run does not choose it (choose it
    /// with --sink json)`, named at the first line of its entry, `choosing(name)` saying how to choose it.
    func unchosenSinkWarnings(
        chosen: [String], registry: PluginRegistry, choosing: (String) -> String
    ) -> [String] {
        let sinks = registry.descriptors.filter { $0.kind == .sink }.map(\.name)
        return sinks.filter { !chosen.contains($0) }.compactMap { name in
            let places = (effective.plugins[name] ?? [:]).keys.compactMap { setting -> (String, Int)? in
                switch source(of: "plugins.\(name).\(setting)") {
                case .scriptFile(let path, let line), .userFile(let path, let line): (path, line)
                case .defaultValue, .flag, .executor: nil
                }
            }
            guard let (path, line) = places.min(by: { $0 < $1 }) else { return nil }
            return "\(path):\(line): the settings of sink \(name) are not used, as the run does not choose it "
                + "(choose it with \(choosing(name)))"
        }
    }
}
