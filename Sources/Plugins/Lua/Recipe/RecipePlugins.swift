/// The registry plugins a recipe chooses: `prx.source(NAME, {…})`, `prx.sink(NAME, {…})`,
/// `prx.stop_policy(NAME, {…})`, `prx.config{ executor = NAME }` and `prx.set("NAME.KEY", value)` — the same names
/// and settings as the flags `--source`, `--sink`, `--stop-policy`, `--executor` and `--set`.
///
/// The recipe only records the choices; the command builds the plugins from the registry, which checks every
/// name and setting before anything runs.
public struct RecipePlugins: Sendable, Hashable {
    /// One plugin chosen by name, with its settings.
    public struct Use: Sendable, Hashable {
        /// The plugin's registered name.
        public var name: String
        /// Its settings: text, or a list for a Lua array.
        public var settings: [String: PluginSettingValue]
        /// Where the recipe chose it, for an error its plugin raises when it is made.
        public var position: LuaSourcePosition?

        /// Chooses `name` with `settings`, at `position` of the recipe.
        public init(name: String, settings: [String: PluginSettingValue], position: LuaSourcePosition? = nil) {
            self.name = name
            self.settings = settings
            self.position = position
        }
    }

    /// Sources whose tasks run after the recipe's own, in order.
    public var sources: [Use] = []
    /// Sinks told every event besides the built-in ones.
    public var sinks: [Use] = []
    /// Registered stop policies asked beside the recipe's own (`stop_when`, `on_error = "halt"`), in the order chosen;
    /// one name at most once.
    public private(set) var stopPolicies: [Use] = []
    /// The executor's name; `nil` for `local`.
    public var executor: String?
    /// `prx.set` assignments: plugin name → key → value, applied to whichever chosen plugin has the name, under the
    /// settings of its own table.
    public var settings: [String: [String: PluginSettingValue]] = [:]
    /// Where the recipe first called `prx.set` for each plugin name, for an error about a plugin it did not choose.
    public var settingPositions: [String: LuaSourcePosition] = [:]
    /// Where the recipe last called `prx.set` for each `NAME.KEY`, none when Lua knew no line of that call: for an
    /// error opening a `path` it set, or refusing a value, and a warning about a value held to a cap.
    public var assignmentPositions: [String: LuaSourcePosition] = [:]

    /// Creates an empty choice.
    public init() {}

    /// What names the file of plugin `name`'s `path` setting, given at `position`, as the run's errors name it:
    /// `csv.path (recipe.lua:1)`.
    static func pathOrigin(of name: String, at position: LuaSourcePosition?) -> String {
        "\(name).path" + (position.map { " (\($0))" } ?? "")
    }

    /// Adds the stop policy `use`, which `prx.stop_policy` chose.
    ///
    /// - Throws: ``RecipeError`` for a policy the recipe chose already: a run asks each of its policies once, and a
    ///   second of the name would be the first again (`prx.set` gives every plugin of the name its settings).
    mutating func addStopPolicy(_ use: Use) throws(RecipeError) {
        if let earlier = stopPolicies.first(where: { $0.name == use.name }) {
            let place = earlier.position.map { " (\($0))" } ?? ""
            throw RecipeError(
                "prx.stop_policy: '\(use.name)' is chosen already\(place), and a run asks each stop policy once")
        }
        stopPolicies.append(use)
    }

    /// Reads `prx.source(NAME, {…})`, `prx.sink(NAME, {…})` or `prx.stop_policy(NAME, {…})` arguments; with
    /// `directory`, a relative `path` is taken from it (a sink's; a source resolves its own paths from the recipe's
    /// directory, and a stop policy from the directory its context gives). Of several settings it cannot take, the
    /// first by name is refused (``LuaTable/checkEntries(by:_:)``).
    static func use(
        _ arguments: [LuaValue], function: String, resolvingPathsFrom directory: String? = nil
    ) throws(RecipeError) -> Use {
        guard (1...2).contains(arguments.count), let name = arguments[0].stringValue, !name.isEmpty else {
            let example = switch function {
            case "source": #"prx.source("args-file", { file = "hosts.txt", command = "ping -c 1 @ARG@" })"#
            case "stop_policy": #"prx.stop_policy("stop-limits", { max_consecutive_failures = 3 })"#
            default: #"prx.sink("json", { path = "run.jsonl" })"#
            }
            throw RecipeError("prx.\(function) takes a plugin name and a table of settings, e.g. \(example)")
        }
        guard arguments.count == 2 else { return Use(name: name, settings: [:]) }
        guard let table = arguments[1].tableValue, table.array.isEmpty else {
            throw RecipeError("prx.\(function): the settings of '\(name)' are a table of named values")
        }
        var settings: [String: PluginSettingValue] = [:]
        try table.checkEntries { key, value throws(RecipeError) in
            guard case .string(let setting) = key else {
                throw RecipeError("prx.\(function): setting names of '\(name)' are strings")
            }
            settings[setting] = resolved(setting, try Self.value(of: value, "\(name).\(setting)"), from: directory)
        }
        return Use(name: name, settings: settings)
    }

