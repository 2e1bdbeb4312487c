import Foundation
import PRXTesting
import Testing

/// Lua code blocked inside a C function, which the hook that interrupts Lua code never reaches, no longer holds prx
/// past SIGINT or SIGTERM.
@Suite(.runsProcesses) struct RecipeStuckLuaTests {
    /// A hook blocked in `string.find` (a pattern that backtracks for hours) or in `io.read` (a FIFO no process
    /// writes) held prx past every signal, a second SIGINT included; now, a second after the interruption failed to
    /// stop it, prx stops its tasks, warns naming the hook and exits with 128 + the signal.
    @Test(arguments: [
        (SIGTERM, 1, #"print(string.rep("a", 2000):find(".-.-.-.-b"))"#),
        (SIGINT, 2, #"io.open("fifo"):read("l")"#),
    ])
    func luaBlockedInACFunctionEndsPrxAfterASignal(signal: Int32, times: Int, blocking: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        guard mkfifo(bench.root.file("fifo"), 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "while [ ! -f b.pid ]; do sleep 0.05; done", name = "a" }
            prx.task { sh = "echo $$ > b.pid; exec sleep 30", name = "b" }
            prx.on_finish(function(task)
              if task.name == "a" then prx.write("looping", "yes") \(blocking) end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        let started = Date()
        for _ in 0..<times {
            kill(run.process.processIdentifier, signal)
            try? await Task.sleep(for: .milliseconds(200))
        }
        let outcome = await run.wait(killingAfter: 20)
        #expect(outcome.status == 128 + signal, "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(outcome.stderr.contains(
            "prx: warning: recipe.lua:3: on_finish did not give way to \(name) (blocked in a C function such as "
                + "io.read or string.find); prx exits without it, and the results not yet written are lost\n"),
            "\(outcome.stderr)")
        let task = try #require(Int32(try bench.root.read("b.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        let deadline = Date().addingTimeInterval(5)
        while kill(task, 0) == 0 && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        #expect(kill(task, 0) != 0, "task b (pid \(task)) outlived prx")
    }
}
