import Foundation
import PRXTesting
import Testing

/// A run refusing a value that a configuration file's `plugins:` gave named the setting but not the file and line
/// (`prx: error: invalid environment variable name '1BAD': … (args-file.env)`), where `--validate-config` names both
/// (`prx.yaml:3: …`): the run's one-line error now names them too, while a value a flag or a `--set` gave names that
/// flag or setting, and the `--set` in front.
@Suite(.runsProcesses) struct ConfigurationValueRefusalTests {
    /// A refused `plugins:` entry, on line 3 of the user's configuration file: the entry, the flags of a run that uses
    /// it, and the run's message after `PATH:3: `.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var plugin: String
        var entry: String
        var flags: [String]
        var message: String
        var testDescription: String { "\(plugin).\(entry)" }
    }

    static let refusals = [
        Refusal(
            plugin: "args-file", entry: #"env: "1BAD""#, flags: ["-A", "args.txt", "-C", "echo @ARG@"],
            message: "invalid environment variable name '1BAD': a name starts with a letter or underscore and holds "
                + "only letters, digits and underscores (args-file.env)"),
        Refusal(
            plugin: "args-file", entry: #"env: "PRX_ORPHAN_GUARD""#, flags: ["-A", "args.txt", "-C", "echo @ARG@"],
            message: "environment variable name 'PRX_ORPHAN_GUARD' is reserved: prx sets it in its tasks' "
                + "environment itself (args-file.env)"),
        Refusal(
            plugin: "args-file", entry: "separator: bogus", flags: ["-A", "args.txt", "-C", "echo @ARG@"],
            message: "unknown separator 'bogus' (args-file.separator); use one of: space, whitespace, tab, comma, "
                + "semicolon, pipe, colon"),
        Refusal(
            plugin: "glob", entry: #"ext: ".""#, flags: ["-T", "tasks", "-C", "sh @TASK@"],
            message: "glob.ext '.' names no extension, so no task file would match: write them as txt,log"),
    ]

    /// Writes the arguments file, a task file and the user's configuration file giving `refusal`'s entry on line 3;
    /// returns the configuration file's path.
    private static func prepare(_ bench: Workbench, _ refusal: Refusal) throws -> String {
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("tasks/a.sh", "true\n")
        return try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(refusal.plugin):\n    \(refusal.entry)\n")
    }

    /// Each value is refused with the file and line, in a dry run and a run alike, exit 2, nothing run or logged:
    /// the message `--validate-config` gives it.
    @Test(arguments: refusals)
    func aRunNamesTheFileAndLineOfARefusedValue(refusal: Refusal) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try Self.prepare(bench, refusal)
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(refusal.flags + run)
            #expect(outcome.status == 2, "\(run)")
            #expect(outcome.stderr == "prx: error: \(path):3: \(refusal.message)\n", "\(run): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(run): \(outcome.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
        let validation = try await bench.prx(["--validate-config"] + refusal.flags)
        #expect(validation.status == 1)
        #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(path):3: \(refusal.message)\n")
    }

    /// A recipe's source that takes the value from the file is refused at the file's line, not at the recipe's
    /// `prx.source` line, which did not give it (a sink's: ConfigurationFileOpeningFailureTests).
    @Test(arguments: refusals.filter { $0.plugin != "glob" })
    func aRecipeRunNamesTheFileAndLineOfARefusedValue(refusal: Refusal) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try Self.prepare(bench, refusal)
        let choice = #"prx.source("args-file", { file = "args.txt", command = "echo @ARG@" })"#
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n\(choice)\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(path):3: \(refusal.message)\n", "\(outcome.stderr)")
    }

    /// `--parser` makes the arguments file's source itself, from the `args-file` settings: a value the file gave it
    /// was refused naming the flag a run without the file would have given it (`(-E)`, `(-C)`), which the user never
    /// gave, and neither the setting nor the file and line.
    @Test(
        arguments: refusals.filter { $0.plugin == "args-file" && !$0.entry.hasPrefix("separator") } + [
            Refusal(
                plugin: "args-file", entry: #"command: "echo 'unclosed""#, flags: ["-A", "args.txt"],
                message: "command template cannot be split: no closing quotation for ' at character 6 "
                    + "(args-file.command)")
        ])
    func aRunWithAParserNamesTheFileAndLineOfARefusedValue(refusal: Refusal) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try Self.prepare(bench, refusal)
        try bench.root.write("parser.lua", "return function(line) return { line } end\n")
        for run in [[], ["-r"]] {
            let outcome = try await bench.prx(refusal.flags + ["--parser", "parser.lua"] + run)
            #expect(outcome.status == 2, "\(run)")
            #expect(outcome.stderr == "prx: error: \(path):3: \(refusal.message)\n", "\(run): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(run): \(outcome.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
    }

    /// A flag or a `--set` that gives the value in place of the file's names itself, not the file, whether the
    /// file's value is good or the same refused one: the flag after the message, the `--set` in front too.
    @Test(arguments: [#"env: "HOST""#, #"env: "1BAD""#])
    func aValueAFlagOrASetGivesNamesItAlone(entry: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  args-file:\n    \(entry)\n")
        let invalid = "invalid environment variable name '1BAD': a name starts with a letter or underscore and holds "
            + "only letters, digits and underscores"
        for (given, origin, place) in [
            (["-E", "1BAD"], "-E", ""),
            (["--set", "args-file.env=1BAD"], "args-file.env", "--set args-file.env=1BAD: "),
        ] {
            let outcome = try await bench.prx(["-A", "args.txt", "-C", "echo @ARG@"] + given)
            #expect(outcome.status == 2, "\(given)")
            #expect(outcome.stderr == "prx: error: \(place)\(invalid) (\(origin))\n", "\(given): \(outcome.stderr)")
        }
    }
}
