import PRXKernel

/// A recipe's `prx.config{…}`: the run settings a recipe may choose.
public struct RecipeConfiguration: Sendable, Hashable {
    /// `workers`: tasks in flight at once; the command line's `-m` wins.
    public var workers: Int?
    /// `timeout`: the default time limit of each task, in seconds.
    public var timeout: Double?
    /// `stop_limits = true`: the built-in stop-limits policy halts the run too; `false` keeps the configuration's
    /// `stop_limits_enabled` from turning it on.
    public var stopLimits: Bool?
    /// `sleep`: seconds between task starts.
    public var sleep: Double?
    /// `on_error`: what a Lua error in a hook or stop function does.
    public var onError = RecipeErrorPolicy.warn
    /// Where each setting was last given (`"timeout"`: the `prx.config` call that set it), for a warning about it.
    public var positions: [String: LuaSourcePosition] = [:]

    /// Creates the default configuration.
    public init() {}

    /// Applies the entries of one `prx.config{…}` call, made at `position`; later calls override earlier ones key
    /// by key. `workers` goes up to `mostWorkers`, the most any executor allows (``PluginRegistry/mostAllowedWorkers``):
    /// the run refuses it above its executor's own cap once the recipe has chosen one (``checkWorkers(within:)``).
    ///
    /// `executor = NAME` goes to `plugins`.
    ///
    /// - Throws: ``RecipeError`` for an unknown key or a value of the wrong type or range; of several, the one
    ///   ``checkingOrder(_:_:)`` puts first. Nothing is applied then.
    mutating func apply(
        _ table: LuaTable, at position: LuaSourcePosition?, plugins: inout RecipePlugins, mostWorkers: Int
    ) throws(RecipeError) {
        guard table.array.isEmpty else { throw RecipeError("prx.config takes named settings, not a list") }
        // Applied to copies, kept once every entry is: a call refused (under `pcall`) sets nothing, where it kept the
        // settings checked before its fault, which the table's order chose.
        var applied = self
        var chosen = plugins
        try table.checkEntries(by: Self.checkingOrder) { key, value throws(RecipeError) in
            guard case .string(let name) = key else { throw RecipeError("prx.config takes named settings only") }
            applied.positions[name] = position
            switch name {
            case "workers":
                guard let count = value.intValue, (1...mostWorkers).contains(count) else {
                    throw Self.workersOutOfRange(mostWorkers)
                }
                applied.workers = count
            case "timeout":
                guard let seconds = value.doubleValue, seconds > 0, seconds <= Duration.longestSeconds else {
                    throw RecipeError(
                        "prx.config: timeout must be a number of seconds above 0 and at most "
                            + Duration.longestSeconds.plainText)
                }
                applied.timeout = seconds
            case "sleep":
                guard let seconds = value.doubleValue, (0...60).contains(seconds) else {
                    throw RecipeError("prx.config: sleep must be a number of seconds from 0 to 60")
                }
                applied.sleep = seconds
            case "stop_limits":
                guard let flag = value.boolValue else {
                    throw RecipeError("prx.config: stop_limits must be true or false")
                }
                applied.stopLimits = flag
            case "executor":
                guard let name = value.stringValue, !name.isEmpty else {
                    throw RecipeError("prx.config: executor must be a plugin name, e.g. \"local\"")
                }
                chosen.executor = name
            case "on_error":
                guard let policy = value.stringValue.flatMap(RecipeErrorPolicy.init(rawValue:)) else {
                    throw RecipeError("prx.config: on_error must be \"warn\" or \"halt\"")
                }
                applied.onError = policy
            default:
                throw Self.unknownSetting(name)
            }
        }
        self = applied
        plugins = chosen
    }

    /// Refuses `workers` above `mostWorkers`, the cap of the executor the recipe chose, in the words
    /// ``apply(_:at:plugins:mostWorkers:)`` refuses it with as the recipe loads, at the line that gave it: the recipe
    /// loads before it has chosen its executor, and takes up to the most any executor allows.
    public func checkWorkers(within mostWorkers: Int) throws(RecipeError) {
        guard let workers, workers > mostWorkers else { return }
        throw Self.workersOutOfRange(mostWorkers, at: positions["workers"])
    }

    /// The error of `workers` outside 1…`mostWorkers`, at `position` when known.
    private static func workersOutOfRange(_ mostWorkers: Int, at position: LuaSourcePosition? = nil) -> RecipeError {
        RecipeError("prx.config: workers must be a whole number from 1 to \(mostWorkers)", at: position)
    }

    /// The settings `prx.config` takes, in the order docs/RECIPES.md describes them, which is the order their values
    /// are checked in.
    private static let settingNames = ["workers", "timeout", "stop_limits", "sleep", "on_error", "executor"]

    /// Whether `key` is checked before `other` in a `prx.config` table with several faults: a key that is no name
    /// first (the same error whichever it is), then the names it does not take, by their bytes, then those it takes
    /// in the order of ``settingNames``; the same error every run, where the table's own order differs.
    private static func checkingOrder(_ key: LuaKey, _ other: LuaKey) -> Bool {
        func rank(_ key: LuaKey) -> Int {
            guard case .string(let name) = key else { return -2 }
            return settingNames.firstIndex(of: name) ?? -1
        }
        let (keyRank, otherRank) = (rank(key), rank(other))
        return keyRank == otherRank ? key.precedes(other) : keyRank < otherRank
    }

    /// The error for `prx.config`'s setting `name`, which it does not take.
    private static func unknownSetting(_ name: String) -> RecipeError {
        RecipeError(
            "prx.config: unknown setting '\(name)' (valid: \(settingNames.sorted().joined(separator: ", ")))")
    }

    /// Refuses a setting of `prx.config`'s table (`arguments`) that it does not take, the first by its bytes, as
    /// ``apply(_:at:plugins:mostWorkers:)`` does: for the bridge to ask before it names a value it cannot read
    /// (``LuaKeyCheck``).
    static func checkSettingNames(_ arguments: [LuaValue]) throws(RecipeError) {
        guard arguments.count == 1, let table = arguments[0].tableValue else { return }
        try table.checkEntries { key, _ throws(RecipeError) in
            if case .string(let name) = key, !settingNames.contains(name) { throw unknownSetting(name) }
        }
    }
}
