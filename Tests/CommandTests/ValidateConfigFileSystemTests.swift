import Foundation
import PRXTesting
import Testing

/// `--validate-config` judges values, never the file system (README, "Configuration"): a file a run cannot write
/// passes it, and the run refuses it before any task starts, so that what it promises and what it does agree; it
/// makes and empties no file.
@Suite(.runsProcesses) struct ValidateConfigFileSystemTests {
    /// A configuration file's `plugins:` entries and flags a run refuses for the file system alone, and a part of the
    /// run's error.
    struct Case: Sendable, CustomTestStringConvertible {
        var plugins: String
        var flags: [String] = []
        var refusal: String
        var testDescription: String { refusal }
    }

    static let cases = [
        Case(plugins: "  csv:\n    path: missing/summary.csv\n", refusal: "No such file or directory (csv.path)"),
        Case(
            plugins: "  local:\n    feedback: true\n    feedback_dir: args.txt\n",
            refusal: "cannot create the feedback directory (local.feedback_dir)"),
        Case(plugins: "", flags: ["--json", "missing/run.jsonl"], refusal: "No such file or directory (--json)"),
        Case(
            plugins: "", flags: ["--log-dir", "args.txt/logs"],
            refusal: "cannot create the log directory (--log-dir)"),
    ]

    @Test(arguments: cases)
    func aFileARunCannotWritePassesValidation(file: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n\(file.plugins)")
        let flags = ["-A", "args.txt", "-C", "echo @ARG@"] + file.flags
        let validation = try await bench.prx(flags + ["--validate-config"])
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(validation.stdout.hasPrefix("✓ Configuration is valid\n"), "\(validation.stdout)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("missing")))
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("prx: error: ") && run.stderr.contains(file.refusal), "\(run.stderr)")
    }

    /// A result file there already is neither opened nor emptied.
    @Test func validationEmptiesNoResultFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("kept.jsonl", "kept\n")
        let validation = try await bench.prx(
            ["-A", "args.txt", "-C", "echo @ARG@", "--json", "kept.jsonl", "--validate-config"])
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(try String(contentsOfFile: bench.root.file("kept.jsonl"), encoding: .utf8) == "kept\n")
    }
}
