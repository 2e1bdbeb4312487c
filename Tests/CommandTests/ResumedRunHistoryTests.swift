import Foundation
import PRXTesting
import Testing

/// A run taken up by `--resume` or `--resume-failed` stayed `killed` (or `finished`, …) in `prx history` once its
/// resumption had ended, and nothing in `prx history`, `prx history RUN` or `prx status RUN` said the two runs belonged
/// together: only a second `--resume` of the earlier run named the later one. The table now says `killed, resumed` (the
/// state it had, then `, resumed`), `prx history RUN` says `Resumes: run ID` and `Resumed by: run ID`, its `--json` and
/// `prx history --json` give `resumed_from` and `resumed_by`, and `prx status RUN` of the earlier run names the later.
@Suite(.runsProcesses) struct ResumedRunHistoryTests {
    /// A run killed with `kill -9` while its second task runs, then resumed with `--resume`, which runs that task.
    @Test func aKilledRunAndItsResumptionNameEachOther() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { index in
            index == 1 ? "true\n" : "while [ ! -e \(bench.root.file("go")) ]; do sleep 0.05; done\n"
        }
        let killed = try PRXProcess(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "2"], home: bench.home, directory: bench.root.path)
        let status = try await killed.whileRunning(stoppedWith: SIGKILL) {
            try await bench.status(once: ": 1 finished, 1 running")
        }
        #expect(status.contains(": 1 finished, 1 running"), "\(status)")
        let first = try #require(bench.runIDs().first)
        try bench.root.write("go", "")
        let resumed = try await bench.prx(["--resume", first])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let runs = bench.runIDs()
        try #require(runs.count == 2)
        let second = runs[1]

        let table = try await bench.prx(["history"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").map(String.init)
        try #require(rows.count == 3, "\(rows)")
        #expect(Self.state(in: rows, of: first) == "killed, resumed", "\(rows)")
        #expect(Self.state(in: rows, of: second) == "finished", "\(rows)")
        // The STATE column is as wide as its widest cell: COMMAND starts at one column in every row.
        let command = try #require(rows[0].range(of: "COMMAND")).lowerBound.utf16Offset(in: rows[0])
        for row in rows.dropFirst() {
            #expect(row.dropFirst(command).hasPrefix("prx "), "\(rows)")
        }

        let earlier = try await bench.prx(["history", first]).stdout.components(separatedBy: "\n")
        #expect(earlier.first?.hasPrefix("Run \(first): killed, started ") == true, "\(earlier)")
        #expect(earlier.dropFirst().first?.hasPrefix("Command: prx -T ") == true, "\(earlier)")
        #expect(Array(earlier.dropFirst(2).prefix(2)) == ["Resumed by: run \(second)", ""], "\(earlier)")
        let later = try await bench.prx(["history", second]).stdout.components(separatedBy: "\n")
        #expect(later.first?.hasPrefix("Run \(second): finished, started ") == true, "\(later)")
        #expect(Array(later.dropFirst(2).prefix(2)) == ["Resumes: run \(first)", ""], "\(later)")

        try await Self.expectLinks(
            [first: (from: nil, by: second), second: (from: first, by: nil)], in: bench)

        let stopped = try await bench.prx(["status", first])
        #expect(stopped.stdout == "Run \(first) is not running (killed, resumed by run \(second)): "
            + "prx history \(first) shows its tasks.\n")
        let ended = try await bench.prx(["status", second])
        #expect(ended.stdout == "Run \(second) is not running (finished): prx history \(second) shows its tasks.\n")
    }

    /// A run whose failure was resumed with `--resume-failed` twice: each run names the one it resumed and the one that
    /// resumed it, and the middle run both.
    @Test func eachRunOfAChainNamesTheRunsBesideIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let chain = try await ResumedChain(in: bench)
        let again = try await bench.prx(["--resume-failed", chain.second])
        #expect(again.status == 0, "\(again.stderr)")
        let runs = bench.runIDs()
        try #require(runs.count == 3)
        let third = runs[2]

        let rows = try await bench.prx(["history"]).stdout.split(separator: "\n").map(String.init)
        #expect(runs.map { Self.state(in: rows, of: $0) } == ["finished, resumed", "finished, resumed", "finished"])
        let middle = try await bench.prx(["history", chain.second]).stdout.components(separatedBy: "\n")
        #expect(Array(middle.dropFirst(2).prefix(3)) == ["Resumes: run \(chain.first)", "Resumed by: run \(third)", ""],
            "\(middle)")
        try await Self.expectLinks(
            [
                chain.first: (from: nil, by: chain.second), chain.second: (from: chain.first, by: third),
                third: (from: chain.second, by: nil),
            ], in: bench)
    }

    /// The STATE of `run` in the table of runs `rows` (its header first): the text of its row under the header's
    /// STATE, up to COMMAND.
    static func state(in rows: [String], of run: String) -> String? {
        guard let header = rows.first, let state = header.range(of: "STATE"), let command = header.range(of: "COMMAND"),
            let row = rows.first(where: { $0.hasPrefix(run + " ") })
        else { return nil }
        let from = state.lowerBound.utf16Offset(in: header), to = command.lowerBound.utf16Offset(in: header)
        return String(row.dropFirst(from).prefix(to - from)).trimmingCharacters(in: .whitespaces)
    }

    /// Expects each run of `links` to have its `resumed_from` and `resumed_by` (`nil` for `null`) in `prx history
    /// --json` and in `prx history RUN --json`, beside `halt_reason`.
    static func expectLinks(
        _ links: [String: (from: String?, by: String?)], in bench: Workbench,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(try await bench.prx(["history", "--json"]).stdout.utf8))
                as? [[String: Any]], sourceLocation: sourceLocation)
        for (run, link) in links {
            let alone = try JSONSerialization.jsonObject(
                with: Data(try await bench.prx(["history", run, "--json"]).stdout.utf8)) as? [String: Any]
            for object in [listed.first { $0["run"] as? String == run }, alone] {
                let object = try #require(object, sourceLocation: sourceLocation)
                #expect(object.keys.contains("halt_reason"), sourceLocation: sourceLocation)
                for (member, value) in [("resumed_from", link.from), ("resumed_by", link.by)] {
                    if let value {
                        #expect(object[member] as? String == value, "\(run) \(member)", sourceLocation: sourceLocation)
                    } else {
                        #expect(object[member] is NSNull, "\(run) \(member)", sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }
}
