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

    /// A code `retry_on` holds outside Lua's list (after a `nil`, or under a key) was left out without a word, so the
    /// task was not retried on it (`{ 75, nil, 1 }` retried on 75 only); it is refused as the words of a command with
    /// a hole are. A `nil` among `after`'s entries (a misspelt variable) is named the same way, where `after` was
    /// said to be no list.
    @Test(arguments: [
        ("retry_on = { 75, nil, 1 }", "retry_on element 2 is nil, which ends the list before element 3"),
        ("retry_on = { [2] = 1 }", "retry_on element 1 is nil, which ends the list before element 2"),
        ("retry_on = { 75, code = 1 }", "retry_on must list exit codes (0 to 255), e.g. { 75, 1 }"),
        ("after = { t, nil, \"t1\" }", "after element 2 is nil, which ends the list before element 3"),
    ])
    func aListWithAHoleIsRefused(fields: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local t = prx.task { "touch", "ran" }
            prx.task { "false", retries = 1, \(fields) }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: prx.task: \(message)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.path + "/ran"))
    }
}
