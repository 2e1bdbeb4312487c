import Foundation
import PRXTesting
import Testing

/// A recipe option that prx could only ignore is refused before anything runs (exit status 2), naming its line.
@Suite(.runsProcesses) struct RecipeRefusedOptionsTests {
    /// `sep` beside `parse` in `prx.lines` or `prx.each_line`: `parse` got the whole line and `sep` was ignored
    /// silently (`x,y` gave `{ "x,y" }`).
    @Test(arguments: ["prx.lines", "prx.each_line"])
    func separatorBesideParseIsRefused(function: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("data.txt", "x,y\n")
        let call = #"\#(function)("data.txt", { sep = "comma", parse = function(l) return { l } end })"#
        let read = function == "prx.lines" ? "local rows = \(call)" : "for row in \(call) do end"
        try bench.root.write("recipe.lua", "prx.task { \"touch\", \"ran\" }\n\(read)\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: \(function): give sep or parse, not both "
            + "(parse is given the whole line)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.path + "/ran"))
    }

    /// An exit code outside 0 to 255 in `retry_on` can never match, so the task was never retried; it is refused as
    /// `{ 1.5 }` is.
    @Test(arguments: ["300", "-1", "256"])
    func anExitCodeOutOfRangeIsRefused(code: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "touch", "ran" }
            prx.task { "false", retries = 1, retry_on = { 75, \(code) } }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: prx.task: retry_on must list exit codes (0 to 255), "
            + "e.g. { 75, 1 }\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.path + "/ran"))
    }
}
