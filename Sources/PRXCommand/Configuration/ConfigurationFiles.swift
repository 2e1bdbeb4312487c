/// The two configuration files a run reads, either of which may be missing.
struct ConfigurationFiles: Sendable, Hashable {
    /// The script configuration, shipped beside the binary: it sets the caps and the security section.
    var script: ConfigurationFile?
    /// The user configuration: overrides, key by key, within the script's caps.
    var user: ConfigurationFile?
}
