/// The text `--show-config` prints: the file locations as comments, then the effective configuration as YAML,
/// every value followed by a comment naming its source.
///
/// ```yaml
/// # Script config: /opt/prx/cfg/prx.yaml
/// # User config: Not found (using defaults)
/// limits:
///   max_workers: 50  # user: /home/me/prx/cfg/prx.yaml
///   timeout_seconds: 600  # default
/// ```
///
/// The output is itself a valid script configuration holding the same values.
enum ShowConfigReport {
    /// The report of `loaded`.
    static func render(_ loaded: LoadedConfiguration) -> String {
        var lines = loaded.fileLines.map { "# " + $0 }
        for section in ConfigurationKey.sections {
            lines.append("\(section):")
            for key in ConfigurationKey.all where key.section == section {
                lines.append("  \(key.name): \(key.yaml(in: loaded.effective))  # \(loaded.source(of: key.path).label)")
            }
        }
        let plugins = loaded.effective.plugins
        lines.append(plugins.isEmpty ? "plugins: {}" : "plugins:")
        for name in plugins.keys.sorted() {
            lines.append("  \(ConfigurationScalar.quoted(name)):")
            for (setting, value) in plugins[name, default: [:]].sorted(by: { $0.key < $1.key }) {
                let source = loaded.source(of: "plugins.\(name).\(setting)").label
                lines.append(
                    "    \(ConfigurationScalar.quoted(setting)): \(ConfigurationScalar.quoted(value))  # \(source)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
