import Foundation
import PRXTesting
import Testing

/// The warnings of an arguments file whose fields a run does not use, or names no variable for.
@Suite(.runsProcesses) struct UnusedArgumentsWarningTests {
    /// With a template file (`-T`), as without one, a command with no `@ARG@`/`@ARG_N@` and no `-E` uses none of the
    /// lines: each runs the template the same way. Without a template prx warned so; with one it said nothing, and
    /// every line ran the same command. A command that uses a field, or `-E`, is not warned of.
    @Test(arguments: [
        (["-C", "bash @TASK@"], true), (["-C", "bash @TASK@ @ARG@"], false),
        (["-C", "bash @TASK@", "-E", "HOST"], false),
    ])
    func aTemplateRunThatUsesNoFieldIsWarnedOf(flags: [String], warned: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let template = try bench.root.write("template.sh", "echo hello\n")
        let hosts = try bench.root.write("hosts.txt", "alpha\nbeta\n")
        let outcome = try await bench.prx(["-T", template, "-A", hosts] + flags)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == (warned
            ? "prx: warning: the command (-C) has no @ARG@ or @ARG_N@ placeholder and -E names no variable: the "
                + "arguments lines are not used; each line runs the template file (-T) the same way\n"
            : ""))
        #expect(outcome.stdout.contains("bash \(template)"), "\(outcome.stdout)")
    }

    /// ptasker sets `HOSTNAME` from an arguments line's first field as if `-E HOSTNAME` were given; a line of more
    /// fields was warned of as `(-E)`, a flag the user never gave. It names ptasker's `HOSTNAME`; a `-E` given is
    /// named as itself.
    @Test(arguments: [([], "HOSTNAME, set by ptasker mode"), (["-E", "HOSTNAME"], "-E")])
    func ptaskersHostnameIsNamedAsPtaskers(flags: [String], origin: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        let template = try bench.root.write("template.txt", "job\n")
        let hosts = try bench.root.write("hosts.txt", "alpha 8080\n")
        let outcome = try await PRXProcess.run(
            ["-T", template, "-A", hosts, "-S", "space", "-p", "demo"] + flags, executable: link, home: bench.home,
            environment: ["PATH": path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: warning: \(hosts):1: 2 fields but 1 environment variable name (\(origin)); "
            + "fields after the first set no variable\n")
    }
}
