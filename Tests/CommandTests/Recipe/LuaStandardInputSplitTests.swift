import Foundation
import PRXTesting
import Testing

/// A hook or recipe function the run calls (`on_finish`, `on_done`) reading piped standard input with `io.read()`
/// while an `-A /dev/stdin` or `args-file` source read it too took lines from that source without a word: the two
/// readers split the pipe between them, a line read by Lua was never a task (`Total Tasks: 2` of 3 lines). The check
/// of Lua's read-ahead was made only when the source opened the file. Once one of prx's readers reads standard input by
/// its path, Lua's reads of it are refused, at the line that reads, and every line is a task.
@Suite(.runsProcesses) struct LuaStandardInputSplitTests {
    static let refusal = "prx reads standard input as /dev/stdin (-A, an args-file source's file or prx.lines), whose "
        + "lines a read in Lua would take: read standard input in Lua alone, or by its path alone"

    @Test func aHooksReadOfStandardInputDuringTheRunIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hooks.lua", "return { on_finish = function() io.read() end }\n")
        let outcome = try await bench.shell(
            #"(echo a; sleep 1; printf 'b\nc\n') | "$PRX" -A /dev/stdin -C 'echo @ARG@' -r --hook hooks.lua"#)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Total Tasks: 3"), "\(outcome.stdout)")
        let warning = "prx: warning: hooks.lua:1: io.read: \(Self.refusal) (in on_finish)\n"
        #expect(outcome.stderr == String(repeating: warning, count: 3), "\(outcome.stderr)")
    }

    /// Every way Lua reads standard input is refused: `io.read`, `io.stdin:read`, `io.lines()`, `io.stdin:lines()`, an
    /// iterator `io.lines()` made before the source opened the file, and opening it anew by a path naming it.
    @Test func everyLuaReadOfStandardInputIsRefusedOnceTheSourceReadsIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local early = io.lines()
            prx.source("args-file", { file = "/dev/stdin", command = "echo @ARG@" })
            local function try(read) io.stderr:write(select(2, pcall(read)), "\\n") end
            prx.on_done(function()
              try(function() return io.read() end)
              try(function() return io.stdin:read() end)
              try(function() return io.lines() end)
              try(function() return io.stdin:lines() end)
              try(function() return early() end)
              try(function() return io.open("/dev/stdin") end)
            end)
            """)
        let outcome = try await bench.shell(#"(echo a; sleep 1; printf 'b\nc\n') | "$PRX" run recipe.lua -r"#)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Total Tasks: 3"), "\(outcome.stdout)")
        #expect(outcome.stderr.split(separator: "\n") == [
            "recipe.lua:5: io.read: \(Self.refusal)",
            "recipe.lua:6: io.stdin:read: \(Self.refusal)",
            "recipe.lua:7: io.lines: \(Self.refusal)",
            "recipe.lua:8: io.stdin:lines: \(Self.refusal)",
            "recipe.lua:9: io.lines: \(Self.refusal)",
            "recipe.lua:10: io.open /dev/stdin names prx's standard input: \(Self.refusal)",
        ], "\(outcome.stderr)")
    }

    /// A file a recipe opened by a path naming standard input as it loaded, before the source opened it, reads the same
    /// pipe: its reads were Lua's own, unchecked, and a read during the run took the source's lines (`Total Tasks: 2`
    /// of 5, read from a hook). They are refused as `io.stdin`'s are, named by the method, and every line is a task.
    @Test func aFileOpenedOnStandardInputBeforeTheSourceIsRefusedToo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local f = io.open("/dev/stdin")
            local lines = f:lines()
            prx.source("args-file", { file = "/dev/stdin", command = "echo @ARG@" })
            local function try(read) io.stderr:write(select(2, pcall(read)), "\\n") end
            prx.on_done(function()
              try(function() return f:read() end)
              try(function() return f:lines() end)
              try(function() return lines() end)
            end)
            """)
        let outcome = try await bench.shell(
            #"(echo a; sleep 1; printf 'b\nc\nd\n'; sleep 1; echo e) | "$PRX" run recipe.lua -r"#)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Total Tasks: 5"), "\(outcome.stdout)")
        #expect(outcome.stderr.split(separator: "\n") == [
            "recipe.lua:6: file:read: \(Self.refusal)",
            "recipe.lua:7: file:lines: \(Self.refusal)",
            "recipe.lua:8: file:lines: \(Self.refusal)",
        ], "\(outcome.stderr)")
    }

    /// A terminal opened as `/dev/tty`, standard input being that terminal (the controlling one, `/dev/pts/N`, here
    /// under `script(1)`), is standard input under another device number: its reads, as the recipe loaded and during
    /// the run, were Lua's own, unchecked, and took the terminal's lines (`x` and `y`, typed after the end of file that
    /// ended the source's). They are refused as a file's opened by `/dev/stdin` are.
    @Test func theTerminalOpenedAsDevTTYIsStandardInputToo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local early = io.open("/dev/tty")
            prx.source("args-file", { file = "/dev/stdin", command = "echo @ARG@" })
            local function try(read) io.stderr:write(tostring(select(2, pcall(read))), "\\n") end
            prx.on_done(function()
              try(function() return early:read() end)
              try(function() return io.open("/dev/tty"):read() end)
            end)
            """)
        let outcome = try await bench.shell(
            #"printf 'a\nb\n\004x\ny\n' | script -qec '"$PRX" run recipe.lua -r' /dev/null"#)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Total Tasks: 2"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("recipe.lua:5: file:read: \(Self.refusal)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("recipe.lua:6: file:read: \(Self.refusal)"), "\(outcome.stdout)")
    }

    /// Standard input redirected from a regular file is opened anew at its start by its path, apart from what Lua
    /// reads: Lua's reads are not refused, and every line is a task.
    @Test func aRegularFileOnStandardInputIsReadByBoth() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("lines.txt", "a\nb\nc\n")
        try bench.root.write("hooks.lua", "return { on_done = function() io.stderr:write(io.read(), \"\\n\") end }\n")
        let outcome = try await bench.shell(#""$PRX" -A /dev/stdin -C 'echo @ARG@' -r --hook hooks.lua < lines.txt"#)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Total Tasks: 3"), "\(outcome.stdout)")
        #expect(outcome.stderr == "a\n", "\(outcome.stderr)")
    }
}
