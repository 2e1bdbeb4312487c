import Foundation
import PRXTesting
import Testing

/// A directory at a journal's name (`mkdir ~/prx/history/20260101-000000-1.jsonl`), or a FIFO, is no journal: `prx history` does
/// not list it, yet `--clear` counted it among the user's runs (`Delete all 2 runs …?`), tried to delete it and
/// failed, exit 1 (`prx: error: cannot delete …: Is a directory`), and pruning chose it among the runs to delete, as
/// one that had ended. It is left with what it holds, as the run registry leaves a directory named as an entry.
@Suite(.runsProcesses) struct DirectoryAtAJournalsNameTests {
    @Test func clearingLeavesADirectoryAtAJournalsName() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, _) = try await bench.journaledRunOfOneTask()
        let history = URL(fileURLWithPath: journal).deletingLastPathComponent().path
        try bench.root.write("home/history/20260101-000000-1.jsonl/kept", "mine\n")

        let asked = try await bench.shell(#"echo no | "$PRX" history --clear"#)
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout.contains("Delete all 1 run in \(history) "), "\(asked.stdout)")
        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stderr.isEmpty, "\(cleared.stderr)")
        #expect(cleared.stdout == "Cleared 1 run from \(history).\n")
        #expect(try bench.root.read("home/history/20260101-000000-1.jsonl/kept") == "mine\n")
    }

    /// A FIFO at a journal's name is no journal either: `prx history` does not read it, and `--clear` counted it as a
    /// run (`Cleared 1 run`) and deleted it.
    @Test func clearingLeavesAFIFOAtAJournalsName() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, _) = try await bench.journaledRunOfOneTask()
        let history = URL(fileURLWithPath: journal).deletingLastPathComponent().path
        let fifo = history + "/20260101-000000-2.jsonl"
        try #require(mkfifo(fifo, 0o600) == 0)

        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stdout == "Cleared 1 run from \(history).\n")
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO was deleted")
    }

    /// Pruning as a run ends (`keep_runs: 1`) counts the runs alone: a directory named as a run newer than any (by the
    /// time its name gives) took the one place kept, so that the run ending deleted its own journal and the history
    /// held no run.
    @Test func pruningLeavesADirectoryAtAJournalsName() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        try bench.root.write("home/history/20991231-000000-1.jsonl/kept", "mine\n")
        _ = try await bench.journaledRunOfOneTask()
        let second = try await bench.prx(["-A", "a.txt", "-C", "echo @ARG@", "-r"])
        #expect(second.status == 0, "\(second.stderr)")
        let listed = try await bench.prx(["history"])
        #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)")
        #expect(bench.runIDs().count == 2, "\(bench.runIDs())")
        #expect(try bench.root.read("home/history/20991231-000000-1.jsonl/kept") == "mine\n")
    }
}
