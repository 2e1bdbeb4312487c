import Foundation
import PRXTesting
import Testing

/// Lua's `io.open`, `io.lines` and `io.input` given a path naming a descriptor prx was not started with (`/dev/fd/40`)
/// got Lua's own error (`cannot open file '/dev/fd/40' (No such file or directory)`), or read one of prx's own
/// descriptors, where `prx.lines` and every file prx reads refuse it naming the descriptor. They refuse it with the
/// same message, at the line that names it, as the recipe loads and as the run goes; a descriptor prx was given is
/// read.
@Suite(.runsProcesses) struct LuaIODescriptorRefusalTests {
    @Test(arguments: [
        #"for _ in io.lines("/dev/fd/40") do end"#,
        #"local f = io.open("/dev/fd/40")"#,
        #"io.input("/proc/self/fd/40")"#,
    ])
    func aRecipeReadingADescriptorPrxWasNotGivenIsRefused(code: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "\(code)\nprx.task { sh = \"touch ran\" }\n")
        let function = String(code.firstMatch(of: /io\.[a-z]+/)!.output)
        let path = String(code.firstMatch(of: /\/[a-z\/]+40/)!.output)
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(["run", "recipe.lua"] + run)
            #expect(outcome.status == 2, "\(run)")
            #expect(outcome.stderr == "prx: error: recipe.lua:1: \(function) \(path) names prx's descriptor 40, which "
                + "prx was not started with: give prx the descriptor, or name a file\n", "\(run)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// As the run goes, a hook's `io.open` of such a path is an error of the hook, a warning naming the descriptor; a
    /// descriptor prx was given (`5<args.txt`) is read.
    @Test func aHookReadingADescriptorPrxWasNotGivenIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("hooks.lua", """
            return { on_finish = function()
              print("given: " .. io.open("/dev/fd/5"):read("l"))
              io.open("/dev/fd/41")
            end }
            """)
        let prx = "'\(PRXProcess.executablePath)' -A args.txt -C 'true @ARG@' -r --hook hooks.lua 5<args.txt"
        let outcome = try await PRXProcess.run(
            ["-c", prx], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("given: 1\n"), "\(outcome.stdout)")
        #expect(outcome.stderr.contains("prx: warning: hooks.lua:3: io.open /dev/fd/41 names prx's descriptor 41, "
            + "which prx was not started with: give prx the descriptor, or name a file (in on_finish)\n"),
            "\(outcome.stderr)")
    }
}
