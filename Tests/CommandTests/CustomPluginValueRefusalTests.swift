import Foundation
import PRXTesting
import Testing

/// A plugin a custom build registered without a value check, whose factory refuses a value it read, is refused in the
/// words a built-in's refusal has: named by the `--set` that gave the value in front (`--set notify.channel=nope:`), as
/// a built-in's is since 6c94c800, or by the line of the configuration file or recipe that gave it. Only a plugin that
/// registered a value check was: a custom one's refusal of a `--set` said no `--set` (`prx: error: sink 'notify': no
/// channel 'nope' (known: dev, ops)`), and a file's value was named at the plugin's `notify:` line, not its own.
@Suite(.runsProcesses) struct CustomPluginValueRefusalTests {
    /// `notify`'s refusal of the channel it looks up, however the value is given, with every value beside it given
    /// too (`every`, which the factory reads once it knows the channel): named where the channel came from, exit 2,
    /// nothing run.
    @Test func theValueAFactoryRefusesIsNamedWhereItCameFrom() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "touch ran\n" }
        let refusal = "sink 'notify': no channel 'nope' (known: dev, ops)"
        let flags = ["-T", "tasks", "-C", "sh @TASK@", "--sink", "notify", "-r"]

        let set = try await bench.prxWithTestPlugins(
            flags + ["--set", "notify.every=5", "--set", "notify.channel=nope"])
        #expect(set.status == 2)
        #expect(set.stderr == "prx: error: --set notify.channel=nope: \(refusal)\n")

        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  notify:\n    every: 5\n    channel: nope\n")
        let file = try await bench.prxWithTestPlugins(flags)
        #expect(file.status == 2)
        #expect(file.stderr == "prx: error: \(path):4: \(refusal)\n")
        try FileManager.default.removeItem(atPath: path)

        try bench.root.write("recipe.lua", """
            prx.task { "touch ran" }
            prx.sink("notify", { every = 5 })
            prx.set("notify.channel", "nope")
            """)
        let recipe = try await bench.prxWithTestPlugins(["run", "recipe.lua", "-r"])
        #expect(recipe.status == 2)
        #expect(recipe.stderr == "prx: error: recipe.lua:3: \(refusal)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("tasks/ran")))

        let known = try await bench.prxWithTestPlugins(flags + ["--set", "notify.channel=dev"])
        #expect(known.status == 0, "\(known.stderr)")
    }

    /// A source's factory refusing the file it was given cannot be read, and a sink's refusing with the one value it
    /// read: each named by its `--set`, as `--set args-file.file=…` is.
    @Test(arguments: [
        (["--source", "hosts", "--set", "hosts.list=missing.txt"],
            "--set hosts.list=missing.txt: cannot read host list missing.txt (hosts.list)"),
        (["-T", "tasks", "-C", "sh @TASK@", "--sink", "refusing", "--set", "refusing.reason=no room"],
            "--set refusing.reason=no room: refusing: no room"),
    ])
    func aFactorysRefusalOfTheOneValueItReadNamesItsSet(arguments: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prxWithTestPlugins(arguments + ["-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
    }
}
