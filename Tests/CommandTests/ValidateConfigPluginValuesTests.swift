import Foundation
import PRXTesting
import Testing

/// `--validate-config` judges the plugin values a run with the same command line would use: it refused a
/// configuration's value that a flag replaces in every run (`-S` for `args-file.separator`), passed a flag's value
/// every run refuses, and stopped at the first value a plugin refuses, leaving the others unsaid.
@Suite(.runsProcesses) struct ValidateConfigPluginValuesTests {
    /// The run's message for an unknown separator, naming what gave it.
    private static func unknownSeparator(_ name: String, givenBy origin: String) -> String {
        "unknown separator '\(name)' (\(origin)); use one of: space, whitespace, tab, comma, semicolon, pipe, colon"
    }

    /// A configuration's `args-file.separator` that `-S` replaces is not judged: the run with `-S` works, and
    /// `--validate-config` with it failed (exit 2, the separator named). Without `-S`, the value is still refused.
    @Test func aValueAFlagReplacesIsNotJudged() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a,b\n")
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  args-file:\n    separator: bogus\n")
        let flags = ["-A", "args.txt", "-S", "comma", "-C", "echo @ARG_2@"]
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 0, "\(run.stderr)")
        for replaced in [flags, ["-S", "comma"]] {
            let validation = try await bench.prx(["--validate-config"] + replaced)
            #expect(validation.status == 0, "\(replaced): \(validation.stdout) \(validation.stderr)")
            #expect(validation.stdout.hasPrefix("✓ Configuration is valid\n"), "\(validation.stdout)")
            #expect(validation.stderr.isEmpty, "\(validation.stderr)")
        }
        let refused = "✗ Configuration validation failed:\n"
            + "  - \(path):3: \(Self.unknownSeparator("bogus", givenBy: "args-file.separator"))\n"
        for kept in [[], ["-A", "args.txt", "-C", "echo @ARG@"]] {
            let validation = try await bench.prx(["--validate-config"] + kept)
            #expect(validation.status == 1, "\(kept): \(validation.stderr)")
            #expect(validation.stdout == refused, "\(kept)")
        }
    }

    /// Under `ptasker`, a configuration's `command` that the tasker command replaces, and beside `-A` an `env` that
    /// `HOSTNAME` replaces, are not judged, as a `-C` and a `-E` replace them: the runs take them, and
    /// `--validate-config` with the same flags refused them (exit 1, each named). Without `-A`, `env` is judged.
    @Test func underPtaskerTheTaskerCommandReplacesTheConfigurations() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("hosts.txt", "alpha\n")
        let configuration = try bench.root.write("home/cfg/ptasker.yaml", """
            plugins:
              glob:
                command: "tasker 'unclosed"
              args-file:
                command: "tasker 'unclosed"
                env: "1BAD"
            """)
        func ptasker(_ arguments: [String]) async throws -> PRXProcess.Outcome {
            try await PRXProcess.run(
                arguments, executable: link, home: bench.home, environment: ["PATH": path], directory: bench.root.path)
        }
        for flags in [["-T", "tasks"], ["-T", "tasks/task1.sh", "-A", "hosts.txt"]] {
            let run = try await ptasker(flags + ["-r"])
            #expect(run.status == 0, "\(flags): \(run.stderr)")
            let validation = try await ptasker(["--validate-config"] + flags)
            #expect(validation.status == 0, "\(flags): \(validation.stdout) \(validation.stderr)")
            #expect(validation.stdout.hasPrefix("✓ Configuration is valid\n"), "\(flags): \(validation.stdout)")
        }
        let unchosen = try await ptasker(["--validate-config"])
        #expect(unchosen.status == 1, "\(unchosen.stderr)")
        #expect(unchosen.stdout == """
            ✗ Configuration validation failed:
              - \(configuration):6: invalid environment variable name '1BAD': a name starts with a letter or \
            underscore and holds only letters, digits and underscores (args-file.env)

            """)
    }

    /// A flag's value that every run refuses is refused with the run's line, exit 2: `-S bogus` passed.
    @Test func aFlagsValueARunRefusesIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a b\n")
        let flags = ["-A", "args.txt", "-S", "bogus", "-C", "echo @ARG@"]
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 2)
        #expect(run.stderr == "prx: error: \(Self.unknownSeparator("bogus", givenBy: "-S"))\n")
        let validation = try await bench.prx(["--validate-config"] + flags)
        #expect(validation.status == 2, "\(validation.stdout)")
        #expect(validation.stdout.isEmpty, "\(validation.stdout)")
        #expect(validation.stderr == run.stderr)
    }

    /// Values of parallelr's flags that every run taking them refuses at its start, each with the flags of such a
    /// run and the run's message.
    static let flagValuesEveryRunRefuses: [([String], [String], String)] = [
        (["-S", "bogus"], ["-A", "args.txt", "-C", "echo @ARG@"], unknownSeparator("bogus", givenBy: "-S")),
        (["-E", "1BAD"], ["-A", "args.txt", "-C", "echo @ARG@"],
            "invalid environment variable name '1BAD': a name starts with a letter or underscore and holds only "
                + "letters, digits and underscores (-E)"),
        (["--file-extension", "."], ["-T", "tasks", "-C", "bash @TASK@"],
            "--file-extension '.' names no extension, so no task file would match: write them as txt,log"),
        (["-C", "echo 'unclosed"], ["-A", "args.txt"],
            "command template cannot be split: no closing quotation for ' at character 6 (-C)"),
    ]

    /// A flag's value that every run taking the flag refuses is refused with the run's line, exit 2, whatever
    /// chooses the source: without `-A` or `-T` (`--validate-config -S bogus`), or beside a source that does not
    /// use it (`-T tasks -S bogus`), it said "✓ Configuration is valid", exit 0. A run beside such a source refuses
    /// it alike: `-T tasks -S bogus -r` warned that `-S` was not used and ran, exit 0, and so did `-A` with
    /// `--file-extension .`.
    @Test(arguments: flagValuesEveryRunRefuses)
    func aFlagsValueEveryRunRefusesIsRefusedWhateverChoosesTheSource(
        value: [String], runFlags: [String], message: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("args.txt", "a b\n")
        let run = try await bench.prx(runFlags + value + ["-r"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("prx: error: \(message)"), "\(run.stderr)")
        let givesCommand = value.first == "-C"
        for sourceFlags in [["-T", "tasks"] + (givesCommand ? [] : ["-C", "bash @TASK@"]),
                            ["-A", "args.txt"] + (givesCommand ? [] : ["-C", "echo @ARG@"])] {
            let other = try await bench.prx(sourceFlags + value + ["-r"])
            #expect(other.status == 2, "\(sourceFlags + value): \(other.stderr)")
            #expect(other.stderr == "prx: error: \(message)\n", "\(sourceFlags + value)")
        }
        #expect(bench.logFiles(endingWith: "_summary.csv").isEmpty, "no run ran")
        for sourceFlags in [[], ["-C", "true"], ["-T", "tasks"], ["-A", "args.txt"]] {
            let validation = try await bench.prx(["--validate-config"] + sourceFlags + value)
            #expect(validation.status == 2, "\(sourceFlags + value): \(validation.stdout)")
            #expect(validation.stdout.isEmpty, "\(sourceFlags + value): \(validation.stdout)")
            #expect(validation.stderr == "prx: error: \(message)\n", "\(sourceFlags + value)")
        }
    }

    /// With the command line choosing the source, a plugin the run does not make is not judged: a `glob.ext` of `.`
    /// beside `-A`, which the run takes, failed `--validate-config`; with `-T`, whose run uses it, it fails.
    @Test func aPluginTheRunDoesNotMakeIsNotJudged() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("args.txt", "a\n")
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  glob:\n    ext: \".\"\n")
        let withArguments = ["-A", "args.txt", "-C", "echo @ARG@"]
        let run = try await bench.prx(withArguments + ["-r"])
        #expect(run.status == 0, "\(run.stderr)")
        let validation = try await bench.prx(["--validate-config"] + withArguments)
        #expect(validation.status == 0, "\(validation.stdout) \(validation.stderr)")
        let withTasks = try await bench.prx(["--validate-config", "-T", "tasks", "-C", "bash @TASK@"])
        #expect(withTasks.status == 1, "\(withTasks.stderr)")
        #expect(withTasks.stdout == """
            ✗ Configuration validation failed:
              - \(path):3: glob.ext '.' names no extension, so no task file would match: write them as txt,log

            """)
    }

    /// Every bad value of one plugin is a line of the report, exit 1: values of the wrong type (a list where text is
    /// wanted) beside values the plugin refuses (an unknown separator, an empty environment variable name), where
    /// `--validate-config` warned of the first, then stopped at the first value refused, exit 2.
    @Test func everyBadValueOfAPluginIsALineOfItsOwn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write(
            "home/cfg/prx.yaml",
            "plugins:\n  args-file:\n    file: [a, b]\n    separator: bogus\n    env: \"A,,B\"\n    template: [c]\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1, "\(validation.stderr)")
        #expect(validation.stderr.isEmpty, "\(validation.stderr)")
        #expect(validation.stdout == """
            ✗ Configuration validation failed:
              - \(path):3: plugins.args-file.file must be a single value, not a list; it stays unset
              - \(path):6: plugins.args-file.template must be a single value, not a list; it stays unset
              - \(path):4: \(Self.unknownSeparator("bogus", givenBy: "args-file.separator"))
              - \(path):5: environment variable list 'A,,B' has an empty entry; write the names as NAME1,NAME2 \
            (args-file.env)

            """)
    }
}
