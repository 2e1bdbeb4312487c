import Foundation
import PRXTesting
import Testing

/// A result file that another program cuts short during the run (`: > out.jsonl`, logrotate's `copytruncate`) lost
/// the rows it held, and the run did not notice: the next rows refilled the file's size behind a hole of NUL bytes,
/// which a JSON or CSV reader refuses, and prx exited 0. The sink writing it now fails, naming the file (a warning,
/// `Output Error`, exit status 1, the journal's `sink_errors`), and its later rows follow what the file holds. The main
/// log, which parallelr appends to, takes the cut as logrotate's `copytruncate` and follows it without a word.
@Suite(.runsProcesses) struct ResultFilesCutDuringTheRunTests {
    /// Each file, as a shell pattern under the workbench's root, and the text its row of the third task holds.
    @Test(arguments: [
        ("out.jsonl", "task3.sh\""),
        ("home/logs/parallelr_*_summary.csv", "task3.sh"),
        ("home/logs/parallelr_*_output.txt", "task3.sh"),
        ("home/history/*.jsonl", "task3.sh"),
    ])
    func aFileCutDuringTheRunFailsItsSink(pattern: String, laterRow: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await runCuttingTheSecondTask(pattern, in: bench)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let warnings = outcome.stderr.split(separator: "\n")
        #expect(warnings.count == 1, "\(outcome.stderr)")
        let warning = try #require(warnings.first)
        let prefix = "prx: warning: a sink failed: cannot keep the rows of "
        #expect(warning.hasPrefix(prefix), "\(warning)")
        let cut = try #require(warning.range(of: ": another program cut it from "), "\(warning)")
        let path = String(warning[warning.index(warning.startIndex, offsetBy: prefix.count)..<cut.lowerBound])
        let sizes = warning[cut.upperBound...]
        #expect(!sizes.prefix(while: \.isNumber).isEmpty && sizes.drop(while: \.isNumber)
            == " to 0 bytes during the run; those rows are lost, the later ones follow what it holds", "\(warning)")
        #expect(fnmatch(bench.root.path + "/" + pattern, path, 0) == 0, "\(warning)")
        #expect(outcome.stdout.contains("Output Error: cannot keep the rows of \(path): "), "\(outcome.stdout)")
        let content = try Data(contentsOf: URL(fileURLWithPath: String(path)))
        #expect(!content.contains(0), "a hole of NUL bytes in \(path)")
        #expect(!content.isEmpty && String(decoding: content, as: UTF8.self).contains(laterRow))
    }

    @Test func theMainLogFollowsACutAsARotation() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let pattern = "home/logs/parallelr_*[0-9].log"
        let outcome = try await runCuttingTheSecondTask(pattern, in: bench)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let logs = try FileManager.default.contentsOfDirectory(atPath: bench.root.file("home/logs"))
            .filter { fnmatch("parallelr_*[0-9].log", $0, 0) == 0 }
        let log = try Data(contentsOf: URL(fileURLWithPath: bench.root.file("home/logs/" + #require(logs.first))))
        let text = String(decoding: log, as: UTF8.self)
        #expect(!log.contains(0), "a hole of NUL bytes in the log")
        // What was written before the cut is gone, what came after it is there.
        #expect(text.contains("task3.sh") && !text.contains("Discovered 3 task files"), "\(text)")
    }

    /// Runs three task files one at a time, the second cutting the files `pattern` matches under the workbench's root
    /// once the first one's rows are written, before the third's.
    private func runCuttingTheSecondTask(_ pattern: String, in bench: Workbench) async throws -> PRXProcess.Outcome {
        let folder = try bench.tasks(3) { index in
            index == 2 ? "for file in \(bench.root.path)/\(pattern); do : > \"$file\"; done\n" : "true\n"
        }
        return try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "1", "--json", bench.root.file("out.jsonl")])
    }
}
