import PRXPlugins

/// The text `--show-config` prints: the file locations as comments, then the effective configuration as YAML,
/// every value followed by a comment naming its source.
///
/// ```yaml
/// # Script config: /opt/prx/cfg/prx.yaml
/// # User config: Not found (using defaults)
/// limits:
///   max_workers: 50  # user: /home/me/prx/cfg/prx.yaml
///   timeout_seconds: 300  # default, 600 held to limits.max_allowed_timeout
///   max_output_capture: 300  # script: /opt/prx/cfg/prx.yaml, as plugins.local.max_output_capture
/// ```
///
/// A value held to a `max_allowed_*` cap names the value asked for and the cap, after its source.
///
/// A parallelr key that a plugin's setting stands for (`limits.max_output_capture`, `local.max_output_capture`)
/// shows, in both places, the value a run uses, whichever gave it, and names the other place when that one did.
/// The output is itself a valid script configuration holding the same values: the comments write the control
/// characters of the paths they name as escapes, as an error line does, and the line and paragraph separators too,
/// so that each stays one comment line (``comment(_:)``); a plugin setting is written as its type reads
/// (``yaml(_:as:)``), a number as a number.
enum ShowConfigReport {
    /// The report of `loaded`, whose plugin settings are those `plugins` declare.
    static func render(_ loaded: LoadedConfiguration, plugins: [PluginDescriptor]) -> String {
        let shared = valuesOfTheOtherPlace(loaded)
        var lines = loaded.fileLines.map { "# " + comment($0) }
        for section in ConfigurationKey.sections {
            lines.append("\(section):")
            for key in ConfigurationKey.all where key.section == section {
                let value =
                    shared[key.path].map { key.yaml(text: $0.value.description) } ?? key.yaml(in: loaded.effective)
                let source = comment(shared[key.path]?.source ?? origin(of: key.path, in: loaded))
                lines.append("  \(key.name): \(value)  # \(source)")
            }
        }
        let settings = loaded.effective.plugins
        lines.append(settings.isEmpty ? "plugins: {}" : "plugins:")
        for name in settings.keys.sorted() {
            lines.append("  \(ConfigurationScalar.quoted(name)):")
            for (setting, value) in settings[name, default: [:]].sorted(by: { $0.key < $1.key }) {
                let path = "plugins.\(name).\(setting)"
                let shown = yaml(shared[path]?.value ?? value, as: type(of: setting, ofPlugin: name, among: plugins))
                let source = comment(shared[path]?.source ?? origin(of: path, in: loaded))
                lines.append("    \(ConfigurationScalar.quoted(setting)): \(shown)  # \(source)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` (a path, a value's source) made fit for a comment: its control characters written as escapes, as an
    /// error line writes them (``ControlCharacterEscaping``), and U+2028 and U+2029 as `\u{2028}` and `\u{2029}`,
    /// since a YAML reader takes them for line breaks, as it does U+0085, a C1 control: a path holding one ended its
    /// comment there, and the rest of the path was read as YAML ('mapping values are not allowed in this context').
    private static func comment(_ text: String) -> String {
        var result = ""
        for scalar in ControlCharacterEscaping.escaped(text).unicodeScalars {
            if scalar == "\u{2028}" || scalar == "\u{2029}" {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// For each key a plugin's setting stands for (``LoadedConfiguration/pluginKeys``), when the `plugins:` section
    /// has that setting: the place that does not give the value a run uses (the key's path, or the setting's
    /// `plugins.NAME.KEY`), by path, with the value the other place gives and its source, naming that place
    /// (`script: /opt/prx/cfg/prx.yaml, as plugins.local.max_output_capture`). The one table both the key's line and
    /// the setting's line read.
    private static func valuesOfTheOtherPlace(
        _ loaded: LoadedConfiguration
    ) -> [String: (value: PluginSettingValue, source: String)] {
        var shown: [String: (value: PluginSettingValue, source: String)] = [:]
        for mapping in LoadedConfiguration.pluginKeys {
            guard let key = ConfigurationKey.named(mapping.key),
                let setting = loaded.effective.plugins[mapping.plugin]?[mapping.setting]
            else { continue }
            let settingPath = "plugins.\(mapping.plugin).\(mapping.setting)"
            let (used, other, value) = loaded.pluginsEntryWins(mapping)
                ? (settingPath, key.path, setting) : (key.path, settingPath, .text(key.text(in: loaded.effective)))
            shown[other] = (value, "\(loaded.source(of: used).label), as \(used)\(heldNote(of: used, in: loaded))")
        }
        return shown
    }

    /// A plugin setting's value as YAML, as a setting of `type` reads it back: a whole number in decimal (`010` is
    /// ten, `10`), a number as a number (`0.5`, `1.0e-07`, ``Swift/Double/yamlNumber``), a truth value `true` or
    /// `false`, as the configuration's own keys are written (``ConfigurationKey/yaml(text:)``), so that a YAML reader
    /// (PyYAML) reads them as numbers and truth values; other text double-quoted, and a list a flow sequence of its
    /// elements, each double-quoted (`["d,1/*.sh", " sp"]`), which the configuration file reads back as the same list.
    /// A list setting given as text (`--set glob.ext=txt,log`) stays that text, which the setting reads as the `--set`
    /// gave it (an extension list's text is read as `--file-extension` is, not as a list). A value that is no value of
    /// its type, or of a setting of no one type, is double-quoted text.
    ///
    /// A `--set`'s number was written as quoted text (`"0.5"`), which a YAML reader reads as a string.
    private static func yaml(_ value: PluginSettingValue, as type: PluginSetting.ValueType?) -> String {
        switch (value, type) {
        case (.text(let text), .integer?):
            PluginSettings.wholeNumber(text).map(String.init) ?? ConfigurationScalar.quoted(text)
        case (.text(let text), .number?):
            PythonNumberText.decimal(text).flatMap { $0.isFinite ? $0.yamlNumber : nil }
                ?? ConfigurationScalar.quoted(text)
        case (.text(let text), .boolean?):
            PluginSettings.truth(text).map(String.init) ?? ConfigurationScalar.quoted(text)
        case (.text(let text), _):
            ConfigurationScalar.quoted(text)
        case (.list(let elements), _):
            "[" + elements.map(ConfigurationScalar.quoted).joined(separator: ", ") + "]"
        }
    }

    /// The type of the setting `setting` of the plugins called `name` among `plugins`; `nil` when none declares it, or
    /// plugins of that name (of different kinds) declare it of different types.
    private static func type(
        of setting: String, ofPlugin name: String, among plugins: [PluginDescriptor]
    ) -> PluginSetting.ValueType? {
        let declared = plugins.filter { $0.name == name }
        let types = Set(declared.compactMap { $0.settings.first { $0.name == setting }?.type })
        return types.count == 1 ? types.first : nil
    }

    /// The comment on the value at `path`: its source, and the value asked for with the cap that held it, if one
    /// did (``LoadedConfiguration/heldToCaps``): `default, 600 held to limits.max_allowed_timeout`, where `default`
    /// alone said that the default, 600, was the value used.
    private static func origin(of path: String, in loaded: LoadedConfiguration) -> String {
        loaded.source(of: path).label + heldNote(of: path, in: loaded)
    }

    /// `, 600 held to limits.max_allowed_timeout` when a cap held the value at `path`; empty otherwise.
    private static func heldNote(of path: String, in loaded: LoadedConfiguration) -> String {
        loaded.heldToCaps[path].map { ", \($0.asked) held to \($0.capPath)" } ?? ""
    }
}
