import Foundation
import PRXTesting
import Testing

/// `history.keep_runs` holds once runs that went on together have ended: the history was pruned only as a run
/// started, when the runs going then were all kept, so that with `keep_runs: 1` six runs started at once left six
/// journals until some later run started (found by the black-box hunt).
@Suite(.runsProcesses) struct KeepRunsAfterConcurrentRunsTests {
    /// The run id a prx run's report names (`Run: ID (…)`).
    private static func runID(reportedIn outcome: PRXProcess.Outcome) -> String? {
        outcome.stdout.firstMatch(of: #/Run: (\d{8}-\d{6}-\d+) /#).map { String($0.1) }
    }

    @Test func sixRunsStartedAtOnceLeaveOneJournalOnceAllHaveEnded() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        let folder = try bench.tasks(1) { _ in "sleep 2\n" }
        let runs = try (0..<6).map { _ in
            try PRXProcess(["-T", folder, "-C", "bash @TASK@", "-r"], home: bench.home, directory: bench.root.path)
        }
        var ids: [String] = []
        for run in runs {
            let outcome = await run.wait(killingAfter: 60)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            ids += [Self.runID(reportedIn: outcome)].compactMap { $0 }
        }
        #expect(ids.count == 6)
        let kept = bench.runIDs()
        #expect(kept.count == 1, "\(kept)")
        #expect(kept.allSatisfy(ids.contains))
    }

    /// A run that ends while an older one goes on keeps its journal beside the one going, which is never pruned;
    /// once that one has ended too, only the run that started last is kept: the older run, ending last, removes its
    /// own journal.
    @Test func aRunEndingBesideOneGoingIsKeptUntilBothHaveEnded() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        let started = bench.root.file("started"), stop = bench.root.file("stop")
        let slow = try bench.tasks(1, in: "slow") { _ in
            "touch \(started)\nwhile [ ! -e \(stop) ]; do sleep 0.1; done\n"
        }
        let going = try PRXProcess(
            ["-T", slow, "-C", "bash @TASK@", "-r"], home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: started) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let goingID = try #require(bench.runIDs().first)
        let quick = try bench.tasks(1, in: "quick") { _ in "true\n" }
        let ended = try await bench.prx(["-T", quick, "-C", "bash @TASK@", "-r"])
        #expect(ended.status == 0, "\(ended.stderr)")
        let quickID = try #require(Self.runID(reportedIn: ended))
        #expect(bench.runIDs() == [goingID, quickID])
        try bench.root.write("stop", "")
        let outcome = await going.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(bench.runIDs() == [quickID])
    }

    /// A prx prunes the history in its turn: while another holds the history directory's lock (here `flock`, as a prx
    /// pruning does), it deletes nothing, and it prunes once the lock is let go. Side by side, pruners judged journals
    /// the other was deleting.
    @Test func aPruneWaitsForAnotherToEnd() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        let old = ["20000101-000000-1", "20000102-000000-1"]
        for id in old {
            try bench.root.write("home/history/\(id).jsonl", "")
        }
        let holder = try PRXProcess(
            ["home/history", "sh", "-c",
             "touch held; while [ ! -e go ]; do sleep 0.05; done; ls home/history > listed-while-held"],
            executable: "/usr/bin/flock", home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: bench.root.file("held")) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r"], home: bench.home, directory: bench.root.path)
        // Its journal made, prx prunes, or waits to: a moment more for a prune that did not wait to have deleted.
        while bench.runIDs().allSatisfy(old.contains) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        try? await Task.sleep(for: .milliseconds(200))
        try bench.root.write("go", "")
        _ = await holder.wait(killingAfter: 20)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let listed = try bench.root.read("listed-while-held")
        #expect(old.allSatisfy { listed.contains($0) }, "\(listed)")
        #expect(bench.runIDs().count == 1 && !bench.runIDs().contains(where: old.contains), "\(bench.runIDs())")
    }

    /// The journal of a run a prx is resuming is kept, though no journal names it yet (the resume waits for a killed
    /// run's tasks first): a run ending meanwhile removed it. Here `flock` holds the journal as `--resume` does.
    @Test func theJournalOfARunBeingResumedIsKept() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "history:\n  keep_runs: 1\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 0)
        let resumed = try #require(bench.journals().first)
        let holder = try PRXProcess(
            [resumed, "sh", "-c", "touch held; while [ ! -e go ]; do sleep 0.05; done"],
            executable: "/usr/bin/flock", home: bench.home, directory: bench.root.path)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: bench.root.file("held")) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(bench.journals().count == 2 && bench.journals().contains(resumed), "\(bench.journals())")
        try bench.root.write("go", "")
        _ = await holder.wait(killingAfter: 20)
        #expect(try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"]).status == 0)
        #expect(bench.journals().count == 1 && !bench.journals().contains(resumed), "\(bench.journals())")
    }
}
