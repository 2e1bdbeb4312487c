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
    /// `closesStateWhenReleased: false` its Lua state is never closed, as a ``Recipe``'s may be left open.
    ///
    /// - Throws: ``LuaError`` for a file that cannot be read or compiled or that raises an error.
    public init(
        path: String, writeGuard: LuaWriteGuard = LuaWriteGuard(), closesStateWhenReleased: Bool = true
    ) throws {
        self.path = path
        self.writeGuard = writeGuard
        state = try LuaState(closesWhenReleased: closesStateWhenReleased)
        let reads = LuaFilesReadWhileLoading(openingFilesIn: state)
        try RecipeLibrary.install(
            [:], files: LuaFileFunctions(
                baseDirectory: LuaFileBaseDirectory.of(path), filesRead: reads, writeGuard: writeGuard),
            arguments: [], in: state)
        value = try state.load(file: path).call().first ?? .nil
        reads.endLoading(of: state)
        filesRead = reads
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
    /// - Throws: ``RecipeError`` when the file returned something else, or a field is no function.
    public func hooks() throws(RecipeError) -> RecipeHooks {
        guard let table = value.tableValue, table.array.isEmpty else {
            throw RecipeError(
                "\(path) must return a table { on_start = fn, on_placed = fn, on_finish = fn, on_done = fn } "
                    + "(got \(value.typeName))")
        }
        var hooks = RecipeHooks()
        for (key, entry) in table.map {
            guard case .string(let name) = key, case .function(let function) = entry else {
                throw RecipeError(
                    "\(path): every entry must be a hook function (on_start, on_placed, on_finish, on_done)")
            }
            switch name {
            case "on_start": hooks.onStart = function
            case "on_placed": hooks.onPlaced = function
            case "on_finish": hooks.onFinish = function
            case "on_done": hooks.onDone = function
            default:
                throw RecipeError("\(path): unknown hook '\(name)' (valid: on_done, on_finish, on_placed, on_start)")
            }
        }
        return hooks
    }
}
