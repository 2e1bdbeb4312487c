import Foundation
import PRXTesting
import Testing

/// The directories the end-of-run summary and `--validate-config` name are absolute, without `.` or `..`, made as the
/// summary's `Main Log` path is made, as parallelr prints them: a relative `--log-dir` was printed as typed
/// (`- Log Dir: ./x/../logs`) above a `Main Log` from `/`, and a relative `PRX_HOME` with a `./` left in.
@Suite(.runsProcesses) struct ReportedDirectoriesTests {
    @Test func aRelativeLogDirectoryIsShownFromTheRoot() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        try FileManager.default.createDirectory(atPath: bench.root.file("x"), withIntermediateDirectories: true)
        let logDirectory = ["--log-dir", "./x/../logs"]
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"] + logDirectory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- Log Dir: \(bench.root.path)/logs\n"), "\(run.stdout)")
        #expect(run.stdout.contains("- Main Log: \(bench.root.path)/logs/parallelr_"), "\(run.stdout)")
        let validation = try await bench.prx(["--validate-config"] + logDirectory)
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(validation.stdout.contains("✓ Log dir: \(bench.root.path)/logs\n"), "\(validation.stdout)")
    }

    @Test func aRelativeHomesDirectoriesAreShownFromTheRoot() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let home = ["PRX_HOME": "./home"]
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: home)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- Working Dir: \(bench.home)/workspace\n"), "\(run.stdout)")
        #expect(run.stdout.contains("- Log Dir: \(bench.home)/logs\n"), "\(run.stdout)")
        let validation = try await bench.prx(["--validate-config"], environment: home)
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(validation.stdout.contains("✓ Working dir: \(bench.home)/workspace\n"), "\(validation.stdout)")
        #expect(validation.stdout.contains("✓ Log dir: \(bench.home)/logs\n"), "\(validation.stdout)")
    }
}
