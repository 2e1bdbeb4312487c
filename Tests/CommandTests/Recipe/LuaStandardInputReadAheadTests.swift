import Foundation
import PRXTesting
import Testing

/// A recipe reading a header line of its piped standard input with `io.read()`, then its lines with an `args-file`
/// source or `prx.lines` on `/dev/stdin`, got no task and no line: Lua's `io.read` had read the whole pipe into the C
/// library's buffer, of which the file opened anew sees nothing, so that every line after the header was lost without
/// a word (a dry run said `0 tasks`, exit 0). Such a file is refused now, at the line that names it, exit 2; standard
/// input read by its path alone still gives every line.
@Suite(.runsProcesses) struct LuaStandardInputReadAheadTests {
    @Test(arguments: [
        (#"prx.source("args-file", { file = "/dev/stdin", command = "echo @ARG@" })"#, "args-file.file"),
        (#"for _, l in ipairs(prx.lines("/dev/stdin")) do prx.task { "echo", l[1] } end"#, "prx.lines"),
    ])
    func aFileOnStandardInputThatLuaReadAheadOfIsRefused(code: String, origin: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "local header = io.read()\n\(code)\n")
        try bench.root.write("alone.lua", "\(code)\n")
        for run in ["", " -r"] {
            let outcome = try await bench.shell(#"printf 'header\na\nb\n' | "$PRX" run recipe.lua"# + run)
            #expect(outcome.status == 2, "\(run): \(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stderr == "prx: error: recipe.lua:2: \(origin) /dev/stdin names prx's standard input, of "
                + "which Lua code (io.read, io.lines) read 4 bytes ahead that the file would not give: read standard "
                + "input in Lua alone, or by its path alone\n", "\(run)")
        }
        let alone = try await bench.shell(#"printf 'header\na\nb\n' | "$PRX" run alone.lua"#)
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stdout.contains("# dry run: 3 tasks"), "\(alone.stdout)")
    }

    /// A recipe read from standard input (`prx run -`, `/dev/stdin`) that reads its lines from there too, with an
    /// `args-file` source or `prx.lines` on `/dev/stdin`: from a pipe, which the recipe's loading had read to its end, it
    /// got no line (`0 tasks`, exit 0); from a regular file, opened anew at its start, it got the recipe's own Lua lines,
    /// each run as a task's arguments. Such a file is refused now, at the line that names it, exit 2, in a dry run too.
    @Test(arguments: [
        (#"prx.source("args-file", { file = "/dev/stdin", command = "echo @ARG@" })"#, "args-file.file"),
        (#"for _, l in ipairs(prx.lines("/dev/stdin")) do prx.task { "echo", l[1] } end"#, "prx.lines"),
    ], [
        (#"cat recipe.lua | "$PRX" run -"#, "stdin"), (#""$PRX" run - < recipe.lua"#, "stdin"),
        (#"cat recipe.lua | "$PRX" run /dev/stdin"#, "/dev/stdin"),
    ])
    func aFileOnStandardInputThatHeldTheRecipeIsRefused(
        reading: (code: String, origin: String), loading: (command: String, chunk: String)
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "\(reading.code)\n")
        for run in ["", " -r"] {
            let outcome = try await bench.shell(loading.command + run)
            #expect(outcome.status == 2, "\(run): \(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stderr == "prx: error: \(loading.chunk):1: \(reading.origin) /dev/stdin names prx's "
                + "standard input, which prx read as the Lua code of \(loading.chunk): give the lines in a file of "
                + "their own, or the Lua code by its path\n", "\(run)")
        }
    }
}
