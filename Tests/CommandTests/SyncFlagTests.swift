import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct SyncFlagTests {
    @Test func aSyncedRunWritesEveryRowAndJournalLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { "echo synced \($0)\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2", "--sync"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS", "SUCCESS", "SUCCESS"])
        let journals = try FileManager.default.contentsOfDirectory(atPath: bench.home + "/history")
        let journal = try String(contentsOfFile: bench.home + "/history/" + #require(journals.first), encoding: .utf8)
        #expect(journal.components(separatedBy: "\"event\":\"task_finished\"").count - 1 == 3)
        #expect(journal.contains("\"event\":\"run_finished\""))
    }

    /// Under `--sync`, each turn's rows in the CSV summary and in `--json`'s file are on the disk before the journal
    /// writes the turn's task ends: the JSON Lines file was never synced, so that a machine crash could keep a task's
    /// end in the journal (which `--resume` then does not run again) without its line in the file. Watched with
    /// `strace`: at each write to the journal after its first line, neither result file holds a write not synced since.
    @Test(
        .enabled(
            if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"),
            "needs strace, and root to trace prx"))
    func eachTurnsResultsAreSyncedBeforeTheJournal() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(4) { "echo synced \($0)\n" }
        let trace = bench.root.file("trace.txt")
        let csv = bench.root.file("summary.csv"), json = bench.root.file("results.jsonl")
        let outcome = try await PRXProcess.run(
            ["-f", "-qq", "-y", "-o", trace, "-e", "trace=write,writev,fdatasync,fsync", PRXProcess.executablePath,
             "-T", folder, "-C", "bash @TASK@", "-r", "-m", "2", "--sync", "--json", json, "--set", "csv.path=\(csv)"],
            executable: "/usr/bin/strace", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let call = /^(?:\d+ +)?(write|writev|fdatasync|fsync)\(\d+<([^>]*)>/
        var journalWrites = 0
        var unsynced: Set<String> = []
        var syncs: [String: Int] = [:]
        var unsyncedAtJournalWrites: [String] = []
        for line in try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n") {
            guard let match = line.firstMatch(of: call) else { continue }
            let (name, path) = (String(match.1), String(match.2))
            if path.hasPrefix(bench.home + "/history/") {
                guard name.hasPrefix("write") else { continue }
                journalWrites += 1
                // The first is the run_started line, written before the run's first row.
                if journalWrites > 1 { unsyncedAtJournalWrites += unsynced.sorted() }
            } else if [csv, json].contains(path) && journalWrites > 0 {
                if name.hasPrefix("write") {
                    unsynced.insert(path)
                } else {
                    unsynced.remove(path)
                    syncs[path, default: 0] += 1
                }
            }
        }
        #expect(journalWrites > 2)
        #expect(unsyncedAtJournalWrites.isEmpty, "\(unsyncedAtJournalWrites)")
        #expect(syncs[json, default: 0] >= 2 && syncs[csv, default: 0] >= 2, "\(syncs)")
        #expect(try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n").count == 5)
    }

    /// A summary CSV that is a FIFO is written but not synced: `fdatasync` refuses a FIFO (`EINVAL`), and the run
    /// failed with "cannot sync results.fifo: Invalid argument".
    @Test func aSyncedRunWritesAFIFOItCannotSync() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { "echo synced \($0)\n" }
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try FIFOReader(fifo)
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--sync", "--set", "csv.path=\(fifo)"],
            home: bench.home, directory: bench.root.path)
        let rows = await reader.lines()
        let outcome = await run.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("cannot sync"), "\(outcome.stderr)")
        #expect(rows.count == 4)
        #expect(rows.dropFirst().allSatisfy { $0.contains(";SUCCESS;") })
    }

    /// A summary CSV that is a pipe (`--set csv.path=/dev/stdout` piped to a reader) or a character device
    /// (`/dev/null`) is written but not synced, where the run failed with "cannot sync …: Invalid argument".
    @Test(arguments: ["/dev/stdout", "/dev/null"])
    func aSyncedRunWritesAPipeOrADeviceItCannotSync(path: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { "echo synced \($0)\n" }
        let piped = bench.root.file("piped.txt")
        let outcome = try await PRXProcess.run(
            ["-c", #""$0" "$@" | cat > piped.txt; exit "${PIPESTATUS[0]}""#, PRXProcess.executablePath,
             "-T", folder, "-C", "bash @TASK@", "-r", "--sync", "--set", "csv.path=\(path)"],
            executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("cannot sync"), "\(outcome.stderr)")
        let rows = try String(contentsOfFile: piped, encoding: .utf8).split(separator: "\n")
        #expect(rows.filter { $0.contains(";SUCCESS;") }.count == (path == "/dev/null" ? 0 : 3))
    }
}
