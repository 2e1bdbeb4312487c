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

    /// A summary CSV that is a FIFO is written but not synced: `fdatasync` refuses a FIFO (`EINVAL`), and the run
    /// failed with "cannot sync results.fifo: Invalid argument".
    @Test func aSyncedRunWritesAFIFOItCannotSync() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(3) { "echo synced \($0)\n" }
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--sync", "--set", "csv.path=\(fifo)"],
            home: bench.home, directory: bench.root.path)
        let rows = try await bench.lines(readFromFIFO: fifo)
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
