import Foundation
import PRXTesting
import Testing

/// prx reads the fields a Lua table holds itself, not those its metatable's `__index` gives (docs/RECIPES.md,
/// *Errors*). A run made of objects, tables a constructor gave a metatable holding their methods, takes their own
/// fields: refusing every table with `__index`, as a change of this session did for a while, refused that idiom.
@Suite(.runsProcesses) struct LuaTableOwnFieldsTests {
    @Test func anObjectWithMethodsPassesItsOwnFields() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local Job = {}
            Job.__index = Job
            function Job.new(name, word) return setmetatable({ "echo", word, name = name }, Job) end
            function Job:describe() return self.name end
            local Env = {}
            Env.__index = Env
            prx.task(Job.new("a", "one"))
            prx.task { "printenv", "GREETING", name = "b", env = setmetatable({ GREETING = "hi" }, Env) }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.compactMap { $0["command"] }.sorted() == ["echo one", "printenv GREETING"])
        #expect(records.allSatisfy { $0["status"] == "SUCCESS" }, "\(records)")
    }
}
