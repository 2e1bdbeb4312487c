import Foundation
import PRXTesting
import Testing

/// Tables prx reads from Lua code whose fields the code reaches through `__index`: refused, exit 2, nothing run, with a
/// message naming the file, the line and the field where there is one.
@Suite(.runsProcesses) struct LuaTableRefusalTests {
    /// A table whose metatable has `__index` holds, for Lua code, the fields `__index` gives; prx read its own fields
    /// alone, so that `setmetatable({ "true" }, { __index = defaults })` ran without the defaults' `name`, and a hook
    /// file's hooks given so were never called, without a word. Both are refused, as recipes' tables and hook files'
    /// are read alike.
    @Test(arguments: [
        (["run", "recipe.lua", "-r"], "recipe.lua:2: prx.task: argument 1 is a table whose metatable has __index"),
        (["run", "recipe.lua", "-r"], "recipe.lua:2: prx.task: env is a table whose metatable has __index"),
        (["-A", "args.txt", "-C", "touch ran @ARG@", "-r", "--hook", "hooks.lua"],
         "hooks.lua: returned a table whose metatable has __index"),
    ])
    func aTableReadThroughIndexIsRefused(arguments: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let fields = message.contains("env") ? #"{ "touch", "ran", env = setmetatable({}, defaults) }"#
            : #"setmetatable({ "touch", "ran" }, defaults)"#
        try bench.root.write("recipe.lua", """
            local defaults = { __index = { name = "x", X = "y" } }
            prx.task(\(fields))
            """)
        try bench.root.write("hooks.lua", """
            return setmetatable({}, { __index = { on_finish = function() print("called") end } })
            """)
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message), which prx does not follow (it reads the fields the table "
            + "holds itself): give them in the table\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
