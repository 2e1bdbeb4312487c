import Foundation
import PRXTesting
import Testing

/// Lua code of a prx started without standard input (`prx run recipe.lua <&-`) read, with `io.read()`, `io.lines()`
/// and `io.stdin:read()`, the `/dev/null` prx holds in its place: no line, as if it had been given none, where
/// `io.lines("/dev/stdin")` is refused. `io.stdin` is now a closed file, so that each raises Lua's error for one, at
/// its line, and Lua code can tell (`io.type(io.stdin)` is `closed file`); standard input given is read as before.
@Suite(.runsProcesses) struct LuaClosedStandardInputTests {
    @Test(arguments: [
        ("io.read()", "default input file is closed"),
        ("for _ in io.lines() do end", "attempt to use a closed file"),
        ("io.stdin:read()", "attempt to use a closed file"),
    ])
    func aRecipeReadingAClosedStandardInputGetsLuasErrorForAClosedFile(code: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "local kind = io.type(io.stdin)\n\(code)\nprx.task { sh = \"touch ran\" }\n")
        let outcome = try await bench.shell(#""$PRX" run recipe.lua -r <&-"#)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: \(message)\n", "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A hook's read as the run goes is the hook's error, a warning; with standard input given, it reads its lines.
    @Test func aHookTellsAClosedStandardInputFromAGivenOne() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", """
            return { on_done = function() print("stdin: " .. io.type(io.stdin)) print("read: " .. io.read()) end }
            """)
        let command = #""$PRX" -A args.txt -C 'true @ARG@' -r --hook hooks.lua"#
        let closed = try await bench.shell(command + " <&-")
        #expect(closed.stdout.contains("stdin: closed file\n"), "\(closed.stdout)")
        #expect(closed.stderr.contains("prx: warning: hooks.lua:1: default input file is closed (in on_done)\n"),
            "\(closed.stderr)")
        let given = try await bench.shell("echo hello | " + command)
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.contains("stdin: file\nread: hello\n"), "\(given.stdout)")
    }
}
