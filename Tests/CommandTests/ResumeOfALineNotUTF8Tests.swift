import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// `--resume` and `--resume-failed` of a run with arguments lines that are not UTF-8, from journals written here by
/// hand. Since 541e885 such a line's label shows its bytes (`caf\xe9`), where a journal an older prx wrote has U+FFFD
/// for each (`caf�`), the same for every byte: such a journal's line was taken for one gone from the source (a failed
/// one warned of and not run again) and its line for one the run never had (a successful one run again).
@Suite(.runsProcesses) struct ResumeOfALineNotUTF8Tests {
    /// The arguments file: `ok`, then `caf` with the byte 0xE9, then with 0xE8, or `lines` of the bytes after `caf`.
    private static func writeArguments(in bench: Workbench, lines: [UInt8] = [0xE9, 0xE8]) throws {
        let bytes = Array("ok\n".utf8) + lines.flatMap { Array("caf".utf8) + [$0, 0x0A] }
        try Data(bytes).write(to: URL(fileURLWithPath: bench.root.file("args.txt")))
    }

    /// Writes the journal of a finished run of `-A args.txt -C 'echo @ARG@' -r` in `bench` with `tasks` (id, label,
    /// the line's text as the task's argument, final status), each keyed as prx keys it.
    private static func writeJournal(
        _ runID: String, in bench: Workbench, _ tasks: [(id: Int, label: String, text: String, status: String)]
    ) throws {
        var lines = [
            #"{"event":"run_started","run":"\#(runID)","time":"2026-12-03T12:00:00+00:00","pid":42,"#
                + #""arguments":["-A","args.txt","-C","echo @ARG@","-r"],"cwd":"\#(bench.root.path)","workers":2,"#
                + #""configuration":[]}"#
        ]
        for task in tasks {
            let key = TaskIdentity.key(
                for: TaskSpec(id: TaskID(task.id), label: task.label, argv: ["echo", task.text]))
            let label = task.label.replacingOccurrences(of: "\\", with: "\\\\")
            lines.append(
                #"{"event":"task_started","id":\#(task.id),"key":"\#(key)","label":"\#(label)","worker_id":1,"#
                    + #""attempt":1,"time":"2026-12-03T12:00:01+00:00"}"#)
            lines.append(
                #"{"event":"task_finished","key":"\#(key)","id":\#(task.id),"label":"\#(label)","#
                    + #""status":"\#(task.status)","duration":0.5,"attempts":1}"#)
        }
        lines.append(#"{"event":"run_finished","time":"2026-12-03T12:00:09+00:00"}"#)
        try FileManager.default.createDirectory(atPath: bench.home + "/history", withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n")
            .write(toFile: bench.home + "/history/\(runID).jsonl", atomically: true, encoding: .utf8)
    }

    /// Writes the arguments file and the journal a prx before 541e885 wrote of its finished run: `ok` succeeded, and
    /// the two lines that are not UTF-8, which it labelled alike (`caf�`), the first succeeded and the second failed.
    /// Returns the run's id.
    private static func writeOlderRun(in bench: Workbench) throws -> String {
        try writeArguments(in: bench)
        let run = "20261203-120000-1"
        try writeJournal(run, in: bench, [
            (1, "ok", "ok", "SUCCESS"), (2, "caf\u{FFFD}", "caf\u{FFFD}", "SUCCESS"),
            (3, "caf\u{FFFD}", "caf\u{FFFD}", "ERROR"),
        ])
        return run
    }

    /// The labels of the tasks the last run in `bench`'s history finished, in the order it finished them.
    private static func labelsFinished(in bench: Workbench) throws -> [String] {
        let journal = try #require(bench.journals().last)
        return try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return event?["event"] as? String == "task_finished" ? event?["label"] as? String : nil
        }
    }

    /// A journal from before 541e885 resumes as it did: of two lines it labelled alike, the first succeeded and is
    /// not run again, the second failed and is, and neither is said to be gone from the source.
    @Test(arguments: ["--resume", "--resume-failed"])
    func aJournalLabellingTheLineWithReplacementCharactersResumes(flag: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try Self.writeOlderRun(in: bench)
        let again = try await bench.prx([flag, run])
        #expect(again.status == 1, "the line that is not UTF-8 is an ERROR still")
        #expect(!again.stderr.contains("no longer in the task source"))
        #expect(try Self.labelsFinished(in: bench) == ["caf\\xe8"])
    }

    /// The resumption of such a journal's resumption: the first resumption matched the line by the key the older
    /// journal gave it and ran it under its own, so that the second had the line's task twice, the older journal's
    /// under the older key, never matched, and warned that it was no longer in the task source (`task 'caf�' did not
    /// succeed in run … and is no longer in the task source`), exit 1 for it. The older journal's task now counts as
    /// the one the later run ran in its place: nothing is said to be gone, and only the line that failed runs again.
    @Test(arguments: [
        ("--resume", "--resume"), ("--resume", "--resume-failed"), ("--resume-failed", "--resume"),
        ("--resume-failed", "--resume-failed"),
    ])
    func theResumptionOfItsResumptionResumes(first: String, second: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let run = try Self.writeOlderRun(in: bench)
        #expect(try await bench.prx([first, run]).status == 1)
        let resumption = try #require(bench.runIDs().first { $0 != run })

        let again = try await bench.prx([second, resumption])
        #expect(again.status == 1, "the line that is not UTF-8 is an ERROR still")
        #expect(again.stderr == "")
        #expect(try Self.labelsFinished(in: bench) == ["caf\\xe8"])
    }

    /// In a journal written since, two lines that differ only in their bytes that are not UTF-8 are two tasks: the one
    /// that succeeded is left out and the other runs, whatever their order in the file now.
    @Test func linesDifferingInTheirBytesAreTwoTasksInAJournalWrittenSince() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try Self.writeArguments(in: bench, lines: [0xE8, 0xE9])
        let run = "20261203-120000-1"
        try Self.writeJournal(run, in: bench, [
            (1, "ok", "ok", "SUCCESS"), (2, "caf\\xe9", "caf\u{FFFD}", "SUCCESS"),
            (3, "caf\\xe8", "caf\u{FFFD}", "ERROR"),
        ])
        let again = try await bench.prx(["--resume", run])
        #expect(again.status == 1)
        #expect(!again.stderr.contains("no longer in the task source"))
        #expect(try Self.labelsFinished(in: bench) == ["caf\\xe8"])
    }

    /// A line that is not UTF-8 and a line of U+FFFD where its byte is (`caf\xe8`, `caf�`) are two tasks in a journal
    /// written since, whose older key is the second's own: in the resumption of its resumption too, where the runs have
    /// both keys, each in the first run, the first's task does not stand for the second's, which succeeded and is not
    /// run again.
    @Test func aLineOfReplacementCharactersIsNoStandInInTheResumptionOfAResumption() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let bytes = Array("ok\ncaf".utf8) + [0xE8, 0x0A] + Array("caf\u{FFFD}\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: bench.root.file("args.txt")))
        let run = "20261203-120000-1"
        try Self.writeJournal(run, in: bench, [
            (1, "ok", "ok", "SUCCESS"), (2, "caf\\xe8", "caf\u{FFFD}", "ERROR"),
            (3, "caf\u{FFFD}", "caf\u{FFFD}", "SUCCESS"),
        ])
        #expect(try await bench.prx(["--resume", run]).status == 1)
        #expect(try Self.labelsFinished(in: bench) == ["caf\\xe8"])
        let resumption = try #require(bench.runIDs().first { $0 != run })

        let again = try await bench.prx(["--resume", resumption])
        #expect(again.status == 1)
        #expect(again.stderr == "")
        #expect(try Self.labelsFinished(in: bench) == ["caf\\xe8"])
    }
}
