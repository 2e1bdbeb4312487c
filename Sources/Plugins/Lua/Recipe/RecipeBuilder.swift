import PRXKernel

/// Collects what a recipe declares while its file runs: tasks, settings and hooks, each checked as it arrives.
///
/// The `prx.*` functions capture the builder, so it holds its ``LuaState`` weakly (see
/// ``LuaFunctionReference``): the recipe owns the state.
final class RecipeBuilder {
    private weak var state: LuaState?
    /// Relative paths in the recipe are relative to this directory.
    let baseDirectory: String
    private var tasks = RecipeTaskList()
    /// Each task's definition index by its name.
    private var names = TaskNameIndex()
    /// Each task's `after` entries, in the order written, by definition index.
    private var after = FlatLists<RecipeDependency>()
    /// The words of the argv list of the task being declared, until the task list takes them: kept from one task to
    /// the next, so that reading them allocates nothing.
    private var words: [String] = []
    /// Whether the recipe file has run to its end: declarations are refused from then on.
    var isLoaded = false
    var configuration = RecipeConfiguration()
    var hooks = RecipeHooks()
    var plugins = RecipePlugins()

    /// The options of every task declared without any, by the chunk that declared it and the lines calling the
    /// function that did.
    private var defaultOptions: [DeclarationLines: RecipeTask.Options] = [:]
    /// The chunk name of the last position read, which the next positions in that chunk share.
    private var lastChunk: String?
    /// The tasks given, by `name =`, the name they would have had by default (`task3` for the third): their names
    /// alone do not tell that they were named, for a duplicate's message. Almost always empty.
    private var namedAsByDefault: Set<Int> = []

    init(state: LuaState, baseDirectory: String) {
        self.state = state
        self.baseDirectory = baseDirectory
    }

    /// Where a task was declared, but for the line itself: what tasks sharing their ``RecipeTask/Options`` share.
    private struct DeclarationLines: Hashable {
        let chunk: String?
        let callers: LuaCallers

        /// By the callers alone: a recipe's tasks come from a chunk or two, and hashing its name for each task
        /// cost some 260 instructions.
        func hash(into hasher: inout Hasher) {
            hasher.combine(callers)
        }
    }

    /// The tasks declared, each `after` resolved (``RecipeGraph``), once the recipe has loaded. The builder then
    /// lets go of what only resolving needs, each task's `after` entries and the names' index: at a million tasks
    /// some 12 MB, 40 MB when each task runs after another, which the run would hold to its end, as the recipe's
    /// functions hold the builder.
    func makeGraph() throws(RecipeError) -> RecipeGraph {
        defer {
            after = FlatLists()
            names = TaskNameIndex()
        }
        return try RecipeGraph(tasks: tasks, after: after, names: names)
    }

    /// Where the Lua code calling the running `prx` function is; the positions in one chunk share its name.
    func callerPosition() -> LuaSourcePosition? {
        caller()?.position
    }

    /// Where the Lua code calling the running `prx` function is, and its stack level
    /// (``LuaState/nearestLuaCaller(sharing:level:)``); the positions in one chunk share its name.
    private func caller() -> (position: LuaSourcePosition, level: Int32)? {
        let caller = state?.nearestLuaCaller(sharing: lastChunk)
        lastChunk = caller?.position.chunk ?? lastChunk
        return caller
    }

