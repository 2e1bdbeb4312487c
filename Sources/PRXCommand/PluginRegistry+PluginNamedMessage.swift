import PRXPlugins

extension PluginRegistry {
    /// `message`, which the plugin of `kind` called `name` threw as it was made or as it refused its values, as the
    /// run's error says it: after `KIND 'NAME': ` (`sink 'prometheus': cannot write …`), for the user to know which
    /// plugin said it. A message that names the plugin already is left as it is (the registry's own, `sink
    /// 'prometheus' needs the setting prometheus.path`; one naming a setting of the plugin, `prometheus.path …`; one
    /// starting with the plugin's name, `refusing: …`), and so is a message of one of prx's own plugins
    /// (``isBuiltIn(_:named:)``), which names the flag or setting it is about.
    func message(_ message: String, of kind: PluginKind, named name: String) -> String {
        guard !isBuiltIn(kind, named: name) else { return message }
        let settings = (try? descriptor(kind, named: name))?.settings ?? []
        let namesPlugin = message.contains("'\(name)'") || message.hasPrefix("\(name):")
            || settings.contains { message.contains("\(name).\($0.name)") }
        return namesPlugin ? message : "\(kind.rawValue) '\(name)': \(message)"
    }
}
