import Foundation
import PRXTesting
import Testing

/// A file a configuration file's `plugins:` named that the run cannot open (an arguments file, a task path, a result
/// file) was refused naming the setting alone (`… No such file or directory (args-file.file)`), where a value the
/// run refuses for what it is names the file and line: it now names them too, as the failure is the file's.
@Suite(.runsProcesses) struct ConfigurationFileOpeningFailureTests {
    /// A `plugins:` entry on line 3 of the user's configuration file naming a file that is not there, the flags of a
    /// run that uses it, and the run's message after `PATH:3: `.
    struct Failure: Sendable, CustomTestStringConvertible {
        var plugin: String
        var entries: String
        var flags: [String]
        var message: String
        var testDescription: String { "\(plugin): \(message)" }
    }

    static let failures = [
        Failure(
            plugin: "args-file", entries: "file: missing.txt\n    command: echo @ARG@",
            flags: ["--source", "args-file"],
            message: "cannot open arguments file missing.txt: No such file or directory (args-file.file)"),
        Failure(
            plugin: "glob", entries: "patterns: missing\n    command: echo @TASK@", flags: ["--source", "glob"],
            message: "task path does not exist: missing (glob.patterns)"),
        Failure(
            plugin: "dir", entries: "path: tasks/a.sh\n    command: echo @TASK@", flags: ["--source", "dir"],
            message: "task path is not a directory: tasks/a.sh (dir.path)"),
        Failure(
            plugin: "csv", entries: "path: no/such/dir/summary.csv", flags: ["-T", "tasks", "-C", "sh @TASK@"],
            message: "cannot open no/such/dir/summary.csv: No such file or directory (csv.path)"),
    ]

    /// Each is one line naming the file and line, exit 2, nothing run.
    @Test(arguments: failures)
    func aRunNamesTheFileAndLineThatNamedAFileItCannotOpen(failure: Failure) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/a.sh", "touch ran\n")
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(failure.plugin):\n    \(failure.entries)\n")
        let outcome = try await bench.prx(failure.flags + ["-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(path):3: \(failure.message)\n", "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A recipe's `prx.sink` whose `path` the file gave is refused at the file's line, not at the recipe's, which
    /// gave no path; a `path` the recipe gives is refused at the recipe's line.
    @Test func aRecipeSinkWhosePathTheFileGaveNamesTheFilesLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  json:\n    path: no/dir/x.json\n")
        try bench.root.write("r.lua", "prx.task { \"true\", name = \"a\" }\nprx.sink(\"json\")\n")
        let outcome = try await bench.prx(["run", "r.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(path):3: cannot open no/dir/x.json: No such file or directory "
            + "(json.path)\n", "\(outcome.stderr)")
        try bench.root.write(
            "own.lua", "prx.task { \"true\", name = \"a\" }\nprx.sink(\"json\", { path = \"no/y\" })\n")
        let own = try await bench.prx(["run", "own.lua", "-r"])
        #expect(own.stderr
            == "prx: error: own.lua:2: cannot open \(bench.root.file("no/y")): No such file or directory\n",
            "\(own.stderr)")
    }

    /// A `dir.path` that cannot be looked at is said so, with the system's reason: it was "does not exist". The `--set`
    /// that gave it is named in front.
    @Test func aDirectoryPathThatCannotBeLookedAtSaysWhy() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("loop"), withDestinationPath: "loop")
        let outcome = try await bench.prx(
            ["--source", "dir", "--set", "dir.path=loop", "--set", "dir.command=true", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr
            == "prx: error: --set dir.path=loop: cannot read task path loop: Too many levels of symbolic links "
                + "(dir.path)\n")
    }

    /// The same file given by `--set` in place of the file's names the `--set` and the setting, not the file's line.
    @Test func aSetGivingTheFileNamesTheSetNotTheFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  args-file:\n    file: args.txt\n")
        let outcome = try await bench.prx(
            ["--source", "args-file", "--set", "args-file.file=missing.txt", "--set", "args-file.command=true", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: --set args-file.file=missing.txt: cannot open arguments file "
            + "missing.txt: No such file or directory (args-file.file)\n")
    }
}
