/// The settings given to one plugin, checked against its declaration and with defaults filled in.
///
/// Values arrive as text or as lists (``PluginSettingValue``, from flags, `--set`, a YAML file or Lua) and are read
/// back typed; every value has been checked against its declared type and bounds, so a typed reader returns `nil`
/// only for a setting neither given nor defaulted.
public struct PluginSettings: Sendable, Hashable {
    /// The plugin these settings belong to.
    public let descriptor: PluginDescriptor
    private let values: [String: PluginSettingValue]

    /// Checks `given` against `descriptor` and fills in defaults.
    ///
    /// The keys are judged in an order that `given`'s does not change (a dictionary's differs from one process to the
    /// next), so that the same settings are always refused with the same error: the unknown keys first, by name, then
    /// the values in the order `descriptor` declares its settings.
    ///
    /// - Throws: ``PluginError`` naming an unknown key (with the valid ones), or a value of the wrong type (a list for
    ///   a setting of one value among them) or out of the setting's bounds.
    public init(for descriptor: PluginDescriptor, _ given: [String: PluginSettingValue]) throws(PluginError) {
        for key in given.keys.sorted() {
            _ = try Self.setting(key, of: descriptor)
        }
        var values: [String: PluginSettingValue] = [:]
        for setting in descriptor.settings {
            if let value = given[setting.name] {
                if let problem = Self.problem(with: value, for: setting) {
                    throw PluginError("setting \(descriptor.name).\(setting.name) \(problem) (got '\(value)')")
                }
                values[setting.name] = value
            } else if let value = setting.defaultValue {
                values[setting.name] = .text(value)
            }
        }
        self.descriptor = descriptor
        self.values = values
    }

    /// The declaration of `descriptor`'s setting `key`.
    ///
    /// - Throws: ``PluginError`` naming an unknown key, with the valid ones.
    public static func setting(_ key: String, of descriptor: PluginDescriptor) throws(PluginError) -> PluginSetting {
        guard let setting = descriptor.settings.first(where: { $0.name == key }) else {
            let valid = descriptor.settings.map(\.name).sorted().joined(separator: ", ")
            throw PluginError(
                "unknown setting '\(key)' for \(descriptor.kind.rawValue) '\(descriptor.name)' "
                    + "(valid: \(valid.isEmpty ? "none" : valid))")
        }
        return setting
    }

    /// The value of `key` as it was given, text or a list, or `nil` when neither given nor defaulted: for a list
    /// setting that reads its text in a form of its own (`glob.ext`, parallelr's `--file-extension`).
    ///
    /// This reader, and the others, which read through it, note the key for the command to tell which value a factory
    /// refused (``PluginSettingReads``).
    public func value(_ key: String) -> PluginSettingValue? {
        PluginSettingReads.note(key, of: descriptor)
        return values[key]
    }

    /// The text of `key`, or `nil` when neither given nor defaulted, or given as a list (a list setting's value is
    /// read with ``list(_:)``). A setting bounded by words (``PluginSettingBounds/oneOf(_:)``), which takes each in any
    /// case, reads as the word it declares (`debug` given, `DEBUG` read), so the plugin compares it with its own words.
    public func string(_ key: String) -> String? { value(key)?.text.map { declaredWord($0, of: key) } }

    /// `key` as a whole number, read as a configuration key's is (``wholeNumber(_:)``: `1_000`, `" 2"`).
    public func integer(_ key: String) -> Int? { string(key).flatMap(Self.wholeNumber) }

    /// `key` as a number, read as a configuration key's is (``PythonNumberText/decimal(_:)``: `1_000.5`, `" 2"`).
    public func number(_ key: String) -> Double? { string(key).flatMap(PythonNumberText.decimal) }

    /// `text` as a whole-number setting takes it: as Python's `int()` reads it (``PythonNumberText/integer(_:)``), as
    /// parallelr and a configuration key read one (`1_000`, `" 2"`); `nil` for other text, and for a whole number
    /// beyond 64 bits, which the setting refuses as out of its range.
    public static func wholeNumber(_ text: String) -> Int? {
        PythonNumberText.isBeyond64Bits(text) ? nil : PythonNumberText.integer(text)
    }

    /// `key` as a truth value.
    public func boolean(_ key: String) -> Bool? { string(key).flatMap(Self.truth) }

    /// `key` as a list: the elements of a list as they were given, or text read in the form `--set` gives it
    /// (``PluginSettingValue/elements(ofText:)``: `a, b,,c` is `a`, `b` and `c`, `d\,1` is `d,1`); each element of a
    /// list bounded by words as the word it declares, as ``string(_:)`` reads one.
    public func list(_ key: String) -> [String]? {
        value(key).map { value in
            let elements = switch value {
            case .text(let text): PluginSettingValue.elements(ofText: text)
            case .list(let elements): elements
            }
            return elements.map { declaredWord($0, of: key) }
        }
    }