    /// `prx.task{…}`: checks the declaration, records it, and returns its handle `{ name = …, prx_task = N }`.
    /// A duplicate name is an error (``duplicate(_:first:isDefault:callers:)``).
    func declareTask(_ arguments: [LuaValue]) throws(RecipeError) -> LuaHandle {
        guard arguments.count == 1, let table = arguments[0].tableValue else {
            throw RecipeError("prx.task takes one table, e.g. prx.task{ \"make\", name = \"build\" }")
        }
        let call = caller()
        let position = call?.position
        let callers = call.flatMap { state?.callers(sharing: lastChunk, above: $0.level) } ?? LuaCallers()
        let index = tasks.count
        try RecipeError.refuseHole(in: table, "prx.task: argv")
        let fields = try TaskFields(table.map)
        let name = try fields.name == .nil ? Self.defaultName(index) : Self.string(fields.name, "name")
        guard !name.isEmpty else { throw RecipeError("prx.task: name must not be empty") }
        guard !name.unicodeScalars.contains(where: Self.breaksLine) else {
            throw RecipeError("prx.task: name must be one line")
        }
        // Written raw into the CSV summary and the log, and cut there by whatever reads them as C strings.
        try RecipeError.refuseNUL(name, "prx.task: name")
        let nameHash = TaskNameIndex.hash(of: name)
        if let first = names.index(of: name, hash: nameHash, in: tasks) {
            throw duplicate(name, first: first, isDefault: fields.name == .nil, callers: callers)
        }
        let command = try command(table.array, fields, words: &words)
        let after = try dependencies(fields.after)
        let options = try options(fields, DeclarationLines(chunk: position?.chunk, callers: callers))
        let task = RecipeTask(index: index, name: name, command: command, position: position, options: options)
        tasks.append(task, argv: words)
        names.insert(index, hash: nameHash, of: tasks)
        // The default name made only for a name that may be it: made for every task, it cost some 450 instructions.
        if fields.name != .nil && name.hasPrefix("task") && name == Self.defaultName(index) {
            namedAsByDefault.insert(index)
        }
        self.after.append(after)
        return LuaHandle(nameKey: "name", name: name, numberKey: "prx_task", number: Int64(index + 1))
    }

    /// The name of the task at `index` when it is given none: `task1` for the first.
    private static func defaultName(_ index: Int) -> String {
        "task\(index + 1)"
    }

    /// The error for a task named `name`, which task `first` has already, declared through `callers`: naming where
    /// the name was first given, and, when a function declared either task, the lines that called it; and saying so
    /// when either got the name by default, as an unnamed task (`isDefault`, for the new one), which the line
    /// alone does not tell.
    ///
    /// An unnamed task keeps its default name, `task<N>`, even when it is taken: that name, documented, is how
    /// `after` and the logs refer to it, and a default chosen around the names taken so far would still collide
    /// with a later `name = "task<N>"`.
    private func duplicate(_ name: String, first: Int, isDefault: Bool, callers: LuaCallers) -> RecipeError {
        let given = isDefault ? ", the default name of this unnamed task" : ""
        let firstNamedByDefault = tasks[first].name == Self.defaultName(first) && !namedAsByDefault.contains(first)
        let firstPlace = tasks[first].place.map {
            firstNamedByDefault ? "first given by default to an unnamed task at \($0)" : "first defined at \($0)"
        }
        let notes = [callers.isEmpty ? nil : "\(callers)", firstPlace].compactMap { $0 }.joined(separator: "; ")
        return RecipeError("duplicate task name \"\(name)\"\(given)" + (notes.isEmpty ? "" : " (\(notes))"))
    }

    /// The fields of one `prx.task{…}` table other than its argv, read in one pass over its entries.
    private struct TaskFields {
        /// The fields' names in Lua, in their order, for the error about a key that names none.
        static let names = [
            "after", "after_any", "cmd", "cwd", "env", "name", "retries", "retry_delay", "retry_on", "sh", "timeout",
        ]

        var name = LuaValue.nil, sh = LuaValue.nil, cmd = LuaValue.nil, after = LuaValue.nil
        var afterAny = LuaValue.nil, env = LuaValue.nil, cwd = LuaValue.nil, timeout = LuaValue.nil
        var retries = LuaValue.nil, retryDelay = LuaValue.nil, retryOn = LuaValue.nil

        /// No field given.
        init() {}

        /// Reads `entries`, the table's entries that are not its sequence.
        ///
        /// - Throws: ``RecipeError`` for a key that is no field of a task (``unknown(among:)``).
        init(_ entries: [LuaKey: LuaValue]) throws(RecipeError) {
            for (key, value) in entries where !set(key, to: value) {
                throw Self.unknown(among: entries.keys)
            }
        }

