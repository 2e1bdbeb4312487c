import Foundation
import PRXTesting
import Testing

/// A history others write to (a shared `PRX_HOME`) lists every user's runs, and `prx history` and `prx status` did not
/// say whose a run was: another user's read as one of yours, until `--resume` of it was refused. Another user's run is
/// now listed with its owner: a USER column in the table, `, by OWNER` in `prx history RUN`, the owner beside the PID
/// in `prx status`, and every run's `uid` and `user` in `--json`.
@Suite(.runsProcesses, .enabled(if: geteuid() == 0, "giving a file to another user needs root"))
struct AnotherUsersRunListingTests {
    @Test func theHistoryNamesTheOwnerOfEachRunWhenOneIsAnotherUsers() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/a.sh", "true\n")
        for _ in 1...2 { #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 0) }
        let runs = bench.runIDs()
        try #require(runs.count == 2)
        let ownRows = try await bench.prx(["history"]).stdout.split(separator: "\n")
        #expect(ownRows.first?.hasPrefix("RUN ") == true && ownRows.first?.contains("USER") == false)
        #expect(chown(bench.home + "/history/\(runs[0]).jsonl", 65534, 65534) == 0)
        let nobody = String(cString: try #require(getpwuid(65534)?.pointee.pw_name))

        let table = try await bench.prx(["history"])
        #expect(table.status == 0)
        let rows = table.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { Array($0.prefix(2)) } == [["RUN", "USER"], [runs[0], nobody], [runs[1], "root"]])

        let json = try await bench.prx(["history", "--json"])
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["uid"] as? Int } == [65534, 0])
        #expect(objects.map { $0["user"] as? String } == [nobody, "root"])

        let one = try await bench.prx(["history", runs[0]])
        #expect(one.stdout.split(separator: "\n").first?.hasSuffix(", by \(nobody) (uid 65534)") == true)
        let own = try await bench.prx(["history", runs[1]])
        #expect(own.stdout.split(separator: "\n").first?.contains(" by ") == false)
        let oneOutput = try await bench.prx(["history", "--json", runs[0]])
        let oneJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(oneOutput.stdout.utf8)) as? [String: Any])
        #expect(oneJSON["uid"] as? Int == 65534)
        #expect(oneJSON["user"] as? String == nobody)
    }

    /// A journal another user owns that says it resumed one of yours (`resumed_from`) does not mark yours resumed in
    /// `prx history` (`finished, resumed`), `Resumed by:`, `resumed_by` or `prx status`, though it is the newest to
    /// name it: it is no resumption of yours, as `--resume` holds. Nor is a run of another user's marked resumed by
    /// one of yours whose journal names it, while the runs of a chain that are all one user's name each other, another
    /// user's too.
    @Test func anotherUsersJournalIsNoResumptionOfYourRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/a.sh", "[ -e \(bench.root.file("ok")) ]\n")
        #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 1)
        let run = try #require(bench.runIDs().first)
        let journal = bench.home + "/history/\(run).jsonl"
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        // Started last, so that it is the newest journal naming the run.
        let time = try #require(text.range(of: #"(?<="time":")[^"]*"#, options: .regularExpression))
        let claim = text.replacingCharacters(in: time, with: "2999-12-31T23:59:59.000000+00:00")
            .replacingOccurrences(of: "\"configuration\":[", with: "\"configuration\":[\"resumed_from=\(run)\",")
        #expect(claim.contains("resumed_from"))
        let planted = "29991231-235959-1"
        let plantedPath = bench.home + "/history/\(planted).jsonl"
        try claim.write(toFile: plantedPath, atomically: false, encoding: .utf8)
        #expect(chown(plantedPath, 65534, 65534) == 0)

        let rows = try await bench.prx(["history"]).stdout.split(separator: "\n").map(String.init)
        #expect(ResumedRunHistoryTests.state(in: rows, of: run) == "finished", "\(rows)")
        #expect(try await !bench.prx(["history", run]).stdout.contains("Resumed by"))
        #expect(try await !bench.prx(["history", planted]).stdout.contains("Resumes"))
        #expect(try await bench.prx(["status", run]).stdout.hasPrefix("Run \(run) is not running (finished): "))
        try await ResumedRunHistoryTests.expectLinks([run: (nil, nil), planted: (nil, nil)], in: bench)

        // Resumed by the user: that run, older than the planted one, is the one named.
        try bench.root.write("ok", "")
        #expect(try await bench.prx(["--resume-failed", run]).status == 0)
        let resumption = try #require(bench.runIDs().first { $0 != run && $0 != planted })
        let resumedRows = try await bench.prx(["history"]).stdout.split(separator: "\n").map(String.init)
        #expect(ResumedRunHistoryTests.state(in: resumedRows, of: run) == "finished, resumed", "\(resumedRows)")
        try await ResumedRunHistoryTests.expectLinks(
            [run: (nil, resumption), resumption: (run, nil), planted: (nil, nil)], in: bench)
        #expect(unlink(plantedPath) == 0)

        // The resumed run's journal given to another user: yours does not mark it resumed.
        #expect(chown(journal, 65534, 65534) == 0)
        try await ResumedRunHistoryTests.expectLinks([run: (nil, nil), resumption: (nil, nil)], in: bench)
        #expect(try await !bench.prx(["history", run]).stdout.contains("Resumed by"))
        #expect(try await !bench.prx(["history", resumption]).stdout.contains("Resumes"))
        // Both that user's: a chain of theirs.
        #expect(chown(bench.home + "/history/\(resumption).jsonl", 65534, 65534) == 0)
        try await ResumedRunHistoryTests.expectLinks([run: (nil, resumption), resumption: (run, nil)], in: bench)
    }

    @Test func statusNamesTheOwnerOfAnotherUsersRunGoingOn() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/a.sh", "while [ ! -e \(bench.root.file("done")) ]; do sleep 0.05; done\n")
        // A run going on, its journal given to another user, and `prx status` while it runs.
        let outcome = try await bench.shell(
            """
            "$PRX" -T t -C 'sh @TASK@' -r >/dev/null 2>&1 & run=$!
            until ls home/history/*.jsonl >/dev/null 2>&1; do sleep 0.05; done
            chown 65534:65534 home/history/*.jsonl
            "$PRX" status; status=$?
            touch done; wait $run; exit $status
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let nobody = String(cString: try #require(getpwuid(65534)?.pointee.pw_name))
        let run = try #require(bench.runIDs().first)
        let pid = try #require(run.split(separator: "-").last)
        #expect(outcome.stdout.hasPrefix("Run \(run) (PID \(pid), user \(nobody), uid 65534), started "))
    }
}
