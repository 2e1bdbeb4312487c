import Foundation
import PRXTesting
import Testing

/// A declaration made through `pcall` (`pcall(prx.task, t)`, `pcall(prx.sink, …)`) was recorded with no line, `pcall`
/// being a C function that Lua gives none: what prx said of it later, once the recipe had loaded, named no line
/// (`prx: error: task "b" runs after unknown task "zz" (called from recipe.lua:2)`, `prx: error: cannot open
/// /x/run.jsonl: … (json.path)`), or left out where the first of two tasks of a name was defined. It is at the line
/// calling `pcall` now, the line an error raised there names.
@Suite(.runsProcesses) struct DeclarationThroughPCallTests {
    /// A recipe declaring something through `pcall` that the run refuses later, and the one line prx gives.
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var recipe: String
        var error: String
        var testDescription: String { label }
    }

    static let cases = [
        Case(
            label: "an unknown task in after",
            recipe: #"prx.task { "true", name = "a" }"# + "\n"
                + #"pcall(prx.task, { "true", name = "b", after = "zz" })"#,
            error: #"recipe.lua:2: task "b" runs after unknown task "zz""#),
        Case(
            label: "the first of two tasks of a name",
            recipe: #"pcall(prx.task, { "true", name = "a" })"# + "\n" + #"prx.task { "true", name = "a" }"#,
            error: #"recipe.lua:2: duplicate task name "a" (first defined at recipe.lua:1)"#),
        Case(
            label: "a task a helper declares through pcall",
            recipe: #"local function mk(n) pcall(prx.task, { "true", name = n, after = "zz" }) end"# + "\n"
                + #"mk("a")"#,
            error: #"recipe.lua:1: task "a" runs after unknown task "zz" (called from recipe.lua:2)"#),
        Case(
            label: "a sink's file that cannot be opened",
            recipe: #"prx.task { "true", name = "a" }"# + "\n"
                + #"pcall(prx.sink, "json", { path = "missing/run.jsonl" })"#,
            error: "recipe.lua:2: cannot open ROOT/missing/run.jsonl: No such file or directory"),
        Case(
            label: "a file prx.lines read, named for results",
            recipe: #"pcall(prx.lines, "hosts.txt")"# + "\n" + #"prx.task { "true", name = "a" }"# + "\n"
                + #"prx.sink("json", { path = "hosts.txt" })"#,
            error: "recipe.lua:3: json.path and prx.lines (recipe.lua:1) name the same file, ROOT/hosts.txt: prx would "
                + "empty the file it reads (give the results a file of their own)"),
    ]

    /// The run is refused, exit 2, with one line naming the line that called `pcall`.
    @Test(arguments: cases)
    func aDeclarationThroughPCallIsAtTheLineCallingIt(_ given: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "a\n")
        try bench.root.write("recipe.lua", given.recipe + "\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        let error = given.error.replacingOccurrences(of: "ROOT", with: bench.root.path)
        #expect(outcome.stderr == "prx: error: \(error)\n")
    }
}