        /// Gives the field `key` names `value`, and says whether it named one. A `switch` over the names: a
        /// dictionary of the fields' key paths hashed the name and wrote through the key path, some 600 instructions
        /// a field of every `prx.task`.
        mutating func set(_ key: LuaKey, to value: LuaValue) -> Bool {
            guard case .string(let field) = key else { return false }
            switch field {
            case "name": name = value
            case "sh": sh = value
            case "cmd": cmd = value
            case "after": after = value
            case "after_any": afterAny = value
            case "env": env = value
            case "cwd": cwd = value
            case "timeout": timeout = value
            case "retries": retries = value
            case "retry_delay": retryDelay = value
            case "retry_on": retryOn = value
            default: return false
            }
            return true
        }

        /// The error for the first of `keys` (``LuaKey/precedes(_:)``) that names no field of a task, one at least:
        /// the first by that order, not the dictionary's, which differs from run to run.
        static func unknown(among keys: Dictionary<LuaKey, LuaValue>.Keys) -> RecipeError {
            var probe = TaskFields()
            let key = keys.filter { !probe.set($0, to: .nil) }.min { $0.precedes($1) }!
            return RecipeError("prx.task: unknown field \(key.fieldName) (valid: \(names.joined(separator: ", ")))")
        }
    }

    /// Refuses a field of `prx.task`'s table (`arguments`) that no task has, as ``declareTask(_:)`` does: for the
    /// bridge to ask before it names a value it cannot read (``LuaKeyCheck``).
    static func checkTaskFields(_ arguments: [LuaValue]) throws(RecipeError) {
        guard arguments.count == 1, let table = arguments[0].tableValue else { return }
        var fields = TaskFields()
        for key in table.map.keys where !fields.set(key, to: .nil) {
            throw TaskFields.unknown(among: table.map.keys)
        }
    }

    /// The command of a task whose sequence is `argv` and other fields `fields`; for an argv list, its words are put
    /// in `words` (emptied first, as for any other command).
    private func command(_ argv: [LuaValue], _ fields: TaskFields, words: inout [String]) throws(RecipeError)
        -> RecipeCommand
    {
        words.removeAll(keepingCapacity: true)
        let forms = (argv.isEmpty ? 0 : 1) + (fields.sh == .nil ? 0 : 1) + (fields.cmd == .nil ? 0 : 1)
        guard forms == 1 else {
            throw RecipeError(
                "prx.task needs exactly one command: an argv list { \"prog\", \"arg\" }, "
                    + "sh = \"...\" or cmd = function")
        }
        if fields.sh != .nil {
            let line = try Self.text(fields.sh, "sh")
            try RecipeCommand.refuseBlank(shellLine: line, "prx.task: sh")
            return .shell(line)
        }
        if case .function(let function) = fields.cmd { return .function(function) }
        if fields.cmd != .nil { throw RecipeError("prx.task: cmd must be a function (got \(fields.cmd.typeName))") }
        for index in argv.indices {
            words.append(try RecipeError.word(argv[index], "prx.task: argv element \(index + 1)"))
        }
        guard !words[0].isEmpty else { throw RecipeError("prx.task: the program (argv element 1) is empty") }
        return .argv
    }

    /// The task's other fields, and where it was declared; the one value all tasks that set none of them, declared
    /// in the same chunk through the same lines, share.
    private func options(_ fields: TaskFields, _ lines: DeclarationLines) throws(RecipeError) -> RecipeTask.Options {
        let afterAny = try Self.boolean(fields.afterAny, "after_any") ?? false
        let environment = try Self.environment(fields.env)
        let workingDirectory = try fields.cwd == .nil ? nil : Self.directory(fields.cwd, base: baseDirectory)
        let timeout = try Self.timeLimit(fields.timeout)
        let retry = try Self.retry(fields)
        if !afterAny && environment.isEmpty && workingDirectory == nil && timeout == nil && retry == nil {
            if let shared = defaultOptions[lines] { return shared }
            let options = RecipeTask.Options(
                workingDirectory: baseDirectory, callers: lines.callers, chunk: lines.chunk)
            defaultOptions[lines] = options
            return options
        }
        return RecipeTask.Options(
            afterAny: afterAny, environment: environment, workingDirectory: workingDirectory ?? baseDirectory,
            timeout: timeout, retry: retry, callers: lines.callers, chunk: lines.chunk)
    }

