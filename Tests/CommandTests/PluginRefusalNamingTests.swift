import Foundation
import PRXTesting
import Testing

/// A plugin's refusals, as `prx-with-test-plugins` shows them: the sink `ranged`, whose value check refuses `low`
/// above `high` (each value alone is fine), and the executor `refusing-executor`, whose factory refuses the run with
/// its `reason` (and `queue`). `--validate-config` stopped with one line, no file or line and no report, for values a
/// configuration file gave that the plugin refuses together; a dry run printed the commands of a run its sink's value
/// check refuses, exit 0; a factory's error for a plugin the configuration file or a recipe configured named neither
/// the file's line nor the recipe's; and what a plugin's factory threw was said without the plugin's name.
@Suite(.runsProcesses) struct PluginRefusalNamingTests {
    static let together = "sink 'ranged': low 5 is above high 3"

    /// Values the configuration file gives on lines 3 and 4 that the plugin refuses only together are a line of
    /// `--validate-config`'s report, at the plugin's `ranged:` line and naming each value's, exit 1; a dry run and a
    /// run refuse them with that line, exit 2, and print nothing. The error was named at the first value's line, as if
    /// that value alone were refused.
    @Test func valuesRefusedTogetherAreNamedAtTheirLines() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  ranged:\n    low: 5\n    high: 3\n")
        let line = "\(path):2: \(Self.together) (ranged.low at \(path):3, ranged.high at \(path):4)"
        for flags in [[], ["--sink", "ranged"]] {
            let validation = try await bench.prxWithTestPlugins(["--validate-config"] + flags)
            #expect(validation.status == 1, "\(flags): \(validation.stderr)")
            #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(line)\n", "\(flags)")
            #expect(validation.stderr.isEmpty, "\(flags): \(validation.stderr)")
        }
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prxWithTestPlugins(
                ["-T", "tasks", "-C", "sh @TASK@", "--sink", "ranged"] + mode)
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == "prx: error: \(line)\n", "\(mode)")
            #expect(outcome.stdout.isEmpty, "\(mode): \(outcome.stdout)")
        }
    }

    /// Values the configuration file and a `--set` give that the plugin refuses together are named at the plugin's
    /// line in the file, the file's value at its line and the other by its flag, in a run and in `--validate-config`'s
    /// report alike; a source's refusal naming a `--set`'s value first is named at the file's value it names. Both
    /// were said with no place in front (`prx: error: sink 'ranged': low 5 is above high 3`).
    @Test func valuesOfAFileAndAFlagRefusedTogetherAreNamedAtTheFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  ranged:\n    low: 5\n")
        let line = "\(path):2: \(Self.together) (ranged.low at \(path):3, ranged.high from --set)"
        let run = try await bench.prxWithTestPlugins(
            ["-T", "tasks", "-C", "sh @TASK@", "--sink", "ranged", "--set", "ranged.high=3", "-r"])
        #expect(run.status == 2)
        #expect(run.stderr == "prx: error: \(line)\n")
        let validation = try await bench.prxWithTestPlugins(["--validate-config", "--set", "ranged.high=3"])
        #expect(validation.status == 1, "\(validation.stderr)")
        #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(line)\n")

        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  dir:\n    ext: log\n")
        let source = try await bench.prx(
            ["--source", "dir", "--set", "dir.path=tasks", "--set", "dir.command=sh @TASK@"])
        #expect(source.status == 2)
        #expect(source.stderr
            == "prx: error: \(path):3: no task files with extension log found (dir.path from --set, dir.ext)\n")
    }

    /// A dry run refuses what its sink's value check refuses, as the run does: the same line, exit 2, no command
    /// printed; on the command line and in a recipe, whose dry run makes no sink.
    @Test(arguments: [
        (["-T", "tasks", "-C", "sh @TASK@", "--sink", "ranged", "--set", "ranged.low=5", "--set", "ranged.high=3"],
            together),
        (["run", "recipe.lua"], "recipe.lua:2: \(together)"),
    ])
    func aDryRunRefusesTheValuesARunRefuses(arguments: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\nprx.sink(\"ranged\", { low = 5, high = 3 })\n")
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prxWithTestPlugins(arguments + mode)
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(mode)")
            #expect(outcome.stdout.isEmpty, "\(mode): \(outcome.stdout)")
        }
    }

    /// A factory's error about no one value (the factory read two values given it, which the message does not tell
    /// apart) is named at the configuration file's line of the plugin, its `NAME:` under `plugins:` (it was named at
    /// its first setting's line), or at the recipe's line that chose the executor, and as the plugin's.
    @Test func aFactorysErrorIsNamedWhereThePluginWasConfiguredAndAsThePlugins() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let path = try bench.root.write(
            "home/cfg/prx.yaml", "plugins:\n  refusing-executor:\n    reason: no cluster\n    queue: gpu\n")
        let fromFile = try await bench.prxWithTestPlugins(
            ["-T", "tasks", "-C", "sh @TASK@", "--executor", "refusing-executor", "-r"])
        #expect(fromFile.status == 2)
        #expect(fromFile.stderr == "prx: error: \(path):2: executor 'refusing-executor': no cluster (queue gpu)\n")

        try FileManager.default.removeItem(atPath: path)
        try bench.root.write("recipe.lua", """
            prx.task { "true" }
            prx.config { executor = "refusing-executor" }
            prx.set("refusing-executor.reason", "no queue")
            prx.set("refusing-executor.queue", "gpu")
            """)
        let recipe = try await bench.prxWithTestPlugins(["run", "recipe.lua", "-r"])
        #expect(recipe.status == 2)
        #expect(recipe.stderr == "prx: error: recipe.lua:2: executor 'refusing-executor': no queue (queue gpu)\n")
    }

    /// What a plugin's factory throws is said as that plugin's, whatever gave its settings; `--set`s whose values it
    /// does not tell apart name no place, and a message naming the plugin already (`refusing: …`) is not named so
    /// twice.
    @Test func aFactorysErrorNamesThePlugin() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prxWithTestPlugins([
            "-T", "tasks", "-C", "sh @TASK@", "--executor", "refusing-executor",
            "--set", "refusing-executor.reason=no cluster", "--set", "refusing-executor.queue=gpu", "-r",
        ])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: executor 'refusing-executor': no cluster (queue gpu)\n")
    }
}
