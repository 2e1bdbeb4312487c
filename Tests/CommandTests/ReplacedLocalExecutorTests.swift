import Foundation
import PRXTesting
import Testing

/// A plugin registered as `local` (docs/PLUGINS.md: registering a name that exists replaces that plugin) broke every
/// run: prx gave whatever was registered as `local` the settings that the configuration's parallelr keys
/// (`limits.max_output_capture`, `execution.use_process_groups`) stand for, their defaults included, and a plugin
/// that does not declare them refused them (`unknown setting 'use_process_groups' for executor 'local'`, exit 2).
/// `prx-with-test-plugins` registers a `local` that declares neither. The plugin is now given only the settings it
/// declares: the keys' defaults are dropped without a word, and a key a configuration file gives is warned of.
@Suite(.runsProcesses) struct ReplacedLocalExecutorTests {
    /// A run, a dry run and a recipe's run on the replacing `local` go as they would on the built-in.
    @Test(arguments: [["-T", "tasks", "-C", "bash @TASK@", "-r"], ["-T", "tasks", "-C", "bash @TASK@"],
                      ["run", "recipe.lua", "-r"]])
    func aLocalOfTheUsersOwnRunsWithoutTheKeysItDoesNotDeclare(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n")
        let outcome = try await bench.prxWithTestPlugins(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("warning"), "\(outcome.stderr)")
    }

    /// A configuration file's `limits.max_output_capture`, which the replacing `local` does not take, is warned of,
    /// at its line, and the run goes on.
    @Test(arguments: [["-T", "tasks", "-C", "bash @TASK@", "-r"], ["run", "recipe.lua", "-r"]])
    func aKeyAFileGivesThatTheReplacingLocalDoesNotTakeIsWarnedOf(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n")
        let configuration = bench.root.file("home/cfg/prx.yaml")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_output_capture: 50\n")
        let outcome = try await bench.prxWithTestPlugins(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warning = "prx: warning: \(configuration):2: limits.max_output_capture is not used: the executor local "
            + "has no setting 'max_output_capture'\n"
        #expect(outcome.stderr.components(separatedBy: warning).count - 1 == 1, "\(outcome.stderr)")
    }
}
