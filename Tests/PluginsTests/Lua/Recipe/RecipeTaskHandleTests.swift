import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

/// A handle `prx.task` returns stands for its task, by the number it was given, not by its `name` field, which the
/// recipe may change: `t.name = "b"` made `after = t` run after task `b`, and a name no task has made it an unknown
/// task at the dependent's line. Changing the name is now refused where `after` lists the handle, naming the task.
@Suite struct RecipeTaskHandleTests {
    @Test(arguments: [
        ("a.name = \"b\"", #"recipe.lua:4: prx.task: after lists the handle of task "a" (recipe.lua:1), whose name "#
            + #"was changed to "b": changing a handle's name does not rename its task: give the name in its prx.task"#),
        ("a.name = \"other\"", #"recipe.lua:4: prx.task: after lists the handle of task "a" (recipe.lua:1), whose "#
            + #"name was changed to "other": changing a handle's name does not rename its task: give the name in its "#
            + "prx.task"),
        ("a.name = nil", #"recipe.lua:4: prx.task: after lists the handle of task "a" (recipe.lua:1), whose name "#
            + "was removed: changing a handle's name does not rename its task: give the name in its prx.task"),
        ("a.name = 7", #"recipe.lua:4: prx.task: after lists the handle of task "a" (recipe.lua:1), whose name "#
            + "was changed to a number: changing a handle's name does not rename its task: give the name in its "
            + "prx.task"),
        ("a = { name = \"a\", prx_task = 3 }", "recipe.lua:4: prx.task: after lists a table whose prx_task numbers "
            + "no task declared so far, which is no handle prx.task returned"),
    ])
    func aHandleWhoseNameWasChangedIsRefused(change: String, message: String) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: LuaError.self) {
            try fixture.load("""
                local a = prx.task { "true", name = "a" }
                prx.task { "true", name = "b" }
                \(change)
                prx.task { "true", name = "c", after = { "b", a } }
                """)
        }
        #expect(fixture.relative(error) == message)
    }

    /// A handle the recipe left as it was, or copied, or gave fields of its own, is its task.
    @Test func aHandleStandsForItsTask() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local a = prx.task { "true", name = "a" }
            local b = prx.task { "true", name = "b" }
            b.host = "h1"
            prx.task { "true", name = "c", after = { b, { name = a.name, prx_task = a.prx_task } } }
            """)
        #expect(recipe.graph.dependencies.map(Array.init) == [[], [], [1, 0]])
    }
}