    /// Refuses an unknown plugin name, or a setting the plugin does not have (the first by name), among the arguments
    /// of `prx.source` or `prx.sink` (choosing a plugin of `kind`), as the function does: for the bridge to ask before
    /// it names a value it cannot read (``LuaKeyCheck``).
    static func checkNames(_ arguments: [LuaValue], of kind: PluginKind, in registry: PluginRegistry)
        throws(PluginError)
    {
        guard arguments.count == 2, let name = arguments[0].stringValue, let table = arguments[1].tableValue else {
            return
        }
        let descriptor = try registry.descriptor(kind, named: name)
        try table.checkEntries { key, _ throws(PluginError) in
            if case .string(let key) = key { _ = try PluginSettings.setting(key, of: descriptor) }
        }
    }

    /// Reads `prx.set("NAME.KEY", value)`, called at `position`; returns the plugin name, key and value. A relative
    /// `path` is taken from `directory` (the recipe's), as the recipe's other paths are.
    @discardableResult
    mutating func set(
        _ arguments: [LuaValue], at position: LuaSourcePosition?, resolvingPathsFrom directory: String
    ) throws(RecipeError) -> (name: String, key: String, value: PluginSettingValue) {
        guard arguments.count == 2, let path = arguments[0].stringValue, let dot = path.firstIndex(of: "."),
            dot > path.startIndex, path.index(after: dot) < path.endIndex
        else {
            throw RecipeError(
                "prx.set takes \"NAME.KEY\" and a value, e.g. prx.set(\"local.max_output_capture\", 5000)")
        }
        let name = String(path[..<dot])
        let key = String(path[path.index(after: dot)...])
        let value = Self.resolved(key, try Self.value(of: arguments[1], path), from: directory)
        settings[name, default: [:]][key] = value
        if settingPositions[name] == nil { settingPositions[name] = position }
        // A later value from no known line (`pcall(prx.set, …)`) must not be named at the earlier one's line.
        assignmentPositions[path] = position
        return (name, key, value)
    }

    /// `value` of setting `key`, a `path` made absolute from `directory` when there is one. An empty `path` stays
    /// empty, for the plugin's check to refuse at the recipe's line: made absolute, it would name `directory`.
    private static func resolved(
        _ key: String, _ value: PluginSettingValue, from directory: String?
    ) -> PluginSettingValue {
        guard key == "path", case .text(let path) = value, !path.isEmpty, let directory else { return value }
        return .text(SourceFileSystem.absolutePath(path, base: directory))
    }

    /// A setting's value: a number, boolean or string as the text `--set` would carry, an array of them a list of
    /// those texts, each element as it is (an array in it is refused: it was joined in as its items).
    private static func value(of value: LuaValue, _ setting: String) throws(RecipeError) -> PluginSettingValue {
        guard case .table(let table) = value, table.map.isEmpty else { return .text(try text(of: value, setting)) }
        var elements: [String] = []
        for item in table.array { elements.append(try text(of: item, setting)) }
        return .list(elements)
    }

    /// A single value's text: numbers, booleans and strings as written.
    private static func text(of value: LuaValue, _ setting: String) throws(RecipeError) -> String {
        switch value {
        case .string(let text):
            // A path or name would reach the system cut at its NUL.
            guard !text.utf8.contains(0) else { throw RecipeError("setting \(setting) contains a NUL byte") }
            return text
        case .integer(let number): return String(number)
        // A whole float (`10 / 2` is 5.0 in Lua) is the whole number, as prx.config and prx.task take it.
        case .number(let number): return value.intValue.map(String.init) ?? LuaValue.text(ofFloat: number)
        case .boolean(let flag): return flag ? "true" : "false"
        default:
            throw RecipeError("setting \(setting) must be a string, number, boolean or list of them")
        }
    }
}
