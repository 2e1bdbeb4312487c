import Foundation
import PRXTesting
import Testing

/// `PRX_CONFIG_DIR`, the directory of the script configuration, which replaces the places beside the binary.
@Suite struct ScriptConfigurationDirectoryTests {
    /// A `PRX_CONFIG_DIR` that names no directory (the file itself, or nothing) is one line naming it, exit 2, for a
    /// run and the reports alike: it dropped the script configuration, caps and `security` with it, without a word
    /// ("✓ Configuration is valid … Script config: Not found", a run with the default workers).
    @Test(arguments: [("cfg/prx.yaml", "is not a directory"), ("nowhere", "cannot be used: No such file or directory")])
    func aConfigDirectoryThatIsNoDirectoryIsRefused(named: String, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("cfg/prx.yaml", "limits:\n  max_workers: 3\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let directory = bench.root.file(named)
        let expected = "prx: error: PRX_CONFIG_DIR \(directory) \(reason) (it names the directory that holds the "
            + "script configuration, prx.yaml)\n"
        for arguments in [["--validate-config"], ["--show-config"], ["-T", folder, "-C", "bash @TASK@", "-r"]] {
            let outcome = try await bench.prx(arguments, environment: ["PRX_CONFIG_DIR": directory])
            #expect(outcome.status == 2, "\(arguments): \(outcome.stdout)")
            #expect(outcome.stderr == expected, "\(arguments)")
            #expect(outcome.stdout.isEmpty, "\(arguments)")
        }
        #expect(bench.logFiles(endingWith: ".log").isEmpty)
    }

    /// A directory without the file is no script configuration, which the reports say of it by name; a trailing
    /// slash names its files without a second one (`cfg//prx.yaml`).
    @Test func aConfigDirectoryIsNamedWhereTheFileIsLookedFor() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try FileManager.default.createDirectory(atPath: bench.root.file("empty"), withIntermediateDirectories: true)
        let empty = try await bench.prx(
            ["--validate-config"], environment: ["PRX_CONFIG_DIR": bench.root.file("empty")])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains(
            "  Script config: Not found in PRX_CONFIG_DIR \(bench.root.file("empty")) (using defaults)\n"),
            "\(empty.stdout)")

        let script = try bench.root.write("cfg/prx.yaml", "limits:\n  max_workers: 3\n")
        let slashed = try await bench.prx(["--show-config"], environment: ["PRX_CONFIG_DIR": bench.root.file("cfg/")])
        #expect(slashed.stdout.hasPrefix("# Script config: \(script)\n"), "\(slashed.stdout)")
        #expect(slashed.stdout.contains("  max_workers: 3  # script: \(script)\n"))
    }
}
