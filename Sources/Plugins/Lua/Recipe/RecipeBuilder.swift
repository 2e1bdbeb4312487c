import PRXKernel

/// Collects what a recipe declares while its file runs: tasks, settings and hooks, each checked as it arrives.
///
/// The `prx.*` functions capture the builder, so it holds its ``LuaState`` weakly (see
/// ``LuaFunctionReference``): the recipe owns the state.
final class RecipeBuilder {
    private weak var state: LuaState?
    /// Relative paths in the recipe are relative to this directory.
    let baseDirectory: String
    private(set) var tasks: [RecipeTask] = []
    /// Each task's definition index by its name.
    private(set) var indexByName: [String: Int] = [:]
    var configuration = RecipeConfiguration()
    var hooks = RecipeHooks()
    var plugins = RecipePlugins()

    init(state: LuaState, baseDirectory: String) {
        self.state = state
        self.baseDirectory = baseDirectory
    }

    /// Where the Lua code calling the running `prx` function is.
    func callerPosition() -> LuaSourcePosition? {
        state?.callerPosition()
    }

    /// `prx.task{…}`: checks the declaration, records it, and returns its handle `{ name = …, prx_task = N }`.
    func declareTask(_ arguments: [LuaValue]) throws(RecipeError) -> LuaValue {
        guard arguments.count == 1, let table = arguments[0].tableValue else {
            throw RecipeError("prx.task takes one table, e.g. prx.task{ \"make\", name = \"build\" }")
        }
        let position = callerPosition()
        let index = tasks.count
        let name = try table["name"] == .nil ? "task\(index + 1)" : Self.string(table["name"], "name")
        guard !name.isEmpty else { throw RecipeError("prx.task: name must not be empty") }
        if let first = indexByName[name] {
            let place = tasks[first].position.map { " (first defined at \($0))" } ?? ""
            throw RecipeError("duplicate task name \"\(name)\"\(place)")
        }
        for key in table.map.keys {
            guard case .string(let field) = key, Self.taskFields.contains(field) else {
                let shown = switch key {
                case .string(let field): "'\(field)'"
                case .integer(let index): "[\(index)]"
                }
                throw RecipeError(
                    "prx.task: unknown field \(shown) (valid: \(Self.taskFields.sorted().joined(separator: ", ")))")
            }
        }
        let task = RecipeTask(
            index: index,
            name: name,
            command: try command(table),
            after: try Self.dependencies(table["after"]),
            afterAny: try Self.boolean(table["after_any"], "after_any") ?? false,
            environment: try Self.environment(table["env"]),
            workingDirectory: try table["cwd"] == .nil
                ? baseDirectory : SourceFileSystem.absolutePath(Self.string(table["cwd"], "cwd"), base: baseDirectory),
            timeout: try Self.seconds(table["timeout"], "timeout"),
            retry: try Self.retry(table),
            position: position)
        tasks.append(task)
        indexByName[name] = index
        return .table(LuaTable(map: ["name": .string(name), "prx_task": .integer(Int64(index + 1))]))
    }

    private static let taskFields: Set<String> = [
        "name", "sh", "cmd", "after", "after_any", "env", "cwd", "timeout", "retries", "retry_delay", "retry_on",
    ]

    private func command(_ table: LuaTable) throws(RecipeError) -> RecipeCommand {
        let forms = [!table.array.isEmpty, table["sh"] != .nil, table["cmd"] != .nil].filter { $0 }.count
        guard forms == 1 else {
            throw RecipeError(
                "prx.task needs exactly one command: an argv list { \"prog\", \"arg\" }, sh = \"...\" or cmd = function")
        }
        if table["sh"] != .nil { return .shell(try Self.string(table["sh"], "sh")) }
        if case .function(let function) = table["cmd"] { return .function(function) }
        if table["cmd"] != .nil { throw RecipeError("prx.task: cmd must be a function (got \(table["cmd"].typeName))") }
        return .argv(try table.array.enumerated().map { index, word throws(RecipeError) in
            try RecipeError.word(word, "prx.task: argv element \(index + 1)")
        })
    }

