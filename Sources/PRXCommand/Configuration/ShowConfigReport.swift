/// The text `--show-config` prints: the file locations as comments, then the effective configuration as YAML,
/// every value followed by a comment naming its source.
///
/// ```yaml
/// # Script config: /opt/prx/cfg/prx.yaml
/// # User config: Not found (using defaults)
/// limits:
///   max_workers: 50  # user: /home/me/prx/cfg/prx.yaml
///   timeout_seconds: 600  # default
///   max_output_capture: 300  # script: /opt/prx/cfg/prx.yaml, as plugins.local.max_output_capture
/// ```
///
/// A parallelr key that a plugin's setting stands for (`limits.max_output_capture`, `local.max_output_capture`)
/// shows, in both places, the value a run uses, whichever gave it, and names the other place when that one did.
/// The output is itself a valid script configuration holding the same values.
enum ShowConfigReport {
    /// The report of `loaded`.
    static func render(_ loaded: LoadedConfiguration) -> String {
        var lines = loaded.fileLines.map { "# " + $0 }
        for section in ConfigurationKey.sections {
            lines.append("\(section):")
            for key in ConfigurationKey.all where key.section == section {
                var value = key.yaml(in: loaded.effective)
                var source = loaded.source(of: key.path).label
                if let mapping = LoadedConfiguration.pluginKeys.first(where: { $0.key == key.path }),
                    loaded.pluginsEntryWins(mapping),
                    let setting = loaded.effective.plugins[mapping.plugin]?[mapping.setting]
                {
                    let path = "plugins.\(mapping.plugin).\(mapping.setting)"
                    value = key.yaml(text: setting)
                    source = "\(loaded.source(of: path).label), as \(path)"
                }
                lines.append("  \(key.name): \(value)  # \(source)")
            }
        }
        let plugins = loaded.effective.plugins
        lines.append(plugins.isEmpty ? "plugins: {}" : "plugins:")
        for name in plugins.keys.sorted() {
            lines.append("  \(ConfigurationScalar.quoted(name)):")
            for (setting, value) in plugins[name, default: [:]].sorted(by: { $0.key < $1.key }) {
                var shown = value
                var source = loaded.source(of: "plugins.\(name).\(setting)").label
                let mapping = LoadedConfiguration.pluginKeys.first { $0.plugin == name && $0.setting == setting }
                if let mapping, !loaded.pluginsEntryWins(mapping), let key = ConfigurationKey.named(mapping.key)
                {
                    shown = key.text(in: loaded.effective)
                    source = "\(loaded.source(of: key.path).label), as \(key.path)"
                }
                lines.append(
                    "    \(ConfigurationScalar.quoted(setting)): \(ConfigurationScalar.quoted(shown))  # \(source)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
