import Foundation
import PRXTesting
import Testing

/// Refusals of the command line that named the wrong mistake first, or let a mistake through `--validate-config`.
@Suite(.runsProcesses) struct CommandLineLeftoverRefusalsTests {
    /// An unknown source is refused before a flag that `--source` does not take beside it, in the run's words, by a
    /// run, a dry run and `--validate-config` alike: `-C x --source bogus` was refused for `-C`, naming the source
    /// `bogus` (or a blank one), and `--validate-config --source bogus` passed.
    @Test(arguments: [
        (["-C", "x", "--source", "bogus"], "bogus"), (["-C", "x", "--source", ""], ""),
        (["-T", "t", "--source", "bogus"], "bogus"), (["--source", "bogus"], "bogus"),
    ])
    func anUnknownSourceIsRefusedFirst(arguments: [String], name: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for (mode, outcome) in try await bench.prxInEveryMode(arguments) {
            #expect(outcome.status == 2, "\(mode)")
            #expect(
                outcome.stderr == "prx: error: unknown source '\(name)' (valid: args-file, dir, glob)\n", "\(mode)")
            #expect(outcome.stdout == "", "\(mode)")
        }
    }

    /// An empty `--hook` or `--parser`, which every run refuses, is refused by `--validate-config` as by a run; it
    /// printed "✓ Configuration is valid".
    @Test(arguments: [["--hook", ""], ["--parser", ""], ["--hook="], ["--parser="]])
    func anEmptyLuaFileIsRefusedByValidateConfig(flag: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let name = flag[0].hasPrefix("--hook") ? "--hook" : "--parser"
        for (mode, outcome) in try await bench.prxInEveryMode(["-A", "args", "-C", "echo @ARG@"] + flag) {
            #expect(outcome.status == 2, "\(mode)")
            #expect(outcome.stderr == "prx: error: \(name) must name a Lua file (see 'prx --help')\n", "\(mode)")
            #expect(outcome.stdout == "", "\(mode)")
        }
    }

    /// A long option with no name before its `=` is named as typed: it was "unknown option '--'".
    @Test(arguments: [
        (["--="], "unknown option '--=' (see 'prx --help')"),
        (["--=x"], "unknown option '--=x' (see 'prx --help')"),
        (["status", "--=x"], "unknown option '--=x' (see 'prx status --help')"),
        (["run", "r.lua", "--="], "unknown option '--=' (see 'prx run --help')"),
        (["history", "--=1"], "unknown option '--=1' (see 'prx history --help')"),
    ])
    func anOptionWithoutANameIsQuotedAsTyped(arguments: [String], message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(message)\n")
    }
}
