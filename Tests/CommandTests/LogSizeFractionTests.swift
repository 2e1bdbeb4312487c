import Foundation
import PRXTesting
import Testing

/// `logging: max_log_size_mb`, parallelr's key, takes a decimal as `plugins: log: max_log_size_mb` and `--set
/// log.max_log_size_mb` do, and as parallelr's Python multiplies one through to its rotation size: it was refused
/// ("must be a whole number between 0 and 1048576"), so that the configuration `--show-config` wrote for `--set
/// log.max_log_size_mb=0.5` failed `--validate-config`.
@Suite(.runsProcesses) struct LogSizeFractionTests {
    /// What `--show-config` writes of `--set log.max_log_size_mb=VALUE` under `logging:` is taken from the user file,
    /// and shown again as it was written; a whole number is shown as parallelr writes its default, `10`.
    @Test(arguments: [("0.5", "0.5"), ("1e-05", "1.0e-05"), ("10.0", "10"), ("3", "3")])
    func theShownLogSizeIsTakenFromAFile(set: String, shown: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let flagged = try await bench.prx(["--show-config", "--set", "log.max_log_size_mb=\(set)"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        #expect(flagged.stdout.contains("  max_log_size_mb: \(shown)  # flag: "), "\(flagged.stdout)")
        let file = try bench.root.write("home/cfg/prx.yaml", "logging:\n  max_log_size_mb: \(shown)\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        #expect(validation.stderr.isEmpty, "\(validation.stderr)")
        let fromFile = try await bench.prx(["--show-config"])
        #expect(fromFile.stdout.contains("  max_log_size_mb: \(shown)  # user: \(file)"), "\(fromFile.stdout)")
    }

    /// The default is shown as parallelr's configuration writes it, `10`, not `10.0`.
    @Test func theDefaultIsShownAsAWholeNumber() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let shown = try await bench.prx(["--show-config"])
        #expect(shown.stdout.contains("  max_log_size_mb: 10  # default\n"), "\(shown.stdout)")
    }

    /// A run rotates its main log at the decimal size `logging:` gives: 0.0005 MB, 524 bytes, a few lines.
    @Test func aRunRotatesAtTheDecimalSizeLoggingGives() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "logging:\n  max_log_size_mb: 0.0005\n  backup_count: 2\n")
        let arguments = try bench.root.write("args.txt", (1...20).map { "\($0)\n" }.joined())
        let run = try await bench.prx(["-A", arguments, "-C", "echo @ARG@", "-r", "--set", "log.path=run.log"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("run.log.1")))
    }
}