    /// Whether `scalar` is one `Character.isNewline` is true of (LF, VT, FF, CR, NEL, the line and paragraph
    /// separators): each always begins its character, so that a string holds a line break just when it holds one of
    /// them. Read scalar by scalar, a task's name costs a few instructions a byte; character by character, some
    /// 1,100 a task.
    private static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    // MARK: Field readers

    private static func string(_ value: LuaValue, _ field: String) throws(RecipeError) -> String {
        guard case .string(let text) = value else {
            throw RecipeError("prx.task: \(field) must be a string (got \(value.typeName))")
        }
        return text
    }

    /// A string field that a program is given as a C string (`sh`, `cwd`), which a NUL byte would end early.
    private static func text(_ value: LuaValue, _ field: String) throws(RecipeError) -> String {
        let text = try string(value, field)
        try RecipeError.refuseNUL(text, "prx.task: \(field)")
        return text
    }

    /// `cwd`, from `/`: an empty one is refused, as `prx.lines("")` and an empty `path` setting are, where it was
    /// taken for the recipe's directory without a word.
    private static func directory(_ value: LuaValue, base: String) throws(RecipeError) -> String {
        let path = try text(value, "cwd")
        guard !path.isEmpty else { throw RecipeError("prx.task: cwd must not be empty") }
        return SourceFileSystem.absolutePath(path, base: base)
    }

    private static func boolean(_ value: LuaValue, _ field: String) throws(RecipeError) -> Bool? {
        if value == .nil { return nil }
        guard let flag = value.boolValue else { throw RecipeError("prx.task: \(field) must be true or false") }
        return flag
    }

    /// A task's `timeout`: above 0, as `prx.config{ timeout }` must be (a limit of 0 stopped the task at once).
    private static func timeLimit(_ value: LuaValue) throws(RecipeError) -> Double? {
        if value == .nil { return nil }
        guard let seconds = value.doubleValue, seconds > 0, seconds <= Duration.longestSeconds else {
            throw RecipeError(
                "prx.task: timeout must be a number of seconds above 0 and at most "
                    + Duration.longestSeconds.plainText)
        }
        return seconds
    }

    private static func seconds(_ value: LuaValue, _ field: String) throws(RecipeError) -> Double? {
        if value == .nil { return nil }
        guard let seconds = value.doubleValue, seconds >= 0, seconds <= Duration.longestSeconds else {
            throw RecipeError(
                "prx.task: \(field) must be a number of seconds from 0 to \(Duration.longestSeconds.plainText)")
        }
        return seconds
    }

    private static func environment(_ value: LuaValue) throws(RecipeError) -> [String: String] {
        if value == .nil { return [:] }
        guard let table = value.tableValue, table.array.isEmpty else {
            throw RecipeError("prx.task: env must be a table of NAME = value")
        }
        var environment: [String: String] = [:]
        try table.checkEntries { key, entry throws(RecipeError) in
            guard case .string(let name) = key, EnvironmentNames.isValid(name) else {
                throw RecipeError(
                    "prx.task: env keys must be environment variable names (a letter or underscore, then letters, "
                        + "digits and underscores; got \(Self.shown(key)))")
            }
            guard !ReservedTaskVariables.names.contains(name) else {
                throw RecipeError("prx.task: env \(ReservedTaskVariables.refusal(of: name))")
            }
            let value = try RecipeError.word(entry, "prx.task: env.\(name)")
            try RecipeError.refuseNUL(value, "prx.task: env.\(name)")
            environment[name] = value
        }
        return environment
    }

    /// A table key as the recipe wrote it: `'A=B'`, `1`.
    private static func shown(_ key: LuaKey) -> String {
        switch key {
        case .string(let text): "'\(text)'"
        case .integer(let number): String(number)
        }
    }

