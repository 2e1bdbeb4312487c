import Foundation
import PRXTesting
import Testing

/// A run had one stop policy: `--stop-policy NAME --enable-stop-limits` was refused (`exclude each other`), and so was
/// a second `--stop-policy`, while the configuration's `stop_limits_enabled: true` beside a `--stop-policy NAME` was
/// dropped without a word. Now every policy given is asked, those of `--stop-policy` in the order given and the stop
/// limits after them, and the first to halt decides; only a policy given twice is refused. `halt-after` is a stop
/// policy of the tests' own build of prx (`Tests/PRXWithTestPlugins`), registered as a plugin's author registers one.
@Suite(.runsProcesses) struct StopPolicyFlagsTests {
    /// Writes eight tasks that fail into `bench` and returns the flags that run them one at a time, so that the result
    /// a policy halts after is known.
    static func failingTasks(in bench: Workbench) throws -> [String] {
        try bench.tasks(8) { _ in "exit 1\n" }
        return ["-T", "tasks", "-C", "bash @TASK@", "-r", "-m", "1"]
    }

    /// Expects the summary CSV of `bench` to hold `failed` failed tasks, the rest of the eight cancelled by the halt.
    static func expectHalted(in bench: Workbench, afterFailing failed: Int) async throws {
        let statuses = try await bench.summaryRecords().map { $0["status"] ?? "" }
        #expect(statuses.filter { $0 == "FAILED" }.count == failed, "\(statuses)")
        #expect(statuses.filter { $0 == "CANCELLED" }.count == 8 - failed, "\(statuses)")
    }

