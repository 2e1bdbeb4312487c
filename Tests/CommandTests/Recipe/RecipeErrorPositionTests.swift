import Foundation
import PRXTesting
import Testing

/// Every error and warning about a recipe names the file and line it is about (`recipe.lua:12: message`), as
/// RECIPES.md promises.
@Suite struct RecipeErrorPositionTests {
    /// A string that is not UTF-8, returned by a `cmd` or `stop_when` function, is an error at the line where the
    /// function is defined; it named no line.
    @Test func aStringThatIsNotUTF8ReturnedByAFunctionNamesItsLine() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "true", name = "a" }
            prx.task { name = "b",
                       cmd = function() return { "echo", "\255" } end }
            prx.stop_when(function(s)
              return "\255"
            end)
            """#)
        let outcome = try bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        let notUTF8 = "is not UTF-8; prx takes text as UTF-8"
        let warning = try #require(outcome.stderr.split(separator: "\n").first { $0.contains(notUTF8) })
        #expect(warning.hasPrefix("prx: warning: recipe.lua:4: the string ") && warning.hasSuffix("(in stop_when)"))
        let message = try #require(try bench.summaryRecords().first { $0["task_file"] == "b" }?["error_message"])
        #expect(message.hasPrefix("recipe.lua:3: the string ") && message.hasSuffix(notUTF8), "\(message)")
    }
}
