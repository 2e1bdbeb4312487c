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

    /// A journal cut short during the run (to its first line, here) had the lines of the turn that found the cut left
    /// out of every `run_progress` line after, so that `prx history` counted the run from the last one short of a task
    /// (5 succeeded of the CSV's 6). Every task is counted now.
    @Test func aJournalCutDuringTheRunStillCountsEveryTask() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let cut = "for f in \(bench.home)/history/*.jsonl; do truncate -s $(head -1 \"$f\" | wc -c) \"$f\"; done\n"
        // Tasks of 0.6 s, so that the journal writes progress lines (one a second) after the cut.
        let outcome = try await runTasks(in: bench, count: 6) { index in
            "sleep 0.6\n" + (index == 3 ? cut : "")
        }
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let listing = try await bench.prx(["history", "--json"])
        let runs = try #require(
            try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]], "\(listing)")
        #expect(runs.first?["state"] as? String == "incomplete", "\(listing.stdout)")
        #expect(runs.first?["succeeded"] as? Int == 6, "\(listing.stdout)")
        let csvs = try #require(paths(matching: bench.logs + "/parallelr_*_summary.csv"))
        let csv = try String(contentsOfFile: #require(csvs.first), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 6, "\(csv)")
    }

    /// A result file another program added to during the run (`printf note >> out.csv`) had prx's next rows written
    /// at prx's own offset, over what the other program added, which was lost without a word. Both programs' bytes
    /// are kept now, prx's rows after the other program's, on a line of their own; nothing is lost, so nothing is said.
    @Test(arguments: [
        ("out.jsonl", "task3.sh\""),
        ("home/logs/parallelr_*_summary.csv", "task3.sh"),
        ("home/logs/parallelr_*_output.txt", "task3.sh"),
        ("home/history/*.jsonl", "task3.sh"),
    ])
    func aFileAddedToDuringTheRunKeepsBothProgramsBytes(pattern: String, laterRow: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await runTasks(in: bench) { index in
            index == 2 ? "for file in \(bench.root.path)/\(pattern); do printf 'a note' >> \"$file\"; done\n" : "true\n"
        }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let files = try #require(paths(matching: bench.root.path + "/" + pattern))
        #expect(files.count == 1, "\(files)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: files[0])), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let note = try #require(lines.firstIndex(of: "a note"), "\(text)")
        #expect(lines[note...].contains { $0.contains(laterRow) }, "\(text)")
        #expect(!text.contains("\0"), "a hole of NUL bytes in \(files[0])")
    }

    /// A program adding lines to a result file as prx writes it: prx looked at the file's length (`fstat`) and then
    /// wrote at that offset, so that a line added in between was written over, lost without a word. Each file is opened
    /// to append to (`O_APPEND`) now, each write going to the file's end as the kernel makes it. Another process adds
    /// numbered lines as fast as it can once prx has written its first row (20,000 at most): each of them is there,
    /// whole and in order, and so is every task's row.
    @Test(arguments: [
        "out.jsonl", "home/logs/parallelr_*_summary.csv", "home/logs/parallelr_*_output.txt", "home/history/*.jsonl",
    ])
    func linesAddedWhilePRXWritesAreAllKept(pattern: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let tasks = 200
        let files = bench.root.path + "/" + pattern
        let stop = bench.root.file("stop"), added = bench.root.file("added")
        let adding = try await ShellProcess("""
            until grep -qs task1.sh \(files) || [ -e \(stop) ]; do sleep 0.01; done
            for file in \(files); do :; done
            n=0
            while [ ! -e \(stop) ] && [ $n -lt 20000 ]; do n=$((n + 1)); echo "note $n" >> "$file"; done
            echo $n > \(added)
            """)
        defer { adding.stop() }
        let folder = try bench.tasks(tasks) { _ in "true\n" }
        let outcome = try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "4", "--json", bench.root.file("out.jsonl")])
        #expect(FileManager.default.createFile(atPath: stop, contents: nil))
        _ = try adding.awaitExit()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let (path, lines) = try linesKeepingEveryNote(in: files, added: added)
        var rows: Set<Int> = []
        for line in lines where !line.hasPrefix("note ") {
            var rest = line[...]
            while let found = rest.range(of: "/task") {
                rest = rest[found.upperBound...]
                let digits = rest.prefix(while: \.isNumber)
                if rest.dropFirst(digits.count).hasPrefix(".sh"), let task = Int(digits) { rows.insert(task) }
            }
        }
        #expect(rows == Set(1...tasks), "\(tasks - rows.count) tasks have no row in \(path)")
    }

    /// A program adding lines to the journal as prx ends: prx gave back the room it keeps past the journal's end by
    /// cutting the file to the size `fstat` had just found, and the lines added between the two were cut with it (13
    /// of 20,000 lost in a full suite). Here strace holds each of prx's `ftruncate`s for 300 ms, so that the adding
    /// program's lines land in between: each of them is kept, whole and in order.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace"))
    func linesAddedToTheJournalAsPRXEndsAreKept() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let journals = bench.root.path + "/home/history/*.jsonl"
        let stop = bench.root.file("stop"), added = bench.root.file("added")
        let adding = try await ShellProcess("""
            until grep -qs task1.sh \(journals) || [ -e \(stop) ]; do sleep 0.01; done
            for file in \(journals); do :; done
            n=0
            while [ ! -e \(stop) ]; do n=$((n + 1)); echo "note $n" >> "$file"; done
            echo $n > \(added)
            """)
        defer { adding.stop() }
        let folder = try bench.tasks(20) { _ in "true\n" }
        let outcome = try await PRXProcess.run(
            [
                "-f", "--seccomp-bpf", "-o", "/dev/null", "-e", "trace=ftruncate",
                "-e", "inject=ftruncate:delay_enter=300000", PRXProcess.executablePath,
                "-T", folder, "-C", "sh @TASK@", "-r", "-m", "2",
            ],
            executable: "/usr/bin/strace", home: bench.home, directory: bench.root.path)
        #expect(FileManager.default.createFile(atPath: stop, contents: nil))
        _ = try adding.awaitExit()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        _ = try linesKeepingEveryNote(in: journals, added: added)
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
    /// once the first one's rows are written, before the third's. The second task starts before prx writes the turn
    /// in which the first one ended: it waits (10 s at most) until each file names the first task, where a file cut
    /// while still empty (the task output file on a loaded machine) lost nothing, and its sink rightly said nothing.
    private func runCuttingTheSecondTask(_ pattern: String, in bench: Workbench) async throws -> PRXProcess.Outcome {
        let waitForTheFirstRow =
            #"i=0; until grep -q task1.sh "$file" || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done"#
        return try await runTasks(in: bench) { index in
            index == 2
                ? "for file in \(bench.root.path)/\(pattern); do \(waitForTheFirstRow); : > \"$file\"; done\n"
                : "true\n"
        }
    }

    /// Runs `count` task files (three unless told) one at a time, each the script `script` gives for its number (from
    /// 1), with `--json` to `out.jsonl` under the workbench's root.
    private func runTasks(
        in bench: Workbench, count: Int = 3, _ script: (Int) -> String
    ) async throws -> PRXProcess.Outcome {
        let folder = try bench.tasks(count, body: script)
        return try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "1", "--json", bench.root.file("out.jsonl")])
    }

    /// The paths that the shell pattern `pattern` matches.
    /// The path and lines of the file `pattern` matches, once checked to hold every line that a program adding
    /// numbered lines to it (`note 1`, `note 2`, …) wrote, whole and in order, their count in the file `added`.
    private func linesKeepingEveryNote(in pattern: String, added: String) throws -> (String, [Substring]) {
        let count = try #require(Int(String(contentsOfFile: added, encoding: .utf8).trimmingCharacters(in: .newlines)))
        let path = try #require(paths(matching: pattern)?.first)
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            .split(separator: "\n")
        let notes = lines.filter { $0.hasPrefix("note ") }.map { Int($0.dropFirst(5)) ?? 0 }
        #expect(count > 0 && notes == Array(1...max(count, 1)), "\(count - Set(notes).count) of \(count) lost")
        return (path, lines)
    }

    private func paths(matching pattern: String) -> [String]? {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return nil }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }
    }
}
