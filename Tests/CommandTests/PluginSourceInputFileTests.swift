import Foundation
import PRXTesting
import Testing

/// A plugin source's own input file (`hosts`, of `prx-with-test-plugins`, reading the host list its setting `list`
/// names, which its registration declares with `inputFileSettings`) may be no result file, as the arguments file may
/// not: a `--json`, a `csv.path` or a recipe's sink naming it is refused with one line naming both, before anything
/// runs, where the sink emptied the host list and prx wrote its results over it.
@Suite(.runsProcesses) struct PluginSourceInputFileTests {
    @Test(arguments: [
        (["--source", "hosts", "--set", "hosts.list=hosts.txt", "--json", "hosts.txt"],
         "--json and hosts.list name the same file"),
        (["--source", "hosts", "--set", "hosts.list=./hosts.txt", "--set", "csv.path=hosts.txt"],
         "csv.path and hosts.list name the same file"),
        (["run", "recipe.lua", "--json", "hosts.txt"], "--json and hosts.list (recipe.lua:1) name the same file"),
    ])
    func aResultFileThatIsThePluginSourcesInputFileIsRefused(arguments: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = try bench.root.write("hosts.txt", "alpha\nbeta\n")
        try bench.root.write("recipe.lua", "prx.source(\"hosts\", { list = \"hosts.txt\" })\n")
        let outcome = try await bench.prxWithTestPlugins(arguments + ["-r"])
        #expect(outcome.status == 2, "\(outcome.stdout)")
        #expect(outcome.stderr == "prx: error: \(expected), \(hosts): prx would empty the file it reads (give the "
            + "results a file of their own)\n")
        #expect(try bench.root.read("hosts.txt") == "alpha\nbeta\n")
        #expect(bench.journals().isEmpty)
    }

    /// The same source with results of their own runs a task per host.
    @Test func thePluginSourceRunsWithResultsOfTheirOwn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "alpha\nbeta\n")
        let outcome = try await bench.prxWithTestPlugins(
            ["--source", "hosts", "--set", "hosts.list=hosts.txt", "--json", "out.json", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try bench.root.read("out.json").contains("alpha"))
        #expect(try bench.root.read("hosts.txt") == "alpha\nbeta\n")
    }
}
