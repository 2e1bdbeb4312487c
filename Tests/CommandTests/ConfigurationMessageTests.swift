import Foundation
import PRXTesting
import Testing

/// Messages of the configuration and of `--set` that said less than they should, or said one thing two ways.
@Suite(.runsProcesses) struct ConfigurationMessageTests {
    /// `--set local.termination_grace=0x1p-4` was taken (Swift reads hexadecimal), where Python's `float()` refuses
    /// it, and so was the same text in a file's `plugins:`, which PyYAML reads as text: both are now refused, a `--set`
    /// as any wrong value (exit 2), a file's as any wrong entry (a warning, the default kept, `--validate-config`
    /// failing). A plain `0x10` is YAML 1.1's sixteen, as PyYAML reads it, and so is taken; quoted, it is text.
    @Test(arguments: [("0x1p-4", "0x1p-4"), ("0x10", "\"0x10\"")])
    func aHexadecimalNumberIsRefusedFromSetAndFromAFile(text: String, inFile: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let refusal = "prx: error: setting local.termination_grace must be a number (got '\(text)')\n"
        for mode in [[], ["-r"], ["--validate-config"]] {
            let outcome = try await bench.prx(
                ["-T", folder, "-C", "sh @TASK@", "--set", "local.termination_grace=\(text)"] + mode)
            #expect(outcome.status == 2, "\(mode): \(outcome.stderr)")
            #expect(outcome.stderr == refusal, "\(mode)")
        }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    termination_grace: \(inFile)\n")
        let checked = try await bench.prx(["--validate-config"])
        #expect(checked.status == 1, "\(checked.stdout)")
        let warning = "\(bench.home)/cfg/prx.yaml:3: plugins.local.termination_grace must be a number (got '\(text)'); "
            + "using 2 (default)"
        #expect(checked.stdout.contains("  - " + warning), "\(checked.stdout)")
        let run = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "prx: warning: \(warning)\n")
    }
}
