import Foundation
import PRXTesting
import Testing

/// `prx run`'s `--json`, `--sync` and `-d` beside a command line's `--set` of the setting each gives: the `--set`
/// replaced the flag without a word (`prx run r.lua -r --json a.jsonl --set json.path=b.jsonl` wrote only b.jsonl),
/// where flags mode refuses the pair. A recipe's run, and its dry run, refuse it alike, in flags mode's words, before
/// the recipe loads; a setting the flag gives beside its own (the `json.sync` of `--sync` with `--json`) is the
/// `--set`'s.
@Suite(.runsProcesses) struct RecipeFlagBesideSetTests {
    @Test(arguments: [
        (["--json", "a.jsonl", "--set", "json.path=b.jsonl"],
            "--json and --set json.path exclude each other: each gives the JSON file"),
        (["--sync", "--set", "csv.sync=false"],
            "--sync and --set csv.sync exclude each other: each gives whether the CSV summary is synced to the disk"),
        (["-d", "--set", "log.level=INFO"],
            "-d/--debug and --set log.level exclude each other: each gives the log level"),
    ])
    func aFlagBesideASetOfItsSettingIsRefused(_ flags: [String], _ message: String) async throws {
        for run in [["-r"], []] {
            let bench = try Workbench()
            defer { bench.root.remove() }
            try bench.root.write("recipe.lua", "prx.write(\"loaded\", \"\")\nprx.task { \"touch\", \"ran\" }\n")
            let outcome = try await bench.prx(["run", "recipe.lua"] + run + flags)
            #expect(outcome.status == 2, "\(run)")
            #expect(outcome.stderr == "prx: error: \(message) (see 'prx run --help')\n", "\(run)")
            #expect(outcome.stdout == "", "\(run)")
            for file in ["loaded", "ran", "a.jsonl", "b.jsonl"] {
                #expect(!FileManager.default.fileExists(atPath: bench.root.file(file)), "\(run): \(file)")
            }
        }
    }

    /// The `json.sync` that `--sync` gives the `--json` file beside the CSV summary's is not spelled out by the user:
    /// a `--set json.sync=false` is taken, and syncs the CSV summary alone.
    @Test func aSetOfASettingTheFlagGivesBesideItsOwnIsTaken() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"touch\", \"ran\" }\n")
        let outcome = try await bench.prx(
            ["run", "recipe.lua", "-r", "--sync", "--json", "a.jsonl", "--set", "json.sync=false"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(FileManager.default.fileExists(atPath: bench.root.file("a.jsonl")))
    }
}
