import Foundation
import PRXTesting
import Testing

/// `prx.lines` and `prx.each_line` with `parse` give Lua what `parse` returned, not a copy made through Swift: the
/// copy lost a table's metatable (`h:task()` was `attempt to call a nil value (method 'task')`) and its identity (the
/// same table for two lines was two tables), and refused a userdata (`io.stdout`), a table that contains itself and a
/// float key (`… returned a userdata, which prx cannot take`).
@Suite(.runsProcesses) struct LinesParseValueTests {
    /// The reproduction: a table made by a constructor with a metatable, whose methods declare the tasks.
    @Test(arguments: ["prx.lines", "prx.each_line"])
    func aTableKeepsItsMetatableAndMethods(function: String) async throws {
        let outcome = try await dryRun(function, parse: "Host.new", check: nil, before: """
            local Host = {}; Host.__index = Host
            function Host.new(line) return setmetatable({ name = line }, Host) end
            function Host:task() prx.task { "echo", self.name, name = self.name } end
            """, after: "for _, h in ipairs(got) do h:task() end")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == "a: echo a\nb: echo b\n# dry run: 2 tasks; add -r to run them\n")
    }

    /// What `parse` returns reaches Lua as it is, for each of: the same table for every line, a userdata, a table
    /// that contains itself, a table with a float key, a function.
    @Test(arguments: ["prx.lines", "prx.each_line"], [
        ParseCase(before: "local shared = {}", parse: "function() return shared end",
                  check: "tostring(got[1] == shared and got[2] == shared)", echoes: "true"),
        ParseCase(parse: "function() return io.stdout end",
                  check: "io.type(got[1]) .. tostring(got[2] == io.stdout)", echoes: "filetrue"),
        ParseCase(parse: "function(l) local t = { l }; t.self = t; return t end",
                  check: "tostring(got[1].self == got[1] and got[2].self == got[2])", echoes: "true"),
        ParseCase(parse: "function(l) return { [1.5] = l } end", check: "got[1][1.5] .. got[2][1.5]", echoes: "ab"),
        ParseCase(before: "local f = function() end", parse: "function() return f end",
                  check: "tostring(got[1] == f and got[2] == f)", echoes: "true"),
    ])
    func theValueIsTheOneParseReturned(function: String, case value: ParseCase) async throws {
        let outcome = try await dryRun(function, parse: value.parse, check: value.check, before: value.before)
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == "check: echo \(value.echoes)\n# dry run: 1 task; add -r to run it\n")
    }

    /// A `parse` function, the Lua before it, and what `check` of the values it gave echoes.
    struct ParseCase: Sendable, CustomTestStringConvertible {
        var before = ""
        var parse: String
        var check: String
        var echoes: String
        var testDescription: String { parse }
    }

    /// A dry run of a recipe that reads `hosts.txt` (`a`, `b`) through `function` with `parse` into `got`, after
    /// `before`; then runs `after`, or declares a task `check` echoing `check`.
    private func dryRun(_ function: String, parse: String, check: String?, before: String, after: String = "")
        async throws -> PRXProcess.Outcome
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "a\nb\n")
        let read = function == "prx.lines"
            ? "local got = prx.lines(\"hosts.txt\", { parse = \(parse) })"
            : "local got = {}\nfor v in prx.each_line(\"hosts.txt\", { parse = \(parse) }) do got[#got + 1] = v end"
        let declare = check.map { "prx.task { \"echo\", \($0), name = \"check\" }" } ?? after
        try bench.root.write("recipe.lua", "\(before)\n\(read)\n\(declare)\n")
        return try await bench.prx(["run", "recipe.lua", "--dry-run"])
    }
}
