/// A plugin selection or setting that cannot be used; its text names the plugin, the setting and the valid
/// choices, on one line.
public struct PluginError: Error, Hashable, CustomStringConvertible {
    /// The message for the user.
    public var description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}