    // MARK: Field readers

    private static func string(_ value: LuaValue, _ field: String) throws(RecipeError) -> String {
        guard case .string(let text) = value else {
            throw RecipeError("prx.task: \(field) must be a string (got \(value.typeName))")
        }
        return text
    }

    private static func boolean(_ value: LuaValue, _ field: String) throws(RecipeError) -> Bool? {
        if value == .nil { return nil }
        guard let flag = value.boolValue else { throw RecipeError("prx.task: \(field) must be true or false") }
        return flag
    }

    private static func seconds(_ value: LuaValue, _ field: String) throws(RecipeError) -> Double? {
        if value == .nil { return nil }
        guard let seconds = value.doubleValue, seconds >= 0 else {
            throw RecipeError("prx.task: \(field) must be a number of seconds, 0 or more")
        }
        return seconds
    }

    private static func environment(_ value: LuaValue) throws(RecipeError) -> [String: String] {
        if value == .nil { return [:] }
        guard let table = value.tableValue, table.array.isEmpty else {
            throw RecipeError("prx.task: env must be a table of NAME = value")
        }
        var environment: [String: String] = [:]
        for (key, entry) in table.map {
            guard case .string(let name) = key else { throw RecipeError("prx.task: env keys must be names") }
            environment[name] = try RecipeError.word(entry, "prx.task: env.\(name)")
        }
        return environment
    }

    private static func retry(_ table: LuaTable) throws(RecipeError) -> RetryPolicy? {
        guard table["retries"] != .nil else {
            if table["retry_delay"] != .nil || table["retry_on"] != .nil {
                throw RecipeError("prx.task: retry_delay and retry_on need retries")
            }
            return nil
        }
        guard let retries = table["retries"].intValue, retries >= 0 else {
            throw RecipeError("prx.task: retries must be a whole number, 0 or more")
        }
        var codes: Set<Int32>?
        if let list = table["retry_on"].tableValue {
            codes = Set(try list.array.map { code throws(RecipeError) in
                guard let value = code.intValue, let exit = Int32(exactly: value) else {
                    throw RecipeError("prx.task: retry_on must list exit codes, e.g. { 75, 1 }")
                }
                return exit
            })
        } else if table["retry_on"] != .nil {
            throw RecipeError("prx.task: retry_on must list exit codes, e.g. { 75, 1 }")
        }
        return RetryPolicy(
            maxRetries: retries, delay: try seconds(table["retry_delay"], "retry_delay") ?? 0, exitCodes: codes)
    }

    /// Reads `after`: one handle, name or `prx.match(…)`, or a list of them.
    private static func dependencies(_ value: LuaValue) throws(RecipeError) -> [RecipeDependency] {
        if value == .nil { return [] }
        if let single = try dependency(value) { return [single] }
        guard let list = value.tableValue, list.map.isEmpty else {
            throw RecipeError("prx.task: after must be a task, a name, prx.match(...) or a list of them")
        }
        return try list.array.map { entry throws(RecipeError) in
            guard let dependency = try dependency(entry) else {
                throw RecipeError("prx.task: after lists a \(entry.typeName) that is no task, name or prx.match(...)")
            }
            return dependency
        }
    }

    /// One `after` entry, or `nil` when `value` is a list.
    private static func dependency(_ value: LuaValue) throws(RecipeError) -> RecipeDependency? {
        switch value {
        case .string(let name): return .name(name)
        case .table(let table):
            if case .string(let pattern) = table["prx_match"] { return .pattern(pattern) }
            if table["prx_task"] != .nil, case .string(let name) = table["name"] { return .name(name) }
            return nil
        default:
            throw RecipeError("prx.task: after must be a task, a name, prx.match(...) or a list of them")
        }
    }
}
