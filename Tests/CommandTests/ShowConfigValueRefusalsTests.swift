import Foundation
import PRXTesting
import Testing

/// `--show-config` refuses a value the command line gives that a run refuses by what it is, whatever the file system
/// holds, as the run refuses it: it checked plugin values only by type and bounds, and printed the configuration, exit
/// 0, for `-T tasks -C … --set glob.ext=.`, which every run refuses (`--set glob.ext=.: glob.ext '.' names no
/// extension, …`, exit 2).
@Suite(.runsProcesses) struct ShowConfigValueRefusalsTests {
    /// Command lines whose run refuses a value the command line gives that its plugin's value check refuses, each with
    /// the run's line: a `--set` (named by it in front), a flag, and the value check of a plugin a custom build
    /// registered (`ranged`, in `prx-with-test-plugins`).
    static let refusedCommandLines: [(flags: [String], withTestPlugins: Bool, message: String)] = [
        (["-T", "tasks", "-C", "sh @TASK@", "--set", "glob.ext=."], false,
            "--set glob.ext=.: glob.ext '.' names no extension, so no task file would match: write them as txt,log"),
        (["-A", "args.txt", "-C", "echo @ARG@", "-S", "bogus"], false,
            "unknown separator 'bogus' (-S); use one of: space, whitespace, tab, comma, semicolon, pipe, colon"),
        (["-A", "args.txt", "-C", "echo @ARG@", "--set", "args-file.env=A,1B"], false,
            "--set args-file.env=A,1B: invalid environment variable name '1B': a name starts with a letter or "
                + "underscore and holds only letters, digits and underscores (args-file.env)"),
        (["-T", "tasks", "-C", "sh @TASK@", "--sink", "ranged", "--set", "ranged.low=5", "--set", "ranged.high=3"],
            true, "sink 'ranged': low 5 is above high 3"),
    ]

    /// Each is refused by `--show-config` with the run's line on standard error, exit 2, nothing on standard output.
    @Test(arguments: refusedCommandLines)
    func aValueTheRunRefusesIsRefused(flags: [String], withTestPlugins: Bool, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("args.txt", "a\n")
        func prx(_ arguments: [String]) async throws -> PRXProcess.Outcome {
            withTestPlugins ? try await bench.prxWithTestPlugins(arguments) : try await bench.prx(arguments)
        }
        let run = try await prx(flags + ["-r"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr == "prx: error: \(message)\n")
        let shown = try await prx(flags + ["--show-config"])
        expectRefused(shown, asRefused: run)
        #expect(bench.logFiles(endingWith: "_summary.csv").isEmpty, "no run ran")
    }

    /// Without flags choosing the source, a `--set`'s value is refused as `--validate-config` refuses it, in the same
    /// line. What only a run making a plugin refuses is shown, as before: a configuration file's value, which
    /// `--validate-config` lists in its report, a `--set` of a plugin the flags do not choose, a missing command or
    /// setting.
    @Test func whatOnlyARunOfThePluginRefusesIsShown() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let set = ["--set", "glob.ext=."]
        let validation = try await bench.prx(set + ["--validate-config"])
        #expect(validation.status == 2, "\(validation.stdout)")
        let refused = try await bench.prx(set + ["--show-config"])
        expectRefused(refused, asRefused: validation)
        #expect(refused.stderr.hasPrefix("prx: error: --set glob.ext=.: glob.ext '.' names no extension"))

        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  glob:\n    ext: \".\"\n")
        let flags = ["-T", "tasks", "-C", "sh @TASK@"]
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("prx: error: \(path):3: glob.ext '.' names no extension"), "\(run.stderr)")
        for shownFlags in [[], flags, ["-T", "tasks", "--sink", "json", "--set", "args-file.separator=comma"]] {
            let shown = try await bench.prx(shownFlags + ["--show-config"])
            #expect(shown.status == 0, "\(shownFlags): \(shown.stderr)")
            #expect(shown.stdout.contains("    \"ext\": \".\"  # user: \(path)"), "\(shownFlags): \(shown.stdout)")
        }
    }
}
