/// A plugin selection or setting that cannot be used; its text names the plugin, the setting and the valid
/// choices, on one line.
public struct PluginError: Error, Hashable, CustomStringConvertible {
    /// The message for the user.
    public var description: String
    /// The setting the plugin cannot do without that has no value, when that is what is wrong (`path` of `json`:
    /// `sink 'json' needs the setting json.path`, ``PluginSettings/missing(_:)``), for the command to say how to give
    /// it; `nil` for another error.
    public var missingSetting: String?

    /// Creates an error with its message, and the setting whose value is missing, if that is what is wrong.
    public init(_ description: String, missingSetting: String? = nil) {
        self.description = description
        self.missingSetting = missingSetting
    }
}
