import Foundation
import PRXPlugins
import PRXTesting
import Testing

@testable import PRXCommand

/// `--feedback` and `--heartbeat-timeout` give the executor settings; with `--executor NAME` whose executor has none
/// such, the run and `--validate-config` said `unknown setting 'feedback' for executor 'NAME' (valid: …)`, naming a
/// setting the user never wrote rather than the flag. No built-in executor lacks them, so these run in process, with
/// a registry holding one that does.
@Suite struct ExecutorFlagsTests {
    /// The built-ins and `remote`, an executor whose one setting is `host`.
    static let registry: PluginRegistry = {
        var registry = PluginRegistry.builtin
        let descriptor = PluginDescriptor(
            kind: .executor, name: "remote", summary: "runs tasks elsewhere",
            settings: [PluginSetting("host", .string, help: "where")])
        registry.register(executor: descriptor) { _, _ in ScriptedExecutor() }
        return registry
    }()

    @Test(arguments: [
        (["--feedback"], "--feedback is not taken with --executor remote, which has no setting 'feedback' "
            + "(its settings: host)"),
        (["--heartbeat-timeout", "5"], "--heartbeat-timeout is not taken with --executor remote, which has no "
            + "setting 'heartbeat_timeout' (its settings: host)"),
        (["--heartbeat-timeout", "5", "--feedback"], "--feedback is not taken with --executor remote, which has no "
            + "setting 'feedback' (its settings: host)"),
    ])
    func aFlagGivingTheExecutorASettingItLacksIsNamed(flags: [String], message: String) throws {
        let arguments = ["-T", "tasks", "-C", "true", "--executor", "remote"] + flags
        let options = try #require(try PRX.parseAsRoot(arguments) as? PRX)
        // A run's refusal.
        #expect(Self.failure { try RunPlan.refuseExecutorFlags(of: options, by: Self.registry) } == message)
        // --validate-config's.
        var loaded = try ConfigurationLoader.load(
            files: ConfigurationFiles(), plugins: Self.registry.descriptors, flags: FlagOverrides(options: options))
        #expect(Self.failure { try loaded.setCommandLineSettings(of: options, registry: Self.registry) } == message)
    }

    /// The message of what `body` throws; `nil` when it throws nothing.
    static func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? CommandFailure)?.message ?? "\(error)"
        }
    }

    /// `--heartbeat-timeout` is refused naming `heartbeat_timeout`, the setting it gives, not `feedback`, which it
    /// turns on too, by the real command with an executor of a plugin's (`prx-with-test-plugins`' `queued-local`).
    @Test(.runsProcesses, arguments: [[], ["-r"], ["--validate-config"]])
    func theHeartbeatTimeoutIsRefusedNamingItsOwnSetting(mode: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prxWithTestPlugins(
            ["-T", folder, "-C", "bash @TASK@", "--executor", "queued-local", "--heartbeat-timeout", "5"] + mode)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix(
            "prx: error: --heartbeat-timeout is not taken with --executor queued-local, which has no setting "
                + "'heartbeat_timeout' (its settings: queue_seconds)"), "\(outcome.stderr)")
    }

    /// The local executor takes them.
    @Test func theLocalExecutorTakesThem() throws {
        let arguments = ["-T", "tasks", "-C", "true", "--feedback", "--heartbeat-timeout", "5"]
        let options = try #require(try PRX.parseAsRoot(arguments) as? PRX)
        try RunPlan.refuseExecutorFlags(of: options, by: Self.registry)
    }
}
