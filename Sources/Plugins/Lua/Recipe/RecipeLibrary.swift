/// The `prx` table a recipe sees: the declaration functions (`task`, `config`, `match`, `stop_when`, `on_start`,
/// `on_placed`, `on_finish`, `on_done`), the plugin choices (`source`, `sink`, `stop_policy`, `set`), the file
/// functions of ``LuaFileFunctions``, and `prx.args`.
///
/// The plugin choices are checked against `registry` as they are made, so that a wrong name or setting is an
/// error at the line that wrote it (`recipe.lua:3: unknown sink 'promethus' (valid: csv, json, log, output)`).
enum RecipeLibrary {
    /// Sets the global `prx` in `state`; declarations go to `builder`, plugin choices are checked against
    /// `registry`, the files `prx.lines` and `prx.each_line` read and `prx.dir` and `prx.glob` list
    /// are recorded in `filesRead`, and `prx.write` refuses the files `writeGuard` names, a sink's `path` the recipe
    /// gives among them from the line that gives it.
    static func install(
        in state: LuaState, builder: RecipeBuilder, registry: PluginRegistry, arguments: [String],
        filesRead: LuaFilesReadWhileLoading, writeGuard: LuaWriteGuard
    ) throws(LuaError) {
        var functions: [String: LuaSwiftFunction] = [:]
        functions["config"] = { arguments in
            guard arguments.count == 1, let table = arguments[0].tableValue else {
                throw RecipeError("prx.config takes one table, e.g. prx.config{ workers = 4 }")
            }
            // Kept once the executor's name is known too: a call refused (under `pcall`) sets nothing.
            var configuration = builder.configuration
            var plugins = builder.plugins
            try configuration.apply(
                table, at: builder.callerPosition(), plugins: &plugins, mostWorkers: registry.mostAllowedWorkers)
            if let executor = plugins.executor { _ = try registry.descriptor(.executor, named: executor) }
            builder.configuration = configuration
            builder.plugins = plugins
            return []
        }
        functions["match"] = { arguments in
            guard arguments.count == 1, case .string(let pattern) = arguments[0] else {
                throw RecipeError("prx.match takes one pattern string, e.g. prx.match(\"deploy:*\")")
            }
            return [.table(LuaTable(map: ["prx_match": .string(pattern)]))]
        }
        functions["source"] = { arguments in
            var use = try RecipePlugins.use(arguments, function: "source")
            _ = try PluginSettings(for: registry.descriptor(.source, named: use.name), use.settings)
            use.position = builder.callerPosition()
            builder.plugins.sources.append(use)
            return []
        }
        functions["sink"] = { arguments in
            var use = try RecipePlugins.use(arguments, function: "sink", resolvingPathsFrom: builder.baseDirectory)
            _ = try PluginSettings(for: registry.descriptor(.sink, named: use.name), use.settings)
            use.position = builder.callerPosition()
            builder.plugins.sinks.append(use)
            if let path = use.settings["path"]?.text {
                writeGuard.refuseWhileLoading(path, namedBy: RecipePlugins.pathOrigin(of: use.name, at: use.position))
            }
            return []
        }
        functions["stop_policy"] = { arguments in
            var use = try RecipePlugins.use(arguments, function: "stop_policy")
            _ = try PluginSettings(for: registry.descriptor(.stopPolicy, named: use.name), use.settings)
            use.position = builder.callerPosition()
            try builder.plugins.addStopPolicy(use)
            return []
        }
        functions["set"] = { arguments in
            let position = builder.callerPosition()
            let (name, key, value) = try builder.plugins.set(
                arguments, at: position, resolvingPathsFrom: builder.baseDirectory)
            try check(name, key, value, in: registry)
            if key == "path", let path = value.text,
                registry.descriptors.contains(where: { $0.kind == .sink && $0.name == name })
            {
                writeGuard.refuseWhileLoading(path, namedBy: RecipePlugins.pathOrigin(of: name, at: position))
            }
            return []
        }
        functions["stop_when"] = hook("stop_when") { builder.hooks.stopWhen = $0 }
        functions["on_start"] = hook("on_start") { builder.hooks.onStart = $0 }
        functions["on_placed"] = hook("on_placed") { builder.hooks.onPlaced = $0 }
        functions["on_finish"] = hook("on_finish") { builder.hooks.onFinish = $0 }
        functions["on_done"] = hook("on_done") { builder.hooks.onDone = $0 }
        for (name, body) in functions where name != "match" {
            functions[name] = whileLoading(name, builder, body)
        }
        let keyChecks: [String: LuaKeyCheck] = [
            "config": { try RecipeConfiguration.checkSettingNames($0) },
            "source": { try RecipePlugins.checkNames($0, of: .source, in: registry) },
            "sink": { try RecipePlugins.checkNames($0, of: .sink, in: registry) },
        ]
        // Its handle made as a handle, not a `LuaTable` (``LuaHandle``).
        let task = try state.makeHandleFunction(
            named: "prx.task", checkingKeys: { try RecipeBuilder.checkTaskFields($0) },
            whileLoading("task", builder) { try builder.declareTask($0) })
        try install(
            functions, checkingKeys: keyChecks, made: ["task": task],
            files: LuaFileFunctions(baseDirectory: builder.baseDirectory, filesRead: filesRead, writeGuard: writeGuard),
            arguments: arguments, in: state)
    }

