import Foundation
import PRXTesting
import Testing

/// An arguments line the run cannot make a task of (one over 16 MiB, one the `--parser` throws for) stops the run
/// with exit status 2; the line is an `ERROR` with the reason and the lines after it are `CANCELLED`, in the CSV
/// and the history, and `--resume-failed` of the run, the file fixed, runs the line and those after it. The lines
/// after it were lost (`Total Tasks: 1`, the CSV and the history held only the first line), and `--resume-failed`
/// ran nothing and exited 0.
@Suite(.runsProcesses) struct UnreadableArgumentsLineTests {
    /// What makes line 2 of `a / LINE / c / d` unreadable.
    enum Cause: String, CaseIterable {
        case tooLong
        case parserError
    }

    /// Writes `args.txt`, `a / LINE / c / d`, its line 2 unreadable for `cause` (the `--parser` throws for `b` while
    /// the file `broken` is there), and `parse.lua` into `bench`; returns the command line of a run that touches
    /// `ran.LINE` for each line.
    private func writeArguments(unreadableFor cause: Cause, in bench: Workbench) throws -> [String] {
        let badLine = cause == .tooLong ? String(repeating: "x", count: 17_000_000) : "b"
        try bench.root.write("args.txt", "a\n\(badLine)\nc\nd\n")
        try writeParser(refusing: "b", in: bench)
        return ["-A", "args.txt", "--parser", "parse.lua", "-C", "touch \(bench.root.path)/ran.@ARG@", "-r"]
    }

    /// Writes `parse.lua` into `bench`, a `--parser` that throws for `line` while the file `broken` is there and
    /// skips `skipped`, and `broken`.
    private func writeParser(refusing line: String, skipping skipped: String = "", in bench: Workbench) throws {
        try bench.root.write("parse.lua", """
            return function(line)
              if line == "\(line)" and io.open("\(bench.root.file("broken"))") then error("cannot parse " .. line) end
              if line == "\(skipped)" then return nil end
              return { line }
            end
            """)
        try bench.root.write("broken", "")
    }

