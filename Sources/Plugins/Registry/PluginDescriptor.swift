/// What a plugin says of itself: kind, name, one line of help, and its settings.
public struct PluginDescriptor: Sendable, Hashable, Codable {
    /// Its extension point.
    public var kind: PluginKind
    /// The name users select it by, e.g. `csv`.
    public var name: String
    /// One line saying what it does.
    public var summary: String
    /// The settings it accepts.
    public var settings: [PluginSetting]

    /// Declares a plugin.
    public init(kind: PluginKind, name: String, summary: String, settings: [PluginSetting] = []) {
        self.kind = kind
        self.name = name
        self.summary = summary
        self.settings = settings
    }
}