    /// Sets the global `prx` to `functions`, each checking the keys of its arguments with its entry in `keyChecks`
    /// before it names a value it cannot read, the functions already `made`, the file functions of `files`, and
    /// `prx.args`.
    static func install(
        _ functions: [String: LuaSwiftFunction], checkingKeys keyChecks: [String: LuaKeyCheck] = [:],
        made: [String: LuaFunctionReference] = [:], files: LuaFileFunctions, arguments: [String], in state: LuaState
    ) throws(LuaError) {
        var map = try files.entries(in: state)
        for (name, function) in made {
            map[.string(name)] = .function(function)
        }
        for (name, body) in functions {
            map[.string(name)] = .function(
                try state.makeFunction(named: "prx.\(name)", checkingKeys: keyChecks[name], body))
        }
        map["args"] = .table(LuaTable(array: arguments.map { .string($0) }))
        try state.setGlobal("prx", to: .table(LuaTable(map: map)))
    }

    /// Checks `prx.set(NAME.KEY, value)` against the plugins called `name`, of whatever kind.
    private static func check(
        _ name: String, _ key: String, _ value: PluginSettingValue, in registry: PluginRegistry
    ) throws(PluginError) {
        let named = registry.descriptors.filter { $0.name == name }
        guard let first = named.first else {
            let valid = registry.descriptors.map(\.name).sorted().joined(separator: ", ")
            throw PluginError("prx.set: no plugin is called '\(name)' (valid: \(valid))")
        }
        let descriptor = named.first { $0.settings.contains { $0.name == key } } ?? first
        _ = try PluginSettings(for: descriptor, [key: value])
    }

    /// `body`, refused once the recipe has loaded: the graph, settings and hooks are fixed by then, and a
    /// declaration from a hook or `cmd` function would change nothing.
    private static func whileLoading<Results>(
        _ name: String, _ builder: RecipeBuilder, _ body: @escaping ([LuaValue]) throws -> Results
    ) -> ([LuaValue]) throws -> Results {
        { arguments in
            guard !builder.isLoaded else {
                throw RecipeError("prx.\(name) belongs to the recipe's loading, not to a hook or cmd function")
            }
            return try body(arguments)
        }
    }

    /// A function that takes one Lua function and hands it to `store`; a later call replaces an earlier one.
    ///
    /// `nil` is refused, as anything else is, rather than taken to remove the hook: a misspelled function's name
    /// is `nil` too, and would remove it without a word. A hook that does nothing is `function() end`.
    private static func hook(_ name: String, _ store: @escaping (LuaFunctionReference) -> Void) -> LuaSwiftFunction {
        { arguments in
            guard arguments.count == 1, case .function(let function) = arguments[0] else {
                let got = switch arguments.count {
                case 0: "no argument"
                case 1: arguments[0].typeName
                default: "\(arguments.count) arguments"
                }
                let removal = arguments.count == 1 && arguments[0] == .nil
                    ? "; a hook is replaced by a later call, not removed (to do nothing, give function() end)" : ""
                throw RecipeError("prx.\(name) takes one function (got \(got))\(removal)")
            }
            store(function)
            return []
        }
    }
}
