import Foundation
import PRXTesting
import Testing

/// `PRX_HOME`, prx's home, whose `cfg/` holds the user configuration in place of the home directory's places.
@Suite(.runsProcesses) struct UserConfigurationDirectoryTests {
    /// With `PRX_HOME` set, the files under `~` are not read, and the reports and the run's log say where the user
    /// configuration was looked for (`Not found in PRX_HOME …/cfg`), as prx and as ptasker: they said `Not found`
    /// alone, which read as though `~/parallelr/cfg/parallelr.yaml`, there and read without `PRX_HOME`, had been
    /// looked at too. A `parallelr.yaml` in `$PRX_HOME/cfg` is read as the fallback it is under `~`.
    @Test func prxHomeIsNamedWhereTheUserFileIsLookedFor() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let user = bench.root.file("user")
        let parallelrs = try bench.root.write("user/parallelr/cfg/parallelr.yaml", "limits:\n  max_workers: 7\n")
        let withoutPRXHome = try await bench.prx(["--validate-config"], environment: ["PRX_HOME": "", "HOME": user])
        #expect(withoutPRXHome.stdout.contains("✓ User config: \(parallelrs) (fallback from prx.yaml)\n"),
            "\(withoutPRXHome.stdout)")
        #expect(withoutPRXHome.stdout.contains("✓ Workers: 7 "))

        let notFound = "User config: Not found in PRX_HOME \(bench.home)/cfg (using defaults)"
        let validation = try await bench.prx(["--validate-config"], environment: ["HOME": user])
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(validation.stdout.contains("  \(notFound)\n"), "\(validation.stdout)")
        #expect(validation.stdout.contains("✓ Workers: 20 "))
        let shown = try await bench.prx(["--show-config"], environment: ["HOME": user])
        #expect(shown.stdout.contains("# \(notFound)\n"), "\(shown.stdout)")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"], environment: ["HOME": user])
        #expect(run.status == 0, "\(run.stderr)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains(notFound), "\(log)")
        let link = bench.root.file("ptasker")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        let ptasker = try await PRXProcess.run(
            ["--validate-config"], executable: link, home: bench.home, environment: ["HOME": user])
        #expect(ptasker.stdout.contains("  \(notFound)\n"), "\(ptasker.stdout)")

        let own = try bench.root.write("home/cfg/parallelr.yaml", "limits:\n  max_workers: 4\n")
        let fallback = try await bench.prx(["--validate-config"], environment: ["HOME": user])
        #expect(fallback.stdout.contains("✓ User config: \(own) (fallback from prx.yaml)\n"), "\(fallback.stdout)")
        #expect(fallback.stdout.contains("✓ Workers: 4 "))
    }
}
