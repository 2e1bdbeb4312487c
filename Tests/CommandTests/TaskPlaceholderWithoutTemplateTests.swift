import Foundation
import PRXTesting
import Testing

/// `@TASK@` is the template file with `-A`: a command using it without one is refused before anything runs, with one
/// line naming what gave the command, whether `-C` or `--set args-file.command` gave it (the `--set` in front too). The
/// `--set` was taken, and
/// each line reported not runnable (`@TASK@ has no value: arguments-only mode has no template file (-T)`), a dry run
/// exiting 1 and a run 1 after running nothing, where `-C` was refused at once (exit 2). `--validate-config` reports
/// such a command the configuration file gives as a line of its `✗` report, at the command's line, unless a template
/// file is given (on the command line or in the file); it passed it.
@Suite(.runsProcesses) struct TaskPlaceholderWithoutTemplateTests {
    @Test(arguments: [
        (["-C", "echo @TASK@ @ARG@"], "-C/--Command"),
        (["--set", "args-file.command=echo @TASK@ @ARG@"],
            "--set args-file.command=echo @TASK@ @ARG@: args-file.command"),
    ], [[String](), ["-r"]])
    func aCommandUsingTheTemplateFileWithoutOneIsRefused(given: ([String], String), mode: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\nh2\n")
        let outcome = try await bench.prx(["-A", "args.txt"] + given.0 + mode)
        #expect(outcome.status == 2, "\(outcome.stdout)")
        #expect(outcome.stderr.hasPrefix("prx: error: \(given.1) uses @TASK@, which with -A/--arguments-file is the "
            + "template file: give it with -T"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        #expect(bench.journals().isEmpty)
    }

    /// With the template file the same `--set` runs each line.
    @Test func theSameCommandWithATemplateFileRuns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        let template = try bench.root.write("template.sh", "true\n")
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-T", "template.sh", "--set", "args-file.command=echo @TASK@ @ARG@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("echo \(template) h1\n"), "\(outcome.stdout)")
    }

    /// The configuration file's `plugins: args-file: command:` using `@TASK@` is a `✗` line at its line, exit 1, with
    /// `-A` and no template file, named after the flags as a run names it, or, when the file gives the arguments file
    /// too, after the source's settings and their lines; without an arguments file, or with a template file given by
    /// -T, a `--set` or the file itself, the configuration is valid. The report names the values as a run does.
    @Test func validateConfigReportsTheConfigurationsCommandWithoutATemplateFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        try bench.root.write("template.sh", "true\n")
        let command = "plugins:\n  args-file:\n    command: echo @TASK@ @ARG@\n"
        let path = try bench.root.write("home/cfg/prx.yaml", command)
        func expectRefused(_ flags: [String], _ line: String) async throws {
            let validation = try await bench.prx(["--validate-config"] + flags)
            #expect(validation.status == 1, "\(flags): \(validation.stderr)")
            #expect(
                validation.stdout == "✗ Configuration validation failed:\n  - \(line)\n", "\(flags): \(validation.stdout)")
            #expect(validation.stderr.isEmpty, "\(flags): \(validation.stderr)")
        }
        func expectValid(_ flags: [String]) async throws {
            let validation = try await bench.prx(["--validate-config"] + flags)
            #expect(validation.status == 0, "\(flags): \(validation.stdout)\(validation.stderr)")
            #expect(validation.stdout.hasPrefix("✓ Configuration is valid\n"), "\(flags): \(validation.stdout)")
        }
        try await expectRefused(
            ["-A", "args.txt"],
            "\(path):3: args-file.command uses @TASK@, which with -A/--arguments-file is the template file: give it with -T")
        let run = try await bench.prx(["-A", "args.txt"])
        #expect(run.status == 2)
        #expect(run.stderr == "prx: error: \(path):3: args-file.command uses @TASK@, which with -A/--arguments-file is "
            + "the template file: give it with -T\n")
        for flags in [[], ["-A", "args.txt", "-T", "template.sh"], ["-A", "args.txt", "--set", "args-file.template=template.sh"]] {
            try await expectValid(flags)
        }
        try bench.root.write("home/cfg/prx.yaml", command + "    file: args.txt\n")
        try await expectRefused(
            [], "\(path):4: args-file.command at \(path):3 uses @TASK@, which with args-file.file is the template "
                + "file: give it with args-file.template")
        let sourceRun = try await bench.prx(["--source", "args-file"])
        #expect(sourceRun.stderr == "prx: error: \(path):4: args-file.command at \(path):3 uses @TASK@, which with "
            + "args-file.file is the template file: give it with args-file.template\n")
        try await expectValid(["--set", "args-file.template=template.sh"])
        try bench.root.write("home/cfg/prx.yaml", command + "    file: args.txt\n    template: template.sh\n")
        try await expectValid([])
    }

    /// A template file given otherwise than with `-T`, by `--set args-file.template` or the configuration file's
    /// `plugins: args-file: template:`, is the one `-C`'s `@TASK@` names, as it is `--set args-file.command`'s: `-C`
    /// was refused, `give it with -T`, before the configuration was read.
    @Test(arguments: [true, false], [[String](), ["-r"]])
    func theCommandOfDashCWithATemplateFileGivenOtherwiseRuns(inConfigurationFile: Bool, mode: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "h1\n")
        let template = try bench.root.write("template.sh", "true\n")
        if inConfigurationFile {
            try bench.root.write("home/cfg/prx.yaml", "plugins:\n  args-file:\n    template: \(template)\n")
        }
        let given = inConfigurationFile ? [] : ["--set", "args-file.template=\(template)"]
        let outcome = try await bench.prx(["-A", "args.txt", "-C", "echo @TASK@ @ARG@"] + given + mode)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        if mode.isEmpty {
            #expect(outcome.stdout.hasPrefix("echo \(template) h1\n"), "\(outcome.stdout)")
        }
    }
}
