import Foundation
import PRXTesting
import Testing

/// prx's error and warning lines name files, paths and words a person gave, whose control characters went out raw:
/// a line break in a task file's name split the one-line error in two (the error line turned it into `; `), and an
/// escape sequence acted on the terminal. Every control character is now written as an escape (`\n`, `\x1b`) where
/// the line is written, as `prx history` and a dry run write them.
@Suite(.runsProcesses) struct ErrorLineEscapingTests {
    /// A name with a line break and an escape sequence (set the colour to red).
    static let name = "a\nb\u{1B}[31mc"
    /// ``name`` as prx's lines write it.
    static let escapedName = #"a\nb\x1b[31mc"#

    /// An error naming a task file found in a directory given to `-T`: the file is also the run's JSON file.
    @Test func anErrorNamingATaskFileIsOneLineWithEscapes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/" + Self.name, "echo hi\n")
        let outcome = try await bench.prx(["-T", "tasks", "-C", "cat @TASK@", "-r", "--json", "tasks/" + Self.name])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: --json and -T name the same file, \(bench.root.path)/tasks/"
            + "\(Self.escapedName): prx would empty the file it reads (give the results a file of their own)\n")
    }

    /// An error naming a `-T` value that is no path: the line break was written as `; `.
    @Test func anErrorNamingAFlagsValueIsOneLineWithEscapes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["-T", "no\nsuch\u{1B}c", "-C", "cat @TASK@"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == #"prx: error: task path does not exist: no\nsuch\x1bc (-T)"# + "\n")
    }

    /// A value a flag refuses, which its error quotes as given: its line break was written as `; `, the way prx joins
    /// the lines of swift-argument-parser's own messages, which refused it then.
    @Test(arguments: [["-m", "1\n2\u{1B}"], ["--max=1\n2\u{1B}"]])
    func aValueTheParserRefusesIsQuotedWithEscapes(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(arguments + ["-T", "tasks", "-C", "true"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix(#"prx: error: -m/--max takes a whole number (got '1\n2\x1b')"#),
            "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    /// A part of an argument that an error quotes alone, neither the argument nor the value after its `=`: a long
    /// option's name before the `=`, a short option in a group, a value attached to a short option. Its line break was
    /// written as `; `.
    @Test(arguments: [
        (["--bo\ngus=1"], #"prx: error: unknown option '--bo\ngus'"#),
        (["-r\n"], #"prx: error: unknown option '-\n'"#),
        (["-m1\n2\u{1B}"], #"prx: error: -m/--max takes a whole number (got '1\n2\x1b')"#),
    ])
    func aPartOfAnArgumentTheParserQuotesIsQuotedWithEscapes(arguments: [String], expected: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(arguments + ["-T", "tasks", "-C", "true"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    /// A missing Lua file named with a line break, the recipe or one a flag gives: Lua's message, made one line, had
    /// the line break as a space (`cannot open x y`), naming another file.
    @Test(arguments: [
        ["run", "x\ny.lua"], ["-A", "args.txt", "-C", "echo @ARG@", "--hook", "x\ny.lua"],
        ["-A", "args.txt", "-C", "echo @ARG@", "--parser", "x\ny.lua"],
        ["-A", "args.txt", "-C", "echo @ARG@", "--stop-policy", "x\ny.lua"],
    ])
    func aMissingLuaFileIsNamedWithEscapes(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == #"prx: error: cannot open x\ny.lua: No such file or directory"# + "\n")
    }

    /// A missing file a recipe reads, named with a line break: it was named with a space too.
    @Test func aMissingFileARecipeReadsIsNamedWithEscapes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"prx.lines("x\ny")"# + "\n")
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:1: prx.lines: cannot open \(bench.root.path)/"
            + #"x\ny: No such file or directory"# + "\n")
    }

    /// A warning naming an arguments file, on standard error and in the main log.
    @Test func aWarningNamingAFileIsOneLineWithEscapes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(Self.name, "1,2\n")
        let outcome = try await bench.prx(["-A", Self.name, "-S", "comma", "-E", "X", "-C", "echo @ARG@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warning = "\(Self.escapedName):1: 2 fields but 1 environment variable name (-E); fields after the "
            + "first set no variable"
        #expect(outcome.stderr == "prx: warning: \(warning)\n")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.contains { $0.contains(" - WARNING - ") && $0.hasSuffix(" - " + warning) }, "\(log)")
        #expect(!log.contains("\u{1B}"))
    }

    /// A configuration file's error names its path, which `PRX_CONFIG_DIR` gives: on the error line of a run, and
    /// on the line `--validate-config` prints.
    @Test func aConfigurationErrorNamingItsPathIsOneLineWithEscapes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(Self.name + "/parallelr.yaml", "limits: [\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file(Self.name)]
        let message = "\(bench.root.path)/\(Self.escapedName)/parallelr.yaml:2: "
            + "did not find expected node content while parsing a flow node"
        let run = try await bench.prx(["-T", "tasks", "-C", "cat @TASK@"], environment: environment)
        #expect(run.status == 2)
        #expect(run.stderr == "prx: error: \(message)\n")
        let validation = try await bench.prx(["--validate-config"], environment: environment)
        #expect(validation.status == 1)
        #expect(validation.stdout.hasPrefix("✗ Configuration is invalid: \(message)\n"), "\(validation.stdout)")
    }
}
