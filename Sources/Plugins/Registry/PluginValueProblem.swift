/// A value among a plugin's settings that the plugin refuses when it is made at the start of a run
/// (``PluginRegistry/valueProblems(of:_:)``): an unknown separator, a required setting given empty.
public struct PluginValueProblem: Sendable {
    /// The kind of the plugin refusing it.
    public var kind: PluginKind
    /// The setting whose value is refused; `nil` when the plugin refuses its values together and none of them alone.
    public var setting: String?
    /// What the plugin's factory throws for it.
    public var error: any Error

    /// A problem of `setting`'s value, or of the values together for `nil`, which the plugin of `kind` refuses.
    public init(kind: PluginKind, setting: String?, error: any Error) {
        self.kind = kind
        self.setting = setting
        self.error = error
    }
}
