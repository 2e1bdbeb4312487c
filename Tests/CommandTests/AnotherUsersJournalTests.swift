import Foundation
import PRXTesting
import Testing

/// A history others can write to (a shared `PRX_HOME`) can hold a journal another user wrote: `--resume` of its run
/// ran the commands it names, as the user resuming it (root's resumption, as root). A resumption now refuses a journal
/// another user owns, naming it and its owner, and runs nothing; `prx history` still lists the run.
@Suite(.runsProcesses, .enabled(if: geteuid() == 0, "giving a file to another user needs root"))
struct AnotherUsersJournalTests {
    @Test(arguments: ["--resume", "--resume-failed"])
    func aJournalAnotherUserOwnsIsNotResumed(flag: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (run, log) = try await failedRun(in: bench)
        let journal = bench.home + "/history/\(run).jsonl"
        #expect(chown(journal, 65534, 65534) == 0)

        let again = try await bench.prx([flag, run])
        #expect(again.status == 2)
        let owner = String(cString: try #require(getpwuid(65534)?.pointee.pw_name))
        #expect(again.stderr == "prx: error: the journal \(journal) is owned by \(owner) (uid 65534), not by root "
            + "(uid 0), who runs this prx: prx does not run what another user's journal names\n")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "a\n")
        #expect(bench.runIDs() == [run])
        #expect(try await bench.prx(["history"]).stdout.contains(run))
    }

    /// A journal another user wrote that says it resumed one of the user's runs (`resumed_from`) had `--resume` of
    /// that run refused, `run … was resumed by run …; resume that one`: it is no run of the user's, and the run is
    /// resumed.
    @Test func aJournalAnotherUserOwnsDoesNotClaimToHaveResumedARun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (run, log) = try await failedRun(in: bench)
        let journal = try String(contentsOfFile: bench.home + "/history/\(run).jsonl", encoding: .utf8)
        let planted = "29991231-235959-1"
        let claim = journal.replacingOccurrences(
            of: "\"configuration\":[", with: "\"configuration\":[\"resumed_from=\(run)\",")
        #expect(claim != journal)
        let plantedPath = bench.home + "/history/\(planted).jsonl"
        try claim.write(toFile: plantedPath, atomically: false, encoding: .utf8)
        #expect(chown(plantedPath, 65534, 65534) == 0)

        let again = try await bench.prx(["--resume", run])
        #expect(again.status == 1, "\(again.stderr)")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "a\na\n")
    }

    /// A journal another user owns that one of the user's runs resumed (its `resumed_from` names it, a journal of the
    /// user's deleted and planted again, or one resumed before prx checked owners) was read as no run without a word,
    /// so that what succeeded there ran again unannounced. It is still not read, and the resumption says whose it is.
    @Test func aJournalAnotherUserOwnsInTheResumedChainIsWarnedOf() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let chain = try await ResumedChain(in: bench)
        let journal = bench.home + "/history/\(chain.first).jsonl"
        #expect(chown(journal, 65534, 65534) == 0)

        let again = try await bench.prx(["--resume", chain.second])
        #expect(again.status == 0, "\(again.stderr)")
        let owner = String(cString: try #require(getpwuid(65534)?.pointee.pw_name))
        #expect(again.stderr == "prx: warning: run \(chain.second) resumed run \(chain.first), which this resumption "
            + "does not read: the journal \(journal) is owned by \(owner) (uid 65534), not by root (uid 0), who runs "
            + "this prx; a task that succeeded in run \(chain.first) may run again\n")
        #expect(try chain.ranTasks() == ["a", "a", "b", "b", "b"])
    }

    /// Runs a task that fails in `bench`, writing `a` to its log; returns the run's id and the log's path.
    private func failedRun(in bench: Workbench) async throws -> (run: String, log: String) {
        let log = bench.root.file("runs.log")
        try bench.root.write("t/a.sh", "echo a >> \(log); exit 1\n")
        #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 1)
        return (try #require(bench.runIDs().first), log)
    }
}
