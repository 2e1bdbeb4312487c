import Foundation
import PRXTesting
import Testing

/// The warnings of an arguments file whose fields a run does not use, or names no variable for.
@Suite(.runsProcesses) struct UnusedArgumentsWarningTests {
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
