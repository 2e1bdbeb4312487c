import Foundation
import PRXTesting
import Testing

/// `--stop-policy NAME --enable-stop-limits` ran NAME's policy alone, the summary saying `Stop Limits: Disabled`
/// while `--show-config` said `stop_limits_enabled: true  # flag: --enable-stop-limits` and `--validate-config` said
/// the configuration was valid; a second `--stop-policy` replaced the first without a word. Both are refused now, in
/// a run, a dry run and `--validate-config` alike.
@Suite(.runsProcesses) struct StopPolicyFlagsTests {
    /// prx's flags beside `-T tasks -C true`, and the one-line error they get.
    struct Case: Sendable, CustomTestStringConvertible {
        var flags: [String]
        var message: String
        var testDescription: String { flags.joined(separator: " ") }
    }

    static let cases = [
        Case(
            flags: ["--stop-policy", "halt-early", "--enable-stop-limits"],
            message: "--stop-policy halt-early and --enable-stop-limits exclude each other: "
                + "each chooses the stop policy"),
        Case(
            flags: ["--stop-policy", "halt-early", "--stop-policy", "stop-limits"],
            message: "--stop-policy is given 2 times, and a run has one stop policy: give it once "
                + "(a Lua file's stop_when joins --enable-stop-limits)"),
    ]

    /// Each pair is refused, exit 2, before anything runs, by every kind of invocation.
    @Test(arguments: cases)
    func aSecondStopPolicyIsRefused(run: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        for mode in [[], ["-r"], ["--validate-config"]] {
            let outcome = try await bench.prx(["-T", "tasks", "-C", "bash @TASK@"] + run.flags + mode)
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == "prx: error: \(run.message) (see 'prx --help')\n", "\(mode)")
            #expect(!FileManager.default.fileExists(atPath: bench.logs), "\(mode)")
        }
    }

    /// The stop limits named twice over, or a Lua file's `stop_when` with them (both apply), are one choice.
    @Test(arguments: [["--stop-policy", "stop-limits"], ["--stop-policy", "policy.lua"]])
    func theStopLimitsJoinThemselvesAndALuaPolicy(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("policy.lua", "return function() return nil end\n")
        let outcome = try await bench.prx(["-T", "tasks", "-C", "bash @TASK@", "-r", "--enable-stop-limits"] + flags)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Stop Limits: Enabled"), "\(outcome.stdout)")
    }
}
