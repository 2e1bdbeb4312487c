import ArgumentParser
import Foundation
import PRXPlugins

/// `prx plugins`: every registered plugin with its kind, settings, defaults and help.
///
/// ``CommandLineEntry`` parses it and prints ``render(_:)`` of the registry prx runs with; swift-argument-parser never
/// runs it (its `run()` is the library's default).
struct PluginsCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandName.plugins.asTyped,
            abstract: "List every plugin prx can use, with its settings and their defaults.")
    }

    @Flag(name: .customLong("json"), help: "Print the list as JSON.")
    var json = false

    /// The listing of `registry`'s plugins, as text or JSON.
    func render(_ registry: PluginRegistry) -> String {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = (try? encoder.encode(registry.descriptors)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        var lines: [String] = []
        for descriptor in registry.descriptors {
            lines.append("\(descriptor.kind.rawValue) \(descriptor.name) — \(descriptor.summary)")
            for setting in descriptor.settings {
                let fallback = setting.defaultValue.map { " (default: \(PluginSetting.shown($0)))" }
                    ?? (setting.isRequired ? " (required)" : "")
                lines.append(
                    "    \(descriptor.name).\(setting.name) <\(Self.values(of: setting))>\(fallback): \(setting.help)")
            }
        }
        lines.append("")
        lines.append(
            "Select with --source, --executor, --sink (repeatable), --stop-policy (repeatable); "
                + "set with --set NAME.KEY=VALUE.")
        return lines.joined(separator: "\n")
    }

    /// The values `setting` takes, as `--json` gives them, its type and its bounds: `integer, 0 or more`,
    /// `string, one of DEBUG, INFO`, `list, each from 0 to 255` (a list's bounds hold for each of its elements), or
    /// the type alone for a setting without bounds.
    private static func values(of setting: PluginSetting) -> String {
        guard let bounds = setting.bounds else { return setting.type.rawValue }
        return "\(setting.type.rawValue), \(setting.type == .list ? "each " : "")\(bounds)"
    }
}
