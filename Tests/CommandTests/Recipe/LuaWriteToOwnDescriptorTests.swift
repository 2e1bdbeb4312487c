import Foundation
import PRXTesting
import Testing

/// `prx.write("/dev/fd/N", …)` opened whatever prx held at descriptor N: a hook writing the descriptors from 3 on
/// wrote into prx's own pipes, and the run ended `Interrupted: yes`, its task `CANCELLED`, as if a signal had come.
/// A path naming a descriptor prx was not started with is refused now, as every file prx reads refuses it, naming the
/// descriptor; one prx was given (`5>given.txt`) is written.
@Suite(.runsProcesses) struct LuaWriteToOwnDescriptorTests {
    @Test func aHookWritingDescriptorsPrxWasNotGivenIsRefusedAndTheRunGoesOn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true" }
            prx.on_start(function()
              for n = 3, 64 do
                local ok, message = pcall(prx.write, "/dev/fd/" .. n, "written\\n")
                if ok then print("wrote " .. n) elseif n == 40 then print(message) end
              end
            end)
            """)
        let prx = "'\(PRXProcess.executablePath)' run recipe.lua -r 5>given.txt"
        let outcome = try await PRXProcess.run(
            ["-c", prx], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let wrote = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("wrote ") }
        #expect(wrote == ["wrote 5"], "\(outcome.stdout)")
        #expect(outcome.stdout.contains("prx.write /dev/fd/40 names prx's descriptor 40, which prx was not started "
            + "with: give prx the descriptor, or name a file\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Completed Successfully: 1\n"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("Interrupted"), "\(outcome.stdout)")
        #expect(try bench.root.read("given.txt") == "written\n")
    }
}
