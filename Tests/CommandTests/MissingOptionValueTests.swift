import Foundation
import PRXTesting
import Testing

/// An option given without its value is refused by the spelling typed, naming what stands where its value should,
/// as argparse refuses it (`expected one argument`). swift-argument-parser took the next word for the value of `-t`,
/// `-m` or `-s`, which take any (`-t -d`: `-t/--timeout takes a whole number (got '-d')`), and since prx gives it an
/// option given again only once, its last time, the word after the one that then went (`-t -d -C x -d`: `got '-C'`;
/// `prx run --json -d r.lua -d`: the recipe file, then `Missing expected argument '<recipe.lua>'`); `-m -r -m 4` ran
/// a dry run, its `-r` taken for `-m`'s value.
@Suite(.runsProcesses) struct MissingOptionValueTests {
    @Test(arguments: [
        (["-T", "t", "-t", "-d", "-C", "x", "-d"],
            "missing value for -t: the -d after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-t", "-d", "-t", "-d"],
            "missing value for -t: the -d after it is an option (see 'prx --help')"),
        (["-T", "t", "--timeout", "-d", "-C", "x", "-d"],
            "missing value for --timeout: the -d after it is an option (see 'prx --help')"),
        (["-T", "t", "--time", "-d", "-C", "x", "-d"],
            "missing value for --time: the -d after it is an option (see 'prx --help')"),
        (["-T=t", "-C=x", "--timeout=5", "-t", "-d", "-d"],
            "missing value for -t: the -d after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-rt", "-d", "-r"],
            "missing value for -t: the -d after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-t", "-r", "-m", "2", "-r"],
            "missing value for -t: the -r after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-m", "-r", "-m", "4"],
            "missing value for -m: the -r after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-s", "-r", "-k", "5"],
            "missing value for -s: the -r after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-t"], "missing value for -t: nothing follows it (see 'prx --help')"),
        (["-T", "t", "-C", "-d", "-m", "3", "-d"],
            "missing value for -C: the -d after it is an option (see 'prx --help')"),
        (["-C", "x", "-T", "-r", "-r"], "missing value for -T: the -r after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "--sou", "-d", "-d"],
            "missing value for --sou: the -d after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "--json", "-r", "-r"],
            "missing value for --json: the -r after it is an option (see 'prx --help')"),
        (["run", "r.lua", "--max", "-r", "-r"],
            "missing value for --max: the -r after it is an option (see 'prx run --help')"),
        (["run", "--json", "-d", "r.lua", "-d"],
            "missing value for --json: the -d after it is an option (see 'prx run --help')"),
        (["run", "r.lua", "--ma", "-d", "--dry-run", "-d"],
            "missing value for --ma: the -d after it is an option (see 'prx run --help')"),
        (["run", "r.lua", "-m", "--", "a"],
            "missing value for -m: the -- after it ends the options (see 'prx run --help')"),
        (["run", "r.lua", "--set", "-r"],
            "missing value for --set: the -r after it is an option (see 'prx run --help')"),
        (["run", "r.lua", "-rm"], "missing value for -m: nothing follows it (see 'prx run --help')"),
        // Each was refused by a mistake after the option, which its value would have come before: the word after
        // `--` (`unexpected argument 'echo'`), an option prx does not have, the recipe the option is before.
        (["-T", "t", "--Command", "--", "echo", "hi"],
            "missing value for --Command: the -- after it ends the options (see 'prx --help')"),
        (["--json", "--", "echo", "hi"],
            "missing value for --json: the -- after it ends the options (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-t", "--", "5"],
            "missing value for -t: the -- after it ends the options (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-m", "-x"], "missing value for -m: the -x after it is an option (see 'prx --help')"),
        (["-T", "t", "-C", "x", "-m", "--bogus"],
            "missing value for -m: the --bogus after it is an option (see 'prx --help')"),
        (["run", "--json"], "missing value for --json: nothing follows it (see 'prx run --help')"),
        (["run", "--json", "--", "a"],
            "missing value for --json: the -- after it ends the options (see 'prx run --help')"),
    ])
    func anOptionWithoutItsValueIsNamedAsTyped(arguments: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/a.sh", "true\n")
        try bench.root.write("r.lua", "prx.task { \"true\", name = \"a\" }\n")
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "prx: error: \(message)\n")
    }

    /// An option given again keeps being refused as given again, its value missing or not.
    @Test func anOptionGivenAgainIsRefusedAsGivenAgainFirst() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["run", "r.lua", "-m", "-d", "-m", "3", "-d"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr
            == "prx: error: -m/--max is given 2 times, and takes one value: give it once (see 'prx run --help')\n")
    }
}