    /// `halt-after` beside the stop limits (3 failures in a row): whichever halts first, after a result or after a
    /// start, decides, and the summary says that the stop limits were on.
    @Test(arguments: [
        ("halt-after.results=2", 2, "halt-after: 2 results"),
        ("halt-after.results=5", 3, "3 consecutive failures (limit: 3)"),
        ("halt-after.starts=2", 2, "halt-after: 2 starts"),
    ])
    func aStopPolicyAndTheStopLimitsBothHalt(setting: String, failed: Int, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prxWithTestPlugins(
            try Self.failingTasks(in: bench) + [
                "--stop-policy", "halt-after", "--set", setting, "--enable-stop-limits",
                "--set", "stop-limits.max_consecutive_failures=3",
            ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Stop Limits: Enabled\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Halted: \(reason)\n"), "\(outcome.stdout)")
        try await Self.expectHalted(in: bench, afterFailing: failed)
    }

    /// Policies halting after the same result: the first given decides, the stop limits of `--enable-stop-limits`
    /// coming after every `--stop-policy` wherever the flag stands, and a Lua file's `stop_when` where its
    /// `--stop-policy` stands. The settings come from the configuration's `plugins:`.
    @Test(arguments: [
        (["--stop-policy", "halt-after", "--enable-stop-limits"], "halt-after: 3 results"),
        (["--enable-stop-limits", "--stop-policy", "halt-after"], "halt-after: 3 results"),
        (["--stop-policy", "stop-limits", "--stop-policy", "halt-after"], "3 consecutive failures (limit: 3)"),
        (["--stop-policy", "policy.lua", "--stop-policy", "halt-after"], "stop_when: three finished"),
        (["--stop-policy", "halt-after", "--stop-policy", "policy.lua", "--enable-stop-limits"],
         "halt-after: 3 results"),
    ])
    func theFirstPolicyGivenDecidesATie(flags: [String], reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml",
            "plugins:\n  halt-after:\n    results: 3\n  stop-limits:\n    max_consecutive_failures: 3\n")
        try bench.root.write(
            "policy.lua", "return function(s) if s.finished >= 3 then return \"three finished\" end end\n")
        let outcome = try await bench.prxWithTestPlugins(try Self.failingTasks(in: bench) + flags)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Halted: \(reason)\n"), "\(outcome.stdout)")
        try await Self.expectHalted(in: bench, afterFailing: 3)
    }

    /// The configuration's `stop_limits_enabled: true` beside `--stop-policy halt-after` keeps the stop limits, which
    /// `--stop-policy NAME` used to replace without a word.
    @Test func theConfigurationsStopLimitsStayBesideAStopPolicy() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml",
            "limits:\n  stop_limits_enabled: true\n  max_consecutive_failures: 3\nplugins:\n  halt-after:\n"
                + "    results: 6\n")
        let outcome = try await bench.prxWithTestPlugins(
            try Self.failingTasks(in: bench) + ["--stop-policy", "halt-after"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(
            outcome.stdout.contains("- Stop Limits: Enabled\n- Max Consecutive Failures: 3\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("- Halted: 3 consecutive failures (limit: 3)\n"), "\(outcome.stdout)")
        try await Self.expectHalted(in: bench, afterFailing: 3)
    }

    /// `--validate-config` judges the settings of every policy given, as the run has them.
    @Test(arguments: [
        ([], 0, ""),
        (["--set", "halt-after.results=-1"], 2,
         "prx: error: --set halt-after.results=-1: setting halt-after.results must be 0 or more (got '-1')\n"),
        (["--set", "stop-limits.max_failure_rate=2"], 2,
         "prx: error: --set stop-limits.max_failure_rate=2: setting stop-limits.max_failure_rate must be from 0 to 1 "
            + "(got '2')\n"),
    ])
    func theConfigurationCheckJudgesEveryPolicy(flags: [String], status: Int32, stderr: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prxWithTestPlugins(
            ["-T", "tasks", "-C", "bash @TASK@", "--stop-policy", "halt-after", "--enable-stop-limits",
             "--validate-config"] + flags)
        #expect(outcome.status == status, "\(outcome.stdout)")
        #expect(outcome.stderr == stderr)
    }

    /// prx's flags beside `-T tasks -C true`, and the one-line error they get.
    struct Case: Sendable, CustomTestStringConvertible {
        var flags: [String]
        var message: String
        var testDescription: String { flags.joined(separator: " ") }
    }

    static let cases = [
        Case(
            flags: ["--stop-policy", "halt-after", "--enable-stop-limits", "--stop-policy", "halt-after"],
            message: "--stop-policy halt-after is given twice, and a run asks each stop policy once: give it once"),
        Case(
            flags: ["--stop-policy", "stop-limits", "--stop-policy", "stop-limits"],
            message: "--stop-policy stop-limits is given twice, and a run asks each stop policy once: give it once"),
        Case(
            flags: ["--stop-policy", "policy.lua", "--stop-policy", "halt-after", "--stop-policy", "policy.lua"],
            message: "--stop-policy policy.lua is given twice, and a run asks each stop policy once: give it once"),
        Case(
            flags: ["--stop-policy", "policy.lua", "--stop-policy", "./policy.lua"],
            message: "--stop-policy ./policy.lua names the file of --stop-policy policy.lua again, and a run asks each "
                + "stop policy once: give it once"),
    ]

    /// One policy given twice is refused, exit 2, before anything runs, by every kind of invocation: the second
    /// would be the first again, with the same settings.
    @Test(arguments: cases)
    func aPolicyGivenTwiceIsRefused(run: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("policy.lua", "return function() return nil end\n")
        let arguments = ["-T", "tasks", "-C", "bash @TASK@"] + run.flags
        for (mode, outcome) in try await bench.prxInEveryMode(arguments, withTestPlugins: true) {
            #expect(outcome.status == 2, "\(mode)")
            // A build of prx's own names itself in the hint.
            #expect(outcome.stderr == "prx: error: \(run.message) (see 'prx-with-test-plugins --help')\n", "\(mode)")
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

/// A `--stop-policy` Lua file not named `.lua` — a process substitution (`/dev/fd/63`), `/dev/stdin`, `./policy` — was
/// taken for a registered policy's name: `prx: error: unknown stop-policy '/dev/fd/63' (valid: stop-limits)`, where
/// `--hook <(…)` and `--parser <(…)` were read. A value holding a `/` is a path, which no policy's name is.
@Suite(.runsProcesses) struct StopPolicyFilePathTests {
    @Test(arguments: ["<(cat policy)", "/dev/stdin < policy", "./policy"])
    func aPolicyFileIsTakenByItsPath(value: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(4) { _ in "exit 1\n" }
        try bench.root.write("policy", "return function(s) if s.finished >= 2 then return \"two finished\" end end\n")
        let run = try PRXProcess(
            ["-c", #"exec "$0" -T tasks -C "bash @TASK@" -r -m 1 --stop-policy "# + value, PRXProcess.executablePath],
            executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Halted: stop_when: two finished\n"), "\(outcome.stdout)")
        let statuses = try await bench.summaryRecords().map { $0["status"] ?? "" }
        #expect(statuses == ["FAILED", "FAILED", "CANCELLED", "CANCELLED"], "\(statuses)")
    }
}
