import Foundation
import PRXTesting
import Testing

/// Once a stop policy halts a run of `-A FILE --parser parse.lua`, the `--parser` is not called again: the lines
/// left are reported `CANCELLED` by their text, as after a line the parser refused, and `--resume-failed` runs them.
/// The parser was called for every line left, only for the line to be cancelled (a parser that writes a file or
/// prints did so for each).
@Suite(.runsProcesses) struct ParserAfterHaltTests {
    /// What halts the run.
    enum Halt: String, CaseIterable {
        /// `--enable-stop-limits`, at two failures in a row.
        case stopLimits
        /// A `--stop-policy` Lua file, at two failures.
        case luaStopPolicy
    }

    /// Writes `parse.lua` into `bench`, a `--parser` that appends each line it is called for to the file `calls`
    /// and skips the line `skip`, and `run.sh`, which fails for a line `L` while the file `fail.L` is there and
    /// otherwise touches `ran.L`; returns the command line of a run of `args.txt` on one worker halted by `halt`.
    private func writeRun(haltedBy halt: Halt, in bench: Workbench) throws -> [String] {
        try bench.root.write("parse.lua", """
            return function(line)
              local calls = io.open("calls")
              local before = calls and calls:read("a") or ""
              if calls then calls:close() end
              prx.write("calls", before .. line .. "\\n")
              if line == "skip" then return nil end
              return { line }
            end
            """)
        try bench.root.write("run.sh", "cd \"$(dirname \"$0\")\" && test ! -e fail.$1 && touch ran.$1\n")
        try bench.root.write("policy.lua", """
            return function(s) if s.failed >= 2 then return "two failed" end end
            """)
        let halting = switch halt {
        case .stopLimits: ["--enable-stop-limits", "--set", "stop-limits.max_consecutive_failures=2"]
        case .luaStopPolicy: ["--stop-policy", "policy.lua"]
        }
        return ["-A", "args.txt", "--parser", "parse.lua", "-C", "sh \(bench.root.file("run.sh")) @ARG@", "-m", "1"]
            + halting + ["-r"]
    }

    /// The lines the parser was called for, in order, since `calls` was last removed.
    private func calls(in bench: Workbench) -> [String] {
        let text = (try? String(contentsOfFile: bench.root.file("calls"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The `ran.` files in `bench`, sorted.
    private func ran(in bench: Workbench) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }.sorted()
    }

    /// Lines 1 and 2 fail, and the run halts: the parser was called for them alone, and the lines after them are
    /// `CANCELLED`, the one it would skip among them. `--resume-failed`, the failures mended, runs every line, and
    /// says nothing of the skipped one. The parser was called for all six.
    @Test(arguments: Halt.allCases)
    func theParserIsNotCalledAfterAHalt(halt: Halt) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n3\nskip\n4\n5\n")
        try bench.root.write("fail.1", "")
        try bench.root.write("fail.2", "")
        let first = try await bench.prx(try writeRun(haltedBy: halt, in: bench))
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stderr.isEmpty, "\(first.stderr)")
        #expect(calls(in: bench) == ["1", "2"])
        #expect(first.stdout.contains("Failed: 2\n") && first.stdout.contains("Cancelled: 4\n"), "\(first.stdout)")
        let records = try await bench.summaryRecords()
        #expect(records.map { "\($0["status"] ?? "") \($0["task_file"] ?? "")" }
            == ["FAILED 1", "FAILED 2", "CANCELLED 3", "CANCELLED skip", "CANCELLED 4", "CANCELLED 5"])
        let reason = halt == .stopLimits ? "2 consecutive failures (limit: 2)" : "stop_when: two failed"
        #expect(records.last?["error_message"] == "run halted: \(reason)")
        let run = try #require(bench.runIDs().first)

        try FileManager.default.removeItem(atPath: bench.root.file("fail.1"))
        try FileManager.default.removeItem(atPath: bench.root.file("fail.2"))
        let resumed = try await bench.prx(["--resume-failed", run])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.isEmpty, "\(resumed.stderr)")
        #expect(try ran(in: bench) == ["ran.1", "ran.2", "ran.3", "ran.4", "ran.5"])
    }

    /// `--resume-failed` of a run that halted late halts early, at the second of the lines that failed apart: of the
    /// lines left, which it gives unparsed, it reports `CANCELLED` those that did not succeed in the run it resumes
    /// (9 and 10, failed, 11 and 12, cancelled), and not those that did (6 to 8), and warns of none as gone from
    /// the source; so does `--resume-failed` of it, which halts there again (the chain has 9 and 10 both ways), and
    /// `--resume-failed` of that, the failures mended, runs them. Given unparsed, lines 9 and 10 were matched to no
    /// task of the earlier run (it had them under the keys of their commands), so that they were left out, and
    /// warned of as gone.
    @Test func aResumptionThatHaltsEarlierStillKnowsTheLinesLeft() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", (1...12).map { "\($0)\n" }.joined())
        for line in [2, 5, 9, 10] {
            try bench.root.write("fail.\(line)", "")
        }
        let first = try await bench.prx(try writeRun(haltedBy: .stopLimits, in: bench))
        #expect(first.status == 1, "\(first.stderr)")
        #expect(calls(in: bench) == (1...10).map(String.init))
        let firstRun = try #require(bench.runIDs().first)
        #expect(try await bench.taskStatuses(of: firstRun).suffix(2) == ["CANCELLED 11", "CANCELLED 12"])

        try FileManager.default.removeItem(atPath: bench.root.file("calls"))
        let second = try await bench.prx(["--resume-failed", firstRun])
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.isEmpty, "\(second.stderr)")
        #expect(calls(in: bench) == ["1", "2", "3", "4", "5"])
        let secondRun = try #require(bench.runIDs().first { $0 != firstRun })
        let haltedEarly = ["FAILED 2", "FAILED 5", "CANCELLED 9", "CANCELLED 10", "CANCELLED 11", "CANCELLED 12"]
        #expect(try await bench.taskStatuses(of: secondRun) == haltedEarly)

        let again = try await bench.prx(["--resume-failed", secondRun])
        #expect(again.status == 1, "\(again.stderr)")
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        let run = try #require(bench.runIDs().first { $0 != firstRun && $0 != secondRun })
        #expect(try await bench.taskStatuses(of: run) == haltedEarly)

        for line in [2, 5, 9, 10] {
            try FileManager.default.removeItem(atPath: bench.root.file("fail.\(line)"))
        }
        for file in try ran(in: bench) {
            try FileManager.default.removeItem(atPath: bench.root.file(file))
        }
        let third = try await bench.prx(["--resume-failed", run])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.isEmpty, "\(third.stderr)")
        #expect(try ran(in: bench) == ["ran.10", "ran.11", "ran.12", "ran.2", "ran.5", "ran.9"])
    }
}