    private static func retry(_ fields: TaskFields) throws(RecipeError) -> RetryPolicy? {
        guard fields.retries != .nil else {
            if fields.retryDelay != .nil || fields.retryOn != .nil {
                throw RecipeError("prx.task: retry_delay and retry_on need retries")
            }
            return nil
        }
        guard let retries = fields.retries.intValue, retries >= 0 else {
            throw RecipeError("prx.task: retries must be a whole number, 0 or more")
        }
        let notExitCodes = RecipeError("prx.task: retry_on must list exit codes (0 to 255), e.g. { 75, 1 }")
        var codes: Set<Int32>?
        if let list = fields.retryOn.tableValue {
            // A code after a `nil`, or under a key, is not in Lua's list: left out, it was never retried on.
            try RecipeError.refuseHole(in: list, "prx.task: retry_on")
            guard list.map.isEmpty else { throw notExitCodes }
            // An empty list would retry no failure, with `retries` set to retry: one of the two is a mistake.
            guard !list.array.isEmpty else {
                throw RecipeError(
                    "prx.task: retry_on lists no exit code, so that no failure would be retried: list the codes to "
                        + "retry on, e.g. { 75, 1 }, or leave retry_on out to retry every failure")
            }
            codes = Set(try list.array.map { code throws(RecipeError) in
                // An exit status is 0 to 255: a code outside that range would never match, never retrying.
                guard let value = code.intValue, (0...255).contains(value) else { throw notExitCodes }
                return Int32(value)
            })
        } else if fields.retryOn != .nil {
            throw notExitCodes
        }
        return RetryPolicy(
            maxRetries: retries, delay: try seconds(fields.retryDelay, "retry_delay") ?? 0, exitCodes: codes)
    }

    /// Reads `after`: one handle, name or `prx.match(…)`, or a list of them.
    private func dependencies(_ value: LuaValue) throws(RecipeError) -> [RecipeDependency] {
        if value == .nil { return [] }
        if let single = try dependency(value) { return [single] }
        let notDependencies = RecipeError("prx.task: after must be a task, a name, prx.match(...) or a list of them")
        guard let list = value.tableValue else { throw notDependencies }
        // `{ build, tset, deploy }` with `tset` misspelt: the `nil` is named, where the list was called no list.
        try RecipeError.refuseHole(in: list, "prx.task: after")
        guard list.map.isEmpty else { throw notDependencies }
        return try list.array.map { entry throws(RecipeError) in
            guard let dependency = try dependency(entry) else {
                throw RecipeError("prx.task: after lists a \(entry.typeName) that is no task, name or prx.match(...)")
            }
            return dependency
        }
    }

    /// One `after` entry, or `nil` when `value` is a list.
    private func dependency(_ value: LuaValue) throws(RecipeError) -> RecipeDependency? {
        switch value {
        case .string(let name): return .name(name)
        case .table(let table):
            if case .string(let pattern) = table["prx_match"] { return .pattern(pattern) }
            if table["prx_task"] != .nil { return try task(ofHandle: table) }
            return nil
        default:
            throw RecipeError("prx.task: after must be a task, a name, prx.match(...) or a list of them")
        }
    }

    /// The task `handle` stands for: the one `prx.task` numbered `prx_task` as it returned the handle, whose name the
    /// handle's `name` must still be. A handle is a plain table the recipe may change, and its task was taken by that
    /// `name`, so that `t.name = "other"` made `after = t` name another task, or none; changing it renames nothing, and
    /// is refused here rather than left to mean either.
    ///
    /// - Throws: ``RecipeError`` for a `prx_task` that numbers no task declared so far, or a `name` that is not its
    ///   task's.
    private func task(ofHandle handle: LuaTable) throws(RecipeError) -> RecipeDependency {
        guard let number = handle["prx_task"].intValue, number >= 1, number <= tasks.count else {
            throw RecipeError(
                "prx.task: after lists a table whose prx_task numbers no task declared so far, which is no handle "
                    + "prx.task returned")
        }
        let task = tasks[number - 1]
        if case .string(let name) = handle["name"], ByteExactString(name) == ByteExactString(task.name) {
            return .task(task.index)
        }
        let change: String
        switch handle["name"] {
        case .nil: change = "was removed"
        case .string(let name): change = "was changed to \"\(name)\""
        case let other: change = "was changed to a \(other.typeName)"
        }
        let place = task.place.map { " (\($0))" } ?? ""
        throw RecipeError(
            "prx.task: after lists the handle of task \"\(task.name)\"\(place), whose name \(change): changing a "
                + "handle's name does not rename its task: give the name in its prx.task")
    }
}
