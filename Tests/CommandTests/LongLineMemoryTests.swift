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
        let (exitStatus, peak) = try await Self.statusAndPeak(of: ["-A", lines, "-r", "-m", "1"] + flags, on: bench)
        #expect(exitStatus == 1)
        #expect(peak < 80 * 1024, "peak RSS \(peak) KB")
        let summary = try #require(bench.logFiles(endingWith: "_summary.csv").first)
        let rows = try String(contentsOfFile: summary, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == before.split(separator: "\n").count + 12)
        for (row, letter) in zip(rows.suffix(12), letters) {
            #expect(row.contains(";\(status);"))
            #expect(row.contains(";\(letter);"), "a row is not whole")
        }
    }

    /// A task whose arguments line is 15 MiB (its command takes the first word) leaves prx's peak under 92 MB (80 MB
    /// in a debug build, where it was 105 MB; 72 MB in a release build, where it was 97 MB): each row longer than a
    /// result file's buffer is written from the row itself, where it was copied into the buffer first, and the
    /// task's journal line (twice the line) was in memory twice.
    ///
    /// glibc's mmap threshold is fixed (`MALLOC_MMAP_THRESHOLD_`), so that each block of megabytes goes back to the
    /// system when freed and the peak is what prx held at once: by default the threshold rises to the size of a
    /// freed block, later ones come from an arena that keeps them, and the peak varied with the threads' timing
    /// (105 to 151 MB in a debug build).
    @Test func aRowOfMegabytesIsNotCopiedIntoItsFilesBuffer() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let long = "hello " + String(repeating: "x", count: 15 << 20)
        let lines = try bench.root.write("lines.txt", long + "\n")
        let (status, peak) = try await Self.statusAndPeak(
            of: ["-A", lines, "-S", "space", "-C", "echo @ARG_1@", "-r"], on: bench,
            environment: ["MALLOC_MMAP_THRESHOLD_": "131072"])
        #expect(status == 0)
        #expect(peak < 92 * 1024, "peak RSS \(peak) KB")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let finished = try #require(journal.split(separator: "\n").first { $0.contains(#""event":"task_finished""#) })
        #expect(finished.contains(#""label":"\#(long)""#), "the journal's line is not whole")
        let summary = try #require(bench.logFiles(endingWith: "_summary.csv").first)
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains(";SUCCESS;"))
    }

    /// `prx.lines` of 48 lines of 1 MiB leaves prx's peak within 16 MB of `prx.each_line` gathering the same lines
    /// into a table: each line is in Lua's table once, and made from its own bytes as it is read. A line over 4096
    /// bytes was kept aside until its batch of elements was made, and the batch's bound counted only the bytes
    /// copied, so that the whole file was held in Swift too until the thousandth line (48 MB more; ab984f9).
    @Test func prxLinesOfLongLinesHoldsNoMoreThanEachLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let line = String(repeating: "x", count: 1 << 20) + "\n"
        _ = try bench.root.write("long.txt", String(repeating: line, count: 48))
        _ = try bench.root.write("lines.lua", "assert(#prx.lines(\"long.txt\") == 48)\n")
        _ = try bench.root.write(
            "each.lua", "local t = {}\nfor l in prx.each_line(\"long.txt\") do t[#t + 1] = l end\nassert(#t == 48)\n")
        let environment = ["MALLOC_MMAP_THRESHOLD_": "131072"]
        let (linesStatus, linesPeak) = try await Self.statusAndPeak(
            of: ["run", "lines.lua"], on: bench, environment: environment)
        let (eachStatus, eachPeak) = try await Self.statusAndPeak(
            of: ["run", "each.lua"], on: bench, environment: environment)
        #expect(linesStatus == 0 && eachStatus == 0)
        #expect(linesPeak < eachPeak + 16 * 1024, "prx.lines peak \(linesPeak) KB, prx.each_line \(eachPeak) KB")
    }

    /// prx's exit status and peak RSS in KB (`ru_maxrss`) running with `arguments` on `bench`, `environment` added.
    private static func statusAndPeak(
        of arguments: [String], on bench: Workbench, environment: [String: String] = [:]
    ) async throws -> (Int32, Int) {
        let peak = """
            import resource, subprocess, sys
            run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let outcome = try await PRXProcess.run(
            ["python3", "-c", peak, PRXProcess.executablePath] + arguments,
            executable: "/usr/bin/env", home: bench.home, environment: environment, directory: bench.root.path)
        let figures = outcome.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        try #require(figures.count == 2, "\(outcome.stdout) \(outcome.stderr)")
        return (Int32(figures[0]), figures[1])
    }
}
