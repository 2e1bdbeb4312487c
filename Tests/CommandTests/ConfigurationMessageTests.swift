import Foundation
import PRXTesting
import Testing

/// Messages of the configuration and of `--set` that said less than they should, or said one thing two ways.
@Suite(.runsProcesses) struct ConfigurationMessageTests {
    /// `--set local.termination_grace=0x1p-4` was taken (Swift reads hexadecimal), where Python's `float()` refuses
    /// it, and so was the same text in a file's `plugins:`, which PyYAML reads as text: both are now refused, a `--set`
    /// as any wrong value (exit 2), a file's as any wrong entry (a warning, the default kept, `--validate-config`
    /// failing). A plain `0x10` is YAML 1.1's sixteen, as PyYAML reads it, and so is taken; quoted, it is text.
    @Test(arguments: [("0x1p-4", "0x1p-4"), ("0x10", "\"0x10\"")])
    func aHexadecimalNumberIsRefusedFromSetAndFromAFile(text: String, inFile: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let refusal = "prx: error: --set local.termination_grace=\(text): setting local.termination_grace must be a "
            + "number (got '\(text)')\n"
        for mode in [[], ["-r"], ["--validate-config"]] {
            let outcome = try await bench.prx(
                ["-T", folder, "-C", "sh @TASK@", "--set", "local.termination_grace=\(text)"] + mode)
            #expect(outcome.status == 2, "\(mode): \(outcome.stderr)")
            #expect(outcome.stderr == refusal, "\(mode)")
        }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    termination_grace: \(inFile)\n")
        let checked = try await bench.prx(["--validate-config"])
        #expect(checked.status == 1, "\(checked.stdout)")
        let warning = "\(bench.home)/cfg/prx.yaml:3: plugins.local.termination_grace must be a number (got '\(text)'); "
            + "using 2 (default)"
        #expect(checked.stdout.contains("  - " + warning), "\(checked.stdout)")
        let run = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "prx: warning: \(warning)\n")
    }

    /// A `--set` naming no plugin prx has was refused by a run as naming no selected plugin (`no selected plugin is
    /// called 'nosuch' (selected: glob, local, …)`), and by `--validate-config` as an unknown plugin: both, a dry run
    /// and a recipe's run too, now say it is unknown, with the flag.
    @Test func anUnknownPluginOfSetIsRefusedInOneWording() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"a\" }\n")
        let refusal = "prx: error: --set nosuch.key=1: unknown plugin 'nosuch' (see 'prx plugins')\n"
        let flags = ["-T", folder, "-C", "sh @TASK@", "--set", "nosuch.key=1"]
        for (mode, outcome) in try await bench.prxInEveryMode(flags)
            + [(["--validate-config"], try await bench.prx(["--validate-config", "--set", "nosuch.key=1"]))]
            + [(["run"], try await bench.prx(["run", "recipe.lua", "-r", "--set", "nosuch.key=1"]))]
        {
            #expect(outcome.status == 2, "\(mode): \(outcome.stderr)")
            #expect(outcome.stderr == refusal, "\(mode)")
        }
    }

    /// A `--set` of a plugin prx has that the run does not choose (`--set stop-limits.…` without
    /// `--enable-stop-limits`) was refused without saying how to choose it, which a configuration file's settings of
    /// such a plugin are warned with: the refusal now says it, in flags mode as in a recipe's run, and so does that of
    /// a recipe's `prx.set` of such a plugin.
    @Test(arguments: [
        ("stop-limits.max_consecutive_failures=1", "choose stop-policy stop-limits with --enable-stop-limits",
         "choose stop-policy stop-limits with prx.config{ stop_limits = true } in the recipe"),
        ("json.path=out.jsonl", "choose sink json with --sink json",
         "choose sink json with prx.sink(\"json\", …) in the recipe"),
    ])
    func anUnchosenPluginOfSetIsRefusedSayingHowToChooseIt(
        setting: String, byFlags: String, inRecipe: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"a\" }\n")
        for mode in [[], ["-r"]] {
            let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "--set", setting] + mode)
            #expect(outcome.status == 2, "\(mode): \(outcome.stderr)")
            #expect(outcome.stderr == "prx: error: --set \(setting): no selected plugin is called "
                + "'\(setting.prefix { $0 != "." })' (\(byFlags); selected: glob, local, log, csv, output)\n")
        }
        let recipe = try await bench.prx(["run", "recipe.lua", "-r", "--set", setting])
        #expect(recipe.status == 2, "\(recipe.stderr)")
        #expect(recipe.stderr == "prx: error: --set \(setting): no selected plugin is called "
            + "'\(setting.prefix { $0 != "." })' (\(inRecipe); selected: csv, local, log, output)\n")
        // The recipe's own prx.set of it, refused in the same words.
        let (name, value) = (setting.prefix { $0 != "=" }, setting.drop { $0 != "=" }.dropFirst())
        try bench.root.write("set.lua", "prx.set(\"\(name)\", \"\(value)\")\nprx.task { \"true\", name = \"a\" }\n")
        let set = try await bench.prx(["run", "set.lua", "-r"])
        #expect(set.status == 2, "\(set.stderr)")
        #expect(set.stderr == "prx: error: set.lua:1: prx.set: no chosen plugin is called "
            + "'\(setting.prefix { $0 != "." })' (\(inRecipe); chosen: csv, local, log, output)\n")
    }

    /// A plugin's number setting refused text that a configuration key takes as Python's `int()` reads it, as
    /// parallelr converts it (`limits.max_output_capture: "1_000"`): `--set local.max_output_capture=1_000` was
    /// refused (`must be a whole number (got '1_000')`, exit 2), and so was a file's
    /// `plugins.local.max_output_capture: "1_000"` (a warning, `--validate-config` failing). Both are now taken, as the
    /// key is, and held to the key's cap as any value above it.
    @Test(arguments: ["1_000", " 1000", "1000 "])
    func aPluginNumberIsReadAsAConfigurationKeyIs(text: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = bench.root.file("script/prx.yaml")
        try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_output: 500\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let folder = try bench.tasks(1) { _ in "true\n" }
        let held = "local.max_output_capture 1000 is above limits.max_allowed_output 500 (script: \(script)); using 500"
        let run = try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "-r", "--set", "local.max_output_capture=\(text)"],
            environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "prx: warning: --set: \(held)\n")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    max_output_capture: \"\(text)\"\n")
        let checked = try await bench.prx(["--validate-config"], environment: environment)
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(checked.stderr == "prx: warning: \(bench.home)/cfg/prx.yaml:3: plugins.\(held)\n")
    }

    /// `--show-config` writes a setting's number, read as Python's `int()` reads it, as the number the run uses: a
    /// setting's `0_10` or ` 010` is ten, which written as it was given YAML 1.1 (PyYAML, and so parallelr) reads as
    /// octal eight.
    @Test(arguments: ["0_10", " 010", "０１０"])
    func showConfigWritesASettingsNumberAsTheRunReadsIt(text: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let shown = try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "--set", "local.max_output_capture=\(text)", "--show-config"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\n  max_output_capture: 10  # flag: --set"), "\(shown.stdout)")
    }

    /// A file's `plugins:` number given YAML's `.inf` was refused as no number (`must be a number (got '.inf')`),
    /// where `--set …=inf` is refused as out of range: the file's is now refused in the words of the `--set`'s.
    @Test func anInfiniteNumberInAFileIsOutOfRangeAsFromSet() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let set = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "--set", "local.termination_grace=inf"])
        #expect(set.status == 2)
        #expect(set.stderr == "prx: error: --set local.termination_grace=inf: setting local.termination_grace must be "
            + "from 0 to 1000000000 (got 'inf')\n")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    termination_grace: .inf\n")
        let checked = try await bench.prx(["--validate-config"])
        #expect(checked.status == 1, "\(checked.stdout)")
        #expect(checked.stdout.contains(
            "  - \(bench.home)/cfg/prx.yaml:3: plugins.local.termination_grace must be from 0 to 1000000000 "
                + "(got 'inf'); using 2 (default)\n"),
            "\(checked.stdout)")
    }
}