    /// `--resume-failed` of `run`, the parser fixed (`broken` removed) and the first line's file `ran.a` removed:
    /// its outcome, and the `ran.` files there are then.
    private func resumeFailed(
        _ run: String, parserFixedIn bench: Workbench
    ) async throws -> (outcome: PRXProcess.Outcome, ran: [String]) {
        try FileManager.default.removeItem(atPath: bench.root.file("broken"))
        try FileManager.default.removeItem(atPath: bench.root.file("ran.a"))
        let resumed = try await bench.prx(["--resume-failed", run])
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }
        return (resumed, ran.sorted())
    }

    @Test(arguments: Cause.allCases)
    func theUnreadableLineAndThoseAfterItAreReportedAndResumed(cause: Cause) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let first = try await bench.prx(try writeArguments(unreadableFor: cause, in: bench))
        #expect(first.status == 2, "\(first.stderr)")
        let reason = cause == .tooLong
            ? "cannot read arguments file args.txt: a line is longer than 16 MiB (args.txt:2)"
            : "parse.lua:2: cannot parse b (--parser, on args.txt:2)"
        #expect(first.stderr.hasSuffix("prx: error: \(reason)\n"), "\(first.stderr)")
        #expect(first.stdout.contains("Total Tasks: 4"), "\(first.stdout)")
        let records = try await bench.summaryRecords()
        let byLabel = Dictionary(records.map { ($0["task_file"] ?? "", $0) }) { earlier, _ in earlier }
        let label = cause == .tooLong ? "args.txt:2" : "b"
        #expect(records.count == 4)
        #expect(byLabel["a"]?["status"] == "SUCCESS")
        #expect(byLabel[label]?["status"] == "ERROR", "\(records)")
        #expect(byLabel[label]?["error_message"] == reason)
        #expect(byLabel["c"]?["status"] == "CANCELLED")
        #expect(byLabel["d"]?["status"] == "CANCELLED")
        let run = try #require(bench.runIDs().first)
        let history = try await bench.prx(["history", run])
        let rows = history.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.map { $0.split(separator: " ")[1] } == ["SUCCESS", "ERROR", "CANCELLED", "CANCELLED"],
            "\(history.stdout)")

        try bench.root.write("args.txt", "a\nb\nc\nd\n")
        let (resumed, ran) = try await resumeFailed(run, parserFixedIn: bench)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.isEmpty, "\(resumed.stderr)")
        #expect(ran == ["ran.b", "ran.c", "ran.d"])
    }

    /// The unreadable line removed from the file, `--resume-failed` runs the lines after it and warns that the line,
    /// named by its label, is no longer in the task source, exit 1, as for any task that did not succeed and is gone:
    /// it ran those lines and said nothing, exit 0, so that `prx --resume-failed RUN && deploy` went on. While the
    /// line is there, still unreadable, a resumption stops at it again, and warns of nothing.
    @Test(arguments: Cause.allCases)
    func theUnreadableLineRemovedIsWarnedOfAsGone(cause: Cause) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let first = try await bench.prx(try writeArguments(unreadableFor: cause, in: bench))
        #expect(first.status == 2, "\(first.stderr)")
        let firstRun = try #require(bench.runIDs().first)
        let still = try await bench.prx(["--resume-failed", firstRun])
        #expect(still.status == 2, "\(still.stderr)")
        #expect(still.stderr.hasPrefix("prx: error: ") && still.stderr.split(separator: "\n").count == 1,
            "\(still.stderr)")
        let run = try #require(bench.runIDs().first { $0 != firstRun })

        try bench.root.write("args.txt", "a\nc\nd\n")
        let resumed = try await bench.prx(["--resume-failed", run])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        let label = cause == .tooLong ? "args.txt:2" : "b"
        #expect(resumed.stderr == "prx: warning: task '\(label)' did not succeed in run \(run) and is no longer in the "
            + "task source; it was not run again\n")
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }
        #expect(ran.sorted() == ["ran.a", "ran.c", "ran.d"])
    }

    /// `a / b / x / c`, `a` failing and the `--parser` refusing `x`; a resumption stops at `x` again, `b` left out
    /// (it succeeded), so it anchors `x` after `a`, where the first run had it after `b`. The line fixed, the next
    /// resumption runs it and warns of nothing, exit 0; removed, it warns of it once, exit 1. It warned that `x` was
    /// no longer in the task source though it ran, exit 1, and warned twice of it removed.
    @Test(arguments: [false, true])
    func anUnreadableLineAfterALeftOutLineIsOnePlaceThroughAResumption(removed: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\nx\nc\n")
        try writeParser(refusing: "x", in: bench)
        try bench.root.write("fail.a", "")
        try bench.root.write("run.sh", "cd \"$(dirname \"$0\")\" && test ! -e fail.$1 && touch ran.$1\n")
        let first = try await bench.prx(
            ["-A", "args.txt", "--parser", "parse.lua", "-C", "sh \(bench.root.file("run.sh")) @ARG@", "-r"])
        #expect(first.status == 2, "\(first.stderr)")
        let firstRun = try #require(bench.runIDs().first)
        let again = try await bench.prx(["--resume-failed", firstRun])
        #expect(again.status == 2, "\(again.stderr)")
        let run = try #require(bench.runIDs().first { $0 != firstRun })

        try FileManager.default.removeItem(atPath: bench.root.file("fail.a"))
        if removed {
            try bench.root.write("args.txt", "a\nb\nc\n")
        } else {
            try FileManager.default.removeItem(atPath: bench.root.file("broken"))
        }
        let resumed = try await bench.prx(["--resume-failed", run])
        #expect(resumed.status == (removed ? 1 : 0), "\(resumed.stderr)")
        #expect(resumed.stderr == (removed
            ? "prx: warning: task 'x' did not succeed in run \(run) and is no longer in the task source; it was not "
                + "run again\n"
            : ""))
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }
        #expect(ran.sorted() == (removed ? ["ran.a", "ran.b", "ran.c"] : ["ran.a", "ran.b", "ran.c", "ran.x"]))
    }

    /// After a line the `--parser` throws for, the parser is not called for the lines after it: the run stops there,
    /// the line is the `ERROR`, and the lines after it are `CANCELLED`, as after a halt, whether the parser would have
    /// refused them too or not. The parser ran on every line, and each it refused was one more `ERROR`
    /// (`Failed: 5  Cancelled: 0` for `1`…`6` refused from `2` on).
    @Test(arguments: [(6, 2...6), (50, 3...10)])
    func afterAParserErrorTheParserIsNotCalledAgain(lines: Int, refused: ClosedRange<Int>) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("in.txt", (1...lines).map { "\($0)\n" }.joined())
        try bench.root.write("p.lua", """
            return function(line)
              prx.write("called-" .. line, "")
              local n = tonumber(line)
              if n >= \(refused.lowerBound) and n <= \(refused.upperBound) then error("cannot parse " .. line) end
              return line
            end
            """)
        let outcome = try await bench.prx(["-A", "in.txt", "--parser", "p.lua", "-C", "echo @ARG@", "-m", "1", "-r"])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let first = refused.lowerBound
        #expect(outcome.stderr
            == "prx: error: p.lua:4: cannot parse \(first) (--parser, on in.txt:\(first))\n")
        #expect(outcome.stdout.contains("Failed: 1\n") && outcome.stdout.contains("Cancelled: \(lines - first)\n"),
            "\(outcome.stdout)")
        let called = try FileManager.default.contentsOfDirectory(atPath: bench.root.path)
            .filter { $0.hasPrefix("called-") }
        #expect(Set(called) == Set((1...first).map { "called-\($0)" }))
        let statuses = try await bench.summaryRecords().map { ($0["task_file"] ?? "", $0["status"] ?? "") }
            .sorted { Int($0.0) ?? 0 < Int($1.0) ?? 0 }
        #expect(statuses.map(\.0) == (1...lines).map(String.init))
        #expect(statuses.map(\.1) == Array(repeating: "SUCCESS", count: first - 1) + ["ERROR"]
            + Array(repeating: "CANCELLED", count: lines - first))
    }

    /// A line after the refused one that the parser skips (returns `nil` for) was reported `CANCELLED`, not parsed:
    /// `--resume-failed` of the run, the parser fixed, runs the lines from the refused one on and says nothing of
    /// the skipped line, which is no task, not a task gone from the source.
    @Test func aLineTheParserSkipsAfterTheRefusedOneIsNoTaskGoneOnResumption() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\nskip\nc\n")
        try writeParser(refusing: "b", skipping: "skip", in: bench)
        let first = try await bench.prx(
            ["-A", "args.txt", "--parser", "parse.lua", "-C", "touch \(bench.root.path)/ran.@ARG@", "-r"])
        #expect(first.status == 2, "\(first.stderr)")
        let records = try await bench.summaryRecords()
        let statuses = Dictionary(records.map { ($0["task_file"] ?? "", $0["status"] ?? "") }) { earlier, _ in earlier }
        #expect(statuses == ["a": "SUCCESS", "b": "ERROR", "skip": "CANCELLED", "c": "CANCELLED"], "\(statuses)")
        let run = try #require(bench.runIDs().first)
        let (resumed, ran) = try await resumeFailed(run, parserFixedIn: bench)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.isEmpty, "\(resumed.stderr)")
        #expect(ran == ["ran.b", "ran.c"])
    }

    /// `--resume-failed` of a run whose lines all parsed, stopped by the `--parser` at a line it refuses now (`b`,
    /// which succeeded): of the lines after it, given unparsed, it reports `CANCELLED` the one that failed (`d`), and
    /// not the one that succeeded (`c`), and warns of neither as gone; `--resume-failed` of it, mended, runs `d` alone
    /// (`b` succeeded in the first run).
    /// Given unparsed, `d` was matched to no task of the earlier run (it had it under the key of its command), so
    /// that it was left out, and warned of as gone.
    @Test func aResumptionStoppedByTheParserStillKnowsTheLinesAfter() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\nc\nd\n")
        try writeParser(refusing: "b", in: bench)
        try FileManager.default.removeItem(atPath: bench.root.file("broken"))
        try bench.root.write("run.sh", "cd \"$(dirname \"$0\")\" && test ! -e fail.$1 && touch ran.$1\n")
        try bench.root.write("fail.d", "")
        let first = try await bench.prx(
            ["-A", "args.txt", "--parser", "parse.lua", "-C", "sh \(bench.root.file("run.sh")) @ARG@", "-m", "1", "-r"])
        #expect(first.status == 1, "\(first.stderr)")
        let firstRun = try #require(bench.runIDs().first)

        try bench.root.write("broken", "")
        let second = try await bench.prx(["--resume-failed", firstRun])
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr == "prx: error: parse.lua:2: cannot parse b (--parser, on args.txt:2)\n")
        let run = try #require(bench.runIDs().first { $0 != firstRun })
        #expect(try await bench.taskStatuses(of: run) == ["ERROR b", "CANCELLED d"])

        for file in ["broken", "fail.d", "ran.a", "ran.b", "ran.c"] {
            try FileManager.default.removeItem(atPath: bench.root.file(file))
        }
        let resumed = try await bench.prx(["--resume-failed", run])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.isEmpty, "\(resumed.stderr)")
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }
        #expect(ran == ["ran.d"])
    }

    /// What stops a run before its line over 16 MiB.
    enum Stop: String, CaseIterable {
        case parserError
        case earlierLineTooLong
        case halt
    }

    /// A line over 16 MiB among the lines a run that stopped reports (after a line the `--parser` refused, after an
    /// earlier line over 16 MiB, after a halt) is `CANCELLED` as they are, and no error of the run: its exit status
    /// and error line are those of what stopped it. `--resume-failed`, the file mended, runs it with the others. It
    /// was an `ERROR`, and after a halt the run's error (exit status 2).
    @Test(arguments: Stop.allCases)
    func aLineTooLongAfterTheRunStoppedIsCancelled(stop: Stop) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let long = String(repeating: "x", count: 17_000_000)
        try bench.root.write("args.txt", "a\n\(stop == .earlierLineTooLong ? long : "b")\nc\n\(long)\nd\n")
        try writeParser(refusing: stop == .parserError ? "b" : "none", in: bench)
        try bench.root.write("run.sh", "cd \"$(dirname \"$0\")\" && test ! -e fail.$1 && touch ran.$1\n")
        try bench.root.write("policy.lua", "return function(s) if s.failed >= 1 then return 'one failed' end end")
        var command = ["-A", "args.txt", "--parser", "parse.lua", "-C", "sh \(bench.root.file("run.sh")) @ARG@", "-m", "1",
            "-r"]
        if stop == .halt {
            try bench.root.write("fail.b", "")
            command += ["--stop-policy", "policy.lua"]
        }
        let first = try await bench.prx(command)
        let (status, error, stopped, message): (Int32, String?, String, String) = switch stop {
        case .parserError: (2, "parse.lua:2: cannot parse b (--parser, on args.txt:2)", "b ERROR",
            "run stopped by its source: parse.lua:2: cannot parse b (--parser, on args.txt:2)")
        case .earlierLineTooLong:
            (2, "cannot read arguments file args.txt: a line is longer than 16 MiB (args.txt:2)", "args.txt:2 ERROR",
                "run stopped by its source: cannot read arguments file args.txt: a line is longer than 16 MiB "
                    + "(args.txt:2)")
        case .halt: (1, nil, "b FAILED", "run halted: stop_when: one failed")
        }
        #expect(first.status == status, "\(first.stderr)")
        #expect(first.stderr == (error.map { "prx: error: \($0)\n" } ?? ""), "\(first.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.map { "\($0["task_file"] ?? "") \($0["status"] ?? "")" }
            == ["a SUCCESS", stopped, "c CANCELLED", "args.txt:4 CANCELLED", "d CANCELLED"])
        #expect(records.first { $0["task_file"] == "args.txt:4" }?["error_message"] == message)
        let run = try #require(bench.runIDs().first)

        try bench.root.write("args.txt", "a\nb\nc\nx\nd\n")
        if stop == .halt { try FileManager.default.removeItem(atPath: bench.root.file("fail.b")) }
        let (resumed, ran) = try await resumeFailed(run, parserFixedIn: bench)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.isEmpty, "\(resumed.stderr)")
        #expect(ran == ["ran.b", "ran.c", "ran.d", "ran.x"])
    }

    /// With `-E`, every line's fields are checked before the run, and a line over 16 MiB is passed over there: the
    /// run goes up to it, as without `-E`, and reports it an `ERROR` and the lines after it `CANCELLED`. The check
    /// refused the whole run, no task started.
    @Test func withEnvironmentNamesTheRunGoesUpToTheUnreadableLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a 1\n\(String(repeating: "x", count: 17_000_000))\nc 3\n")
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-S", "space", "-E", "NAME,NUMBER", "-C", "touch \(bench.root.path)/ran.@ARG_1@", "-r"])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(
            "prx: error: cannot read arguments file args.txt: a line is longer than 16 MiB (args.txt:2)\n"),
            "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("ran.a")))
        let records = try await bench.summaryRecords()
        let statuses = Dictionary(records.map { ($0["task_file"] ?? "", $0["status"] ?? "") }) { earlier, _ in earlier }
        #expect(statuses == ["a 1": "SUCCESS", "args.txt:2": "ERROR", "c 3": "CANCELLED"], "\(records)")
    }

    /// A line still too long in `--resume-failed` of the run it stopped is the resumption's first task (the line
    /// before it succeeded and was left out), which is no gap at the file's start: `--resume-failed` of that
    /// resumption, the line fixed, runs it and the line after it, and not a line added at the top since, which the
    /// finished runs never had. It ran that line too.
    @Test func aLineAddedAtTheTopIsNotRunForALineStillTooLongInAResumption() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n\(String(repeating: "x", count: 17_000_000))\nc\n")
        let command = ["-A", "args.txt", "-C", "touch \(bench.root.path)/ran.@ARG@", "-r"]
        let first = try await bench.prx(command)
        #expect(first.status == 2, "\(first.stderr)")
        let firstRun = try #require(bench.runIDs().first)
        let second = try await bench.prx(["--resume-failed", firstRun])
        #expect(second.status == 2, "\(second.stderr)")
        let secondRun = try #require(bench.runIDs().first { $0 != firstRun })

        try bench.root.write("args.txt", "z\na\nb\nc\n")
        try FileManager.default.removeItem(atPath: bench.root.file("ran.a"))
        let third = try await bench.prx(["--resume-failed", secondRun])
        #expect(third.status == 0, "\(third.stderr)")
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }
        #expect(ran.sorted() == ["ran.b", "ran.c"])
    }

    /// From a pipe, the lines after the unreadable one are not read (a writer that never stops would keep prx
    /// reporting them), as after a halt: the run reports the first line and the unreadable one.
    @Test func fromAPipeTheLinesAfterTheUnreadableOneAreNotRead() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n\(String(repeating: "x", count: 17_000_000))\nc\nd\n")
        let script = "cat args.txt | \"$0\" -A /dev/stdin -C \"touch ran.@ARG@\" -r"
        let outcome = try await PRXProcess(
            ["sh", "-c", script, PRXProcess.executablePath], executable: "/usr/bin/env", home: bench.home,
            directory: bench.root.path
        ).wait(killingAfter: 60)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(
            "prx: error: cannot read arguments file /dev/stdin: a line is longer than 16 MiB (/dev/stdin:2)\n"),
            "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["task_file"] ?? "" }.sorted() == ["/dev/stdin:2", "a"], "\(records)")
        #expect(records.first { $0["task_file"] == "/dev/stdin:2" }?["status"] == "ERROR")
    }
}
