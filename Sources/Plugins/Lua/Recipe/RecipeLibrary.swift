/// The `prx` table a recipe sees: the declaration functions (`task`, `config`, `match`, `stop_when`, `on_start`,
/// `on_finish`, `on_done`), the plugin choices (`source`, `sink`, `set`), the file functions of
/// ``LuaFileFunctions``, and `prx.args`.
enum RecipeLibrary {
    /// Sets the global `prx` in `state`; declarations go to `builder`.
    static func install(in state: LuaState, builder: RecipeBuilder, arguments: [String]) throws(LuaError) {
        var functions = LuaFileFunctions(baseDirectory: builder.baseDirectory).functions
        functions["task"] = { arguments in [try builder.declareTask(arguments)] }
        functions["config"] = { arguments in
            guard arguments.count == 1, let table = arguments[0].tableValue else {
                throw RecipeError("prx.config takes one table, e.g. prx.config{ workers = 4 }")
            }
            try builder.configuration.apply(table, plugins: &builder.plugins)
            return []
        }
        functions["match"] = { arguments in
            guard arguments.count == 1, case .string(let pattern) = arguments[0] else {
                throw RecipeError("prx.match takes one pattern string, e.g. prx.match(\"deploy:*\")")
            }
            return [.table(LuaTable(map: ["prx_match": .string(pattern)]))]
        }
        functions["source"] = { arguments in
            builder.plugins.sources.append(try RecipePlugins.use(arguments, function: "source"))
            return []
        }
        functions["sink"] = { arguments in
            builder.plugins.sinks.append(try RecipePlugins.use(arguments, function: "sink"))
            return []
        }
        functions["set"] = { arguments in
            try builder.plugins.set(arguments)
            return []
        }
        functions["stop_when"] = hook("stop_when") { builder.hooks.stopWhen = $0 }
        functions["on_start"] = hook("on_start") { builder.hooks.onStart = $0 }
        functions["on_finish"] = hook("on_finish") { builder.hooks.onFinish = $0 }
        functions["on_done"] = hook("on_done") { builder.hooks.onDone = $0 }
        try install(functions, arguments: arguments, in: state)
    }

    /// Sets the global `prx` to `functions` plus `prx.args`.
    static func install(_ functions: [String: LuaSwiftFunction], arguments: [String], in state: LuaState)
        throws(LuaError)
    {
        var map = Dictionary(uniqueKeysWithValues: functions.map { name, body in
            (LuaKey.string(name), LuaValue.function(state.makeFunction(body)))
        })
        map["args"] = .table(LuaTable(array: arguments.map { .string($0) }))
        try state.setGlobal("prx", to: .table(LuaTable(map: map)))
    }

    /// A function that takes one Lua function and hands it to `store`; a later call replaces an earlier one.
    private static func hook(_ name: String, _ store: @escaping (LuaFunctionReference) -> Void) -> LuaSwiftFunction {
        { arguments in
            guard arguments.count == 1, case .function(let function) = arguments[0] else {
                throw RecipeError("prx.\(name) takes one function")
            }
            store(function)
            return []
        }
    }
}
