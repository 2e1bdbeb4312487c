import Foundation
import PRXTesting
import Testing

/// A file a run adds to (a resumption's `--json` file and `csv.path`, a `log.path` that every run adds to) that another
/// program left ending inside a line (cut with `truncate -s`) had the run's first line glued to that part of a line,
/// `{"type":"t{"type":"task",…}`, which no reader can take: the first result the resumption wrote was lost. That line
/// now starts a line of its own, and the part of a line stays as it was.
@Suite(.runsProcesses) struct ResultFileEndingInsideALineTests {
    @Test func aResumptionAddsWholeLinesAfterAFileCutInsideALine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\nfail\n")
        let first = try await bench.prx([
            "-A", "args.txt", "-C", "test @ARG@ != fail", "-r", "--json", "out.jsonl", "--set", "csv.path=rows.csv",
            "--set", "log.path=run.log",
        ])
        #expect(first.status == 1, "\(first.stderr)")
        let runID = try #require(bench.runIDs().first)
        for name in ["out.jsonl", "rows.csv", "run.log"] {
            let path = bench.root.file(name)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(truncate(path, off_t(size - 10)) == 0)
        }
        let resumed = try await bench.prx(["--resume-failed", runID])
        #expect(resumed.status == 1, "\(resumed.stderr)")

        // The first run's two tasks and its summary cut short, then the resumption's task and summary.
        let json = try String(contentsOfFile: bench.root.file("out.jsonl"), encoding: .utf8).split(separator: "\n")
        let whole = json.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }
        #expect(whole == [true, true, false, true, true], "\(json)")

        // The header, the first run's rows (the last cut short) and the resumption's row.
        let rows = try String(contentsOfFile: bench.root.file("rows.csv"), encoding: .utf8).split(separator: "\n")
        let fields = rows.map { $0.split(separator: ";", omittingEmptySubsequences: false).count }
        #expect(rows.count == 4 && fields.last == fields.first && rows.last?.contains(";FAILED;") == true, "\(rows)")

        let log = try String(contentsOfFile: bench.root.file("run.log"), encoding: .utf8).split(separator: "\n")
        let start = try Regex(#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - P\d+ - "#)
        let glued = log.filter { $0.matches(of: start).count > 1 }
        #expect(glued.isEmpty, "\(glued)")
    }
}
