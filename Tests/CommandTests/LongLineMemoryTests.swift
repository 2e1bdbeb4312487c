import Foundation
import PRXTesting
import Testing

/// Tasks reported without running whose lines are long keep prx's memory bounded: their rows were held in every
/// result file's buffer until the scheduler's next flush, every 1024 events, which a run of such tasks does not reach
/// for a long while (about 7.5 MB of memory for each line of 1 MiB).
@Suite(.runsProcesses) struct LongLineMemoryTests {
    /// Twelve lines of 1 MiB, each an ERROR before it runs (its argument is over the 1000-character limit) or
    /// cancelled by the halt that five short failing lines before them bring, leave prx's peak well under 80 MB
    /// (about 120 MB before), and every row is written whole.
    @Test(arguments: [
        ("", ["-C", "echo @ARG@"], "ERROR"),
        ("1\n2\n3\n4\n5\n", ["-C", "false @ARG@", "--enable-stop-limits"], "CANCELLED"),
    ])
    func longLinesReportedWithoutRunningAreNotHeldInMemory(
        before: String, flags: [String], status: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let letters = (0..<12).map { String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 1 << 20) }
        let lines = try bench.root.write("lines.txt", before + letters.map { $0 + "\n" }.joined())
        let peak = """
            import resource, subprocess, sys
            run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let outcome = try await PRXProcess.run(
            ["python3", "-c", peak, PRXProcess.executablePath, "-A", lines, "-r", "-m", "1"] + flags,
            executable: "/usr/bin/env", home: bench.home, directory: bench.root.path)
        let figures = outcome.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        try #require(figures.count == 2, "\(outcome.stdout) \(outcome.stderr)")
        #expect(figures[0] == 1)
        #expect(figures[1] < 80 * 1024, "peak RSS \(figures[1]) KB")
        let summary = try #require(bench.logFiles(endingWith: "_summary.csv").first)
        let rows = try String(contentsOfFile: summary, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == before.split(separator: "\n").count + 12)
        for (row, letter) in zip(rows.suffix(12), letters) {
            #expect(row.contains(";\(status);"))
            #expect(row.contains(";\(letter);"), "a row is not whole")
        }
    }
}
