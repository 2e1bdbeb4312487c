import ArgumentParser
import Foundation
import PRXPlugins

/// `prx plugins`: every registered plugin with its kind, settings, defaults and help.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prx plugins",
        abstract: "List every plugin prx can use, with its settings and their defaults.")

    @Flag(name: .customLong("json"), help: "Print the list as JSON.")
    var json = false

    func run() async throws {
        print(render(PluginRegistry.builtin))
    }

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
                let fallback = setting.defaultValue.map { " (default: \($0))" }
                    ?? (setting.isRequired ? " (required)" : "")
                lines.append(
                    "    \(descriptor.name).\(setting.name) <\(setting.type.rawValue)>\(fallback): \(setting.help)")
            }
        }
        lines.append("")
        lines.append(
            "Select with --source, --executor, --sink (repeatable), --stop-policy (repeatable); "
                + "set with --set NAME.KEY=VALUE.")
        return lines.joined(separator: "\n")
    }
}
