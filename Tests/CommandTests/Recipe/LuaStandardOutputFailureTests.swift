import Foundation
import PRXTesting
import Testing

/// What a hook prints that cannot be written to standard output was lost without a word of its own: `print` flushes
/// inside Lua, which ignores the failure, and the command's check of standard output at its end says nothing of a run
/// that failed already (the summary report's failure on the same stream). The sink that calls the hooks now fails,
/// once, naming what was lost.
@Suite(.runsProcesses) struct LuaStandardOutputFailureTests {
    /// prx, started by `/bin/sh` with `arguments` and `redirection` (`>&-`), in `bench`.
    private func prx(_ arguments: String, _ redirection: String, in bench: Workbench) async throws
        -> PRXProcess.Outcome
    {
        try await PRXProcess.run(
            ["-c", "'\(PRXProcess.executablePath)' \(arguments) \(redirection)"], executable: "/bin/sh",
            home: bench.home, directory: bench.root.path)
    }

    @Test(arguments: [
        (">&-", "print(task.name)", "it was closed when prx started"),
        (">&-", "io.write(task.name)", "it was closed when prx started"),
        ("> /dev/full", "print(task.name)", "a write to it failed"),
        ("> /dev/full", "io.write(task.name)", "No space left on device"),
    ])
    func aHookPrintingToAStandardOutputThatTakesNothingFailsItsSink(
        redirection: String, printing: String, reason: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.task { "true", name = "b", after = { "a" } }
            prx.on_finish(function(task) \(printing) end)
            """)
        try bench.root.write("hooks.lua", "return { on_finish = function(task) \(printing) end }")
        try bench.root.write("args.txt", "a\nb\n")
        for arguments in ["run recipe.lua -r", "-A args.txt -C 'true @ARG@' -r -m 1 --hook hooks.lua"] {
            let outcome = try await prx(arguments, redirection, in: bench)
            #expect(outcome.status == 1, "\(arguments): \(outcome.stderr)")
            let warning = "prx: warning: a sink failed: cannot write what Lua code printed to standard output: "
                + reason
            #expect(outcome.stderr.split(separator: "\n").filter { $0 == warning }.count == 1,
                "\(arguments): \(outcome.stderr)")
        }
    }

    /// prx's own text lost first (ptasker's `Auto-generated project: …` line, before the hooks load) is not what Lua
    /// code printed: the stream's error indicator, still set, was taken for a loss of the hooks' by the next flush after
    /// a Lua call, and the run warned `cannot write what Lua code printed to standard output: No space left on device`
    /// of a hook that printed nothing. The summary's own failure is the only warning, as it was before the hooks' sink
    /// reported what they printed.
    @Test func prxsOwnTextLostFirstIsNotTakenForWhatLuaCodePrinted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        _ = try bench.tasks(2) { _ in "true\n" }
        try bench.root.write("hooks.lua", "return { on_finish = function(task) end }")
        let outcome = try await PRXProcess.run(
            ["-c", "'\(link)' -T tasks -r --hook hooks.lua > /dev/full"], executable: "/bin/sh", home: bench.home,
            environment: ["PATH": path], directory: bench.root.path)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(
            outcome.stderr.split(separator: "\n") == [
                "prx: warning: a sink failed: cannot write the summary to standard output: No space left on device"
            ], "\(outcome.stderr)")
    }
}
