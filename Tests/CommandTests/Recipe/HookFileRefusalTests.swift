import Foundation
import PRXTesting
import Testing

/// What a `--hook` file returns that prx cannot take is named with the file, and the hook: exit 2, nothing run.
@Suite(.runsProcesses) struct HookFileRefusalTests {
    /// A `--hook` file's entry that is not a function was `every entry must be a hook function (…)`, naming none; and
    /// a value the file returned that prx cannot take named no file (`prx: error: returned a userdata, which prx
    /// cannot take`). Each names the file, and the hook. A hook given without its name (a list's element, or an
    /// integer key) was `hooks.lua must return a table { … } (got table)`, or the message naming none; it is named by
    /// its key.
    @Test(arguments: [
        ("return { on_finish = 5 }", "hooks.lua: on_finish must be a function (got number)"),
        ("return { on_start = function() end, on_done = \"x\" }", "hooks.lua: on_done must be a function (got string)"),
        ("return io.stdout", "hooks.lua: returned a userdata, which prx cannot take"),
        ("return { on_finish = function() end, [true] = 1 }",
         "hooks.lua: returned a table with a boolean as a key, where prx takes integers and strings"),
        ("return { function() end }",
         "hooks.lua: entry [1] (a function) has no hook's name: give each hook by its name, { on_finish = fn } "
            + "(valid: on_done, on_finish, on_placed, on_start)"),
        ("return { on_start = function() end, [5] = function() end }",
         "hooks.lua: entry [5] (a function) has no hook's name: give each hook by its name, { on_finish = fn } "
            + "(valid: on_done, on_finish, on_placed, on_start)"),
    ])
    func aHookFilesWrongValueIsNamed(code: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", code)
        let outcome = try await bench.prx(["-A", "args.txt", "-C", "touch ran @ARG@", "-r", "--hook", "hooks.lua"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
