import Foundation
import PRXTesting
import Testing

/// A `--set` that the plugin it names refuses (an unknown key, a value of the wrong type or out of bounds) is refused
/// naming the `--set` as given, as one naming no plugin is (`--set bogus.x=1: unknown plugin 'bogus'`), in flags
/// mode (a dry run, a run, `--validate-config`) and in a recipe's run alike. It named the plugin's setting alone
/// (`unknown setting 'bogus' for executor 'local' (valid: …)`), and not the flag it came from.
@Suite(.runsProcesses) struct SetRefusalNamingTests {
    @Test(arguments: [
        ("local.bogus=1", "unknown setting 'bogus' for executor 'local' (valid: adopt_orphans, feedback, feedback_dir, "
            + "heartbeat_timeout, max_output_capture, termination_grace, use_process_groups)"),
        ("local.max_output_capture=abc", "setting local.max_output_capture must be a whole number (got 'abc')"),
    ])
    func theRefusalNamesTheSet(assignment: String, refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/t.sh", "touch \(bench.root.file("ran"))\n")
        try bench.root.write("r.lua", "prx.task { \"touch\", \"ran\" }\n")
        let line = "prx: error: --set \(assignment): \(refusal)\n"
        for (mode, outcome) in try await bench.prxInEveryMode(["-T", "tasks", "-C", "sh @TASK@", "--set", assignment])
        {
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == line, "\(mode)")
        }
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prx(["run", "r.lua", "--set", assignment] + mode)
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == line, "\(mode)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
