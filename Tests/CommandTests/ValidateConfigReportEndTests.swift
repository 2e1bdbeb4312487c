import Foundation
import PRXTesting
import Testing

/// `--validate-config` prints its report and nothing after it: the `✗` line of a file that cannot be used, the `✓`
/// report and the `✗` list of entries prx could not take each end with their last line. The first two were printed
/// with a blank line after them (the report's line feed, then `print`'s own).
@Suite(.runsProcesses) struct ValidateConfigReportEndTests {
    /// The user configuration file each case writes (none for a valid configuration), the exit status, the start of
    /// the report and its number of lines.
    static let cases: [(file: String?, status: Int32, start: String, lines: Int)] = [
        ("limits:\n  max_workers: 5\n  oops: a: b\n", 1, "✗ Configuration is invalid: ", 1),
        (nil, 0, "✓ Configuration is valid\n", 8),
        ("limits:\n  max_workers: abc\n", 1, "✗ Configuration validation failed:\n  - ", 2),
    ]

    @Test(arguments: cases.indices)
    func theReportEndsWithItsLastLine(case index: Int) async throws {
        let (file, status, start, lines) = Self.cases[index]
        let bench = try Workbench()
        defer { bench.root.remove() }
        if let file { try bench.root.write("home/cfg/prx.yaml", file) }
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == status, "\(validation.stderr)")
        #expect(validation.stdout.hasPrefix(start), "\(validation.stdout)")
        #expect(validation.stdout.hasSuffix("\n"), "\(validation.stdout)")
        #expect(!validation.stdout.contains("\n\n"), "\(validation.stdout)")
        #expect(validation.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == lines + 1)
    }
}
