/// A Lua file that returns one value, run once: the files of `--parser` (a function), `--stop-policy FILE.lua`
/// (a function) and `--hook` (a table of hooks).
///
/// The file sees the same libraries as a recipe and the file functions of `prx` (`lines`, `dir`, `glob`,
/// `write`), with relative paths taken from its own directory (``LuaFileBaseDirectory``); `prx.args` is empty. The
/// script owns its ``LuaState``; what it makes keeps it alive. Not `Sendable`, like ``Recipe``.
public final class LuaScript {
    /// The file as given.
    public let path: String
    /// What the file returned.
    public let value: LuaValue
    /// The files `prx.lines` and `prx.each_line` read and `prx.dir` and `prx.glob` listed as the file loaded, which
    /// no result file may be.
    public let filesRead: LuaFilesReadWhileLoading
    /// The files the run writes, which `prx.write` refuses once the command has named them (and those named before,
    /// as the file loads), and the files it wrote as it loaded.
    public let writeGuard: LuaWriteGuard
    let state: LuaState

    /// Stops the file's functions when they do not return after prx was told to stop.
    public var interruption: LuaInterruption { state.interruption }

    /// Runs the file at `path`, whose `prx.write` refuses the result files `writeGuard` names as it loads. With
    /// `closesStateWhenReleased: false` its Lua state is never closed, as a ``Recipe``'s may be left open. With
    /// `printing`, its `print`, `io.write` and `io.stdout:write` hand each line to it (``LuaPrintedLines``), from the
    /// file's loading on, rather than writing it to standard output.
    ///
    /// - Throws: ``LuaError`` for a file that cannot be read or compiled or that raises an error, or ``RecipeError``
    ///   for a directory taken from a working directory prx cannot name (``LuaFileBaseDirectory``).
    public init(
        path: String, writeGuard: LuaWriteGuard = LuaWriteGuard(), closesStateWhenReleased: Bool = true,
        printing: LuaPrintedLines? = nil
    ) throws {
        self.path = path
        self.writeGuard = writeGuard
        state = try LuaState(closesWhenReleased: closesStateWhenReleased)
        let reads = LuaFilesReadWhileLoading(openingFilesIn: state)
        try RecipeLibrary.install(
            [:], files: LuaFileFunctions(
                baseDirectory: try LuaFileBaseDirectory.of(path, named: path), filesRead: reads,
                writeGuard: writeGuard),
            arguments: [], in: state)
        try printing?.install(in: state)
        value = try Self.run(path, in: state)
        reads.endLoading(of: state)
        filesRead = reads
    }

    /// What the file at `path`, loaded in `state`, returns; a value prx cannot take, which has no position of its own,
    /// named by the file (`hooks.lua: returned a userdata, which prx cannot take`).
    private static func run(_ path: String, in state: LuaState) throws(LuaError) -> LuaValue {
        do {
            return try state.load(file: path).call().first ?? .nil
        } catch {
            guard error.reason == .conversion, error.chunk == nil else { throw error }
            var named = error
            named.chunk = path
            throw named
        }
    }

    /// The function the file returned.
    ///
    /// - Throws: ``RecipeError`` naming the file and `what` the function is for, when it returned something else.
    public func function(for what: String) throws(RecipeError) -> LuaFunctionReference {
        guard case .function(let function) = value else {
            throw RecipeError("\(path) must return \(what) function (got \(value.typeName))")
        }
        return function
    }

    /// The hooks of the table the file returned: `{ on_start = fn, on_placed = fn, on_finish = fn, on_done = fn }`,
    /// any of them.
    ///
    /// - Throws: ``RecipeError`` when the file returned something else, an entry has no hook's name for its key (a
    ///   list's element), or a field is no function; of several such entries, the first by key.
    public func hooks() throws(RecipeError) -> RecipeHooks {
        guard let table = value.tableValue else {
            throw RecipeError(
                "\(path) must return a table { on_start = fn, on_placed = fn, on_finish = fn, on_done = fn } "
                    + "(got \(value.typeName))")
        }
        if let element = table.array.first {
            throw Self.unnamedEntry(in: path, key: 1, value: element)
        }
        var hooks = RecipeHooks()
        try table.checkEntries { key, entry throws(RecipeError) in
            guard case .string(let name) = key else {
                throw Self.unnamedEntry(in: path, key: key, value: entry)
            }
            guard let hook = Self.hookNames[name] else {
                throw RecipeError("\(path): unknown hook '\(name)' (valid: \(Self.validHookNames))")
            }
            guard case .function(let function) = entry else {
                throw RecipeError("\(path): \(name) must be a function (got \(entry.typeName))")
            }
            hooks[keyPath: hook] = function
        }
        return hooks
    }

    /// The refusal of a hook file's entry at `key` (a list's element, `1`), whose key names no hook: `hooks.lua: entry
    /// [1] (a function) has no hook's name: give each hook by its name, { on_finish = fn } (valid: …)`.
    private static func unnamedEntry(in path: String, key: LuaKey, value: LuaValue) -> RecipeError {
        RecipeError(
            "\(path): entry \(key.fieldName) (a \(value.typeName)) has no hook's name: give each hook by its name, "
                + "{ on_finish = fn } (valid: \(validHookNames))")
    }

    /// The hooks a hook file's table may give, by name.
    private static let hookNames: [String: WritableKeyPath<RecipeHooks, LuaFunctionReference?> & Sendable] = [
        "on_start": \.onStart, "on_placed": \.onPlaced, "on_finish": \.onFinish, "on_done": \.onDone,
    ]

    /// ``hookNames`` as a refusal lists them: `on_done, on_finish, on_placed, on_start`.
    private static let validHookNames = hookNames.keys.sorted().joined(separator: ", ")
}
