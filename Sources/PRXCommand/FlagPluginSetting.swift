import PRXPlugins

/// A plugin setting that a flag other than `--set` gives: `--feedback` is the executor's `feedback=true`,
/// `--heartbeat-timeout 5` its `heartbeat_timeout=5.0` (and `feedback=true`), `--sync` the CSV summary's `sync=true`
/// (and the JSON sink's, with `--json`), `--json FILE` the JSON sink's `path=FILE`, `-A FILE` the arguments file
/// source's `file=FILE`, `-C` a source's `command`, the `-T`s the glob source's `patterns`, a list of them each as
/// given (``PRX/flagPluginSettings``). A run gives them to its plugins under the `--set`s; `--show-config` lists them
/// under `plugins:`, each with its flag.
struct FlagPluginSetting: Sendable, Hashable {
    /// The plugin's name, e.g. `local`.
    var plugin: String
    /// The setting's key, e.g. `feedback`.
    var key: String
    /// The value: text, or a list (`-T`'s patterns).
    var value: PluginSettingValue
    /// The flag that gives it, which `--show-config` names as the value's source.
    var flag: String
    /// What the setting is, in the words of the refusal of a command line's `--set` of it beside the flag
    /// (`-C/--Command and --set args-file.command exclude each other: each gives the command`): the user spelled it out
    /// through the flag, and one of the two values would be dropped without a word. `nil` for a setting the flag gives
    /// beside its own, which the user did not spell out, and which such a `--set` replaces: the `feedback=true` of
    /// `--heartbeat-timeout`, the JSON sink's `sync=true` of `--sync` with `--json`
    /// (``PRX/refuseSetsOfFlagSettings()``).
    var meaning: String?
}