    /// `text` as the setting `key` declares it when its bounds are words (``PluginSettingBounds/oneOf(_:)``), which
    /// take it in any case; else, or for a word they do not have, `text`.
    private func declaredWord(_ text: String, of key: String) -> String {
        guard case .oneOf(let words) = descriptor.settings.first(where: { $0.name == key })?.bounds else { return text }
        return words.first { $0.lowercased() == text.lowercased() } ?? text
    }

    /// Checks that every setting the plugin declares required (``PluginSetting/isRequired``) has a value
    /// (``checkGiven(_:)``).
    ///
    /// - Throws: ``PluginError`` naming the first one missing, as ``required(_:)`` does.
    public func checkRequired() throws(PluginError) {
        for setting in descriptor.settings where setting.isRequired {
            try checkGiven(setting.name)
        }
    }

    /// Checks that `key` has a value: text that is not empty, or a list of at least one element.
    ///
    /// - Throws: ``PluginError`` naming the setting, as ``required(_:)`` does.
    public func checkGiven(_ key: String) throws(PluginError) {
        guard let value = values[key], !value.isEmpty else { throw missing(key) }
    }

    /// The text of a setting the plugin cannot do without.
    ///
    /// - Throws: ``PluginError`` naming the missing setting.
    public func required(_ key: String) throws(PluginError) -> String {
        guard let value = string(key), !value.isEmpty else { throw missing(key) }
        return value
    }

    /// The error of the plugin lacking a value for `key`, a setting it cannot do without:
    /// `sink 'json' needs the setting json.path`, its ``PluginError/missingSetting`` `key`.
    public func missing(_ key: String) -> PluginError {
        PluginError(
            "\(descriptor.kind.rawValue) '\(descriptor.name)' needs the setting \(descriptor.name).\(key)",
            missingSetting: key)
    }

    /// What is wrong with `value` for `setting`, its type or its bounds (`must be a number`, `must be 0 or more`);
    /// `nil` when the setting takes it. A list is a list setting's alone, and each of its elements is held to the
    /// setting's bounds, those of a list setting given as text too (``list(_:)``'s elements: `--set x.codes=3,4`).
    public static func problem(with value: PluginSettingValue, for setting: PluginSetting) -> String? {
        switch value {
        case .text(let text) where setting.type == .list:
            return problem(with: .list(PluginSettingValue.elements(ofText: text)), for: setting)
        case .text(let text):
            guard parses(text, as: setting.type) else {
                let range = rangeRefusing(wholeNumberBeyond64Bits: text, for: setting)
                return "must be " + (range ?? article(setting.type))
            }
            return setting.bounds?.problem(with: numeric(text, for: setting)).map { "must be \($0)" }
        case .list(let elements):
            guard setting.type == .list else { return "must be a single value, not a list" }
            return elements.lazy.compactMap { element in setting.bounds?.problem(with: element) }.first
                .map { "must be \($0)" }
        }
    }

    /// The range `text` is outside of, to follow "must be", when it is a whole number beyond 64 bits given to a
    /// whole-number setting (`99999999999999999999`): the setting's bounds when they refuse it (`from 0 to 1000`), else
    /// its lowest to the largest 64-bit number (`a whole number from 0 to 9223372036854775807`). Such a value is out
    /// of range, not of the wrong type, which "must be a whole number" said. `nil` for other text.
    private static func rangeRefusing(wholeNumberBeyond64Bits text: String, for setting: PluginSetting) -> String? {
        guard setting.type == .integer, PythonNumberText.isBeyond64Bits(text) else { return nil }
        if let problem = setting.bounds?.problem(with: numeric(text, for: setting)) { return problem }
        return switch setting.bounds {
        case .atLeast(let lowest), .from(let lowest, _): "a whole number from \(lowest.plainText) to \(Int.max)"
        case .above(let lowest, _): "a whole number above \(lowest.plainText) and at most \(Int.max)"
        default: "a whole number from \(Int.min) to \(Int.max)"
        }
    }

    /// Whether `value` is of `type`. A number is read as Python's `int()` and `float()` read it, as a configuration
    /// key's is (``PythonNumberText``): `1_000`, `" 2"`, `inf` (which the bounds of a setting refuse); hexadecimal
    /// (`0x10`, `0x1p-4`), which Swift's `Double(_:)` reads and parallelr refuses, is no number.
    private static func parses(_ value: String, as type: PluginSetting.ValueType) -> Bool {
        switch type {
        case .string, .list: true
        case .integer: wholeNumber(value) != nil
        case .number: PythonNumberText.decimal(value) != nil
        case .boolean: truth(value) != nil
        }
    }

    /// `text` as the bounds of a setting of numbers read it (`1000.0` for `1_000`), the number it writes; other text
    /// as it is.
    private static func numeric(_ text: String, for setting: PluginSetting) -> String {
        guard setting.type == .integer || setting.type == .number else { return text }
        return PythonNumberText.decimal(text).map { "\($0)" } ?? text
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
