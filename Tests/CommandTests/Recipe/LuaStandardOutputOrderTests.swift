import Foundation
import PRXTesting
import Testing

/// What Lua code writes to standard output with `io.write` comes where the code wrote it among prx's own lines.
@Suite(.runsProcesses) struct LuaStandardOutputOrderTests {
    /// With standard output a pipe, `io.write` as the recipe loaded came after the dry run's lines, and a hook's after
    /// the `--json /dev/stdout` file's summary line: Lua's `print` flushes the C library's buffer of standard output,
    /// `io.write` does not, and prx writes those lines to the descriptor itself, past that buffer, so the text waited
    /// for prx's exit. Each call into Lua now writes it out as it ends.
    @Test func ioWriteComesBeforeWhatPRXWritesAfterTheCall() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            io.write("loaded\\n")
            prx.task { "true", name = "a" }
            prx.on_done(function() io.stdout:write("done\\n") end)
            """)
        let dryRun = try await bench.prx(["run", "recipe.lua"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout == "loaded\na: true\n# dry run: 1 task; add -r to run it\n")

        let run = try await bench.prx(["run", "recipe.lua", "-r", "--json", "/dev/stdout"])
        #expect(run.status == 0, "\(run.stderr)")
        // Each JSON line by its first field, its type.
        let lines = run.stdout.split(separator: "\n").map { $0.hasPrefix("{") ? $0.split(separator: ",")[0] : $0 }
        #expect(Array(lines.prefix(4)) == ["loaded", #"{"type":"task""#, "done", #"{"type":"summary""#])
    }

    /// The same for the Lua files of flags mode: a `--parser`'s `io.write` came after the dry run's lines.
    @Test func aParsersIOWriteComesBeforeTheDryRunsLines() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "x\n")
        try bench.root.write("parse.lua", #"return function(line) io.write("parsed ", line, "\n") return line end"#)
        let outcome = try await bench.prx(["-A", "args.txt", "--parser", "parse.lua", "-C", "echo @ARG@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("parsed x\necho x\n"), "\(outcome.stdout)")
    }
}
