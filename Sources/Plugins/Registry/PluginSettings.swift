/// The settings given to one plugin, checked against its declaration and with defaults filled in.
///
/// Values arrive as text (from `--set`, a YAML file or Lua) and are read back typed; every value has been checked
/// against its declared type and bounds, so a typed reader returns `nil` only for a setting neither given nor
/// defaulted.
public struct PluginSettings: Sendable, Hashable {
    /// The plugin these settings belong to.
    public let descriptor: PluginDescriptor
    private let values: [String: String]

    /// Checks `given` against `descriptor` and fills in defaults.
    ///
    /// - Throws: ``PluginError`` naming an unknown key (with the valid ones), or a value of the wrong type or out of
    ///   the setting's bounds.
    public init(for descriptor: PluginDescriptor, _ given: [String: String]) throws(PluginError) {
        var values: [String: String] = [:]
        for setting in descriptor.settings {
            if let value = setting.defaultValue { values[setting.name] = value }
        }
        for (key, value) in given {
            guard let setting = descriptor.settings.first(where: { $0.name == key }) else {
                let valid = descriptor.settings.map(\.name).sorted().joined(separator: ", ")
                throw PluginError(
                    "unknown setting '\(key)' for \(descriptor.kind.rawValue) '\(descriptor.name)' "
                        + "(valid: \(valid.isEmpty ? "none" : valid))")
            }
            if let problem = Self.problem(with: value, for: setting) {
                throw PluginError("setting \(descriptor.name).\(key) \(problem) (got '\(value)')")
            }
            values[key] = value
        }
        self.descriptor = descriptor
        self.values = values
    }

    /// The text of `key`, or `nil` when neither given nor defaulted.
    public func string(_ key: String) -> String? { values[key] }

    /// `key` as a whole number.
    public func integer(_ key: String) -> Int? { values[key].flatMap { Int($0) } }

    /// `key` as a number.
    public func number(_ key: String) -> Double? { values[key].flatMap { Double($0) } }

    /// `key` as a truth value.
    public func boolean(_ key: String) -> Bool? { values[key].flatMap(Self.truth) }

    /// `key` as a list of comma-separated words, trimmed, empty words dropped.
    public func list(_ key: String) -> [String]? {
        values[key].map { text in
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// Checks that every setting the plugin declares required (``PluginSetting/isRequired``) has a value.
    ///
    /// - Throws: ``PluginError`` naming the first one missing, as ``required(_:)`` does.
    public func checkRequired() throws(PluginError) {
        for setting in descriptor.settings where setting.isRequired {
            _ = try required(setting.name)
        }
    }

    /// The text of a setting the plugin cannot do without.
    ///
    /// - Throws: ``PluginError`` naming the missing setting.
    public func required(_ key: String) throws(PluginError) -> String {
        guard let value = values[key], !value.isEmpty else {
            throw PluginError(
                "\(descriptor.kind.rawValue) '\(descriptor.name)' needs the setting \(descriptor.name).\(key)")
        }
        return value
    }

    /// What is wrong with `value` for `setting`, its type or its bounds (`must be a number`, `must be 0 or more`);
    /// `nil` when the setting takes it.
    public static func problem(with value: String, for setting: PluginSetting) -> String? {
        guard parses(value, as: setting.type) else { return "must be \(article(setting.type))" }
        return setting.bounds?.problem(with: value).map { "must be \($0)" }
    }

    private static func parses(_ value: String, as type: PluginSetting.ValueType) -> Bool {
        switch type {
        case .string, .list: true
        case .integer: Int(value) != nil
        case .number: Double(value) != nil
        case .boolean: truth(value) != nil
        }
    }

    /// The truth value a boolean setting's text stands for (`true`, `yes`, `1`, `on` and their opposites, in any
    /// case), or `nil` for any other text.
    public static func truth(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "yes", "1", "on": true
        case "false", "no", "0", "off": false
        default: nil
        }
    }

    private static func article(_ type: PluginSetting.ValueType) -> String {
        switch type {
        case .string: "text"
        case .integer: "a whole number"
        case .number: "a number"
        case .boolean: "true or false"
        case .list: "a comma-separated list"
        }
    }
}

import Foundation
