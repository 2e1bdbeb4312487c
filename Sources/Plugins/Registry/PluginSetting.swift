/// One setting a plugin declares: its name, type, default and one line of help.
///
/// From this declaration alone prx derives the `--set NAME.KEY=VALUE` flag, the `plugins:` section of the
/// configuration file, the Lua form, the listing of `prx plugins`, and the checking of values (their type and
/// ``PluginSettingBounds``).
public struct PluginSetting: Sendable, Hashable, Codable {
    /// The kinds of values a setting takes.
    public enum ValueType: String, Sendable, Hashable, Codable {
        /// Any text.
        case string
        /// A whole number.
        case integer
        /// A number, possibly with a fraction.
        case number
        /// `true` or `false` (also `yes`/`no`, `1`/`0`).
        case boolean
        /// A list: elements given as a list (`-T`, a YAML list, a Lua array), or text in the comma-separated form
        /// `--set` gives (``PluginSettingValue/elements(ofText:)``).
        case list
    }

    /// The key, e.g. `path`.
    public var name: String
    /// The type its value must have.
    public var type: ValueType
    /// The value used when none is given, as text; `nil` when there is none.
    public var defaultValue: String?
    /// One line saying what it does.
    public var help: String
    /// The values it takes beyond its type, or `nil` for any of the type.
    public var bounds: PluginSettingBounds?
    /// Whether the plugin cannot be made without a value for it: checked with the other settings, before a run
    /// makes anything (a dry run too), rather than when the plugin is made.
    public var isRequired: Bool

    /// The names of the members in `prx plugins --json`, as the text listing says them.
    private enum CodingKeys: String, CodingKey {
        case name, type, help, bounds
        case defaultValue = "default"
        case isRequired = "required"
    }

    /// Declares a setting.
    public init(
        _ name: String, _ type: ValueType, default defaultValue: String? = nil, bounds: PluginSettingBounds? = nil,
        required: Bool = false, help: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.bounds = bounds
        self.isRequired = required
        self.help = help
    }
}
