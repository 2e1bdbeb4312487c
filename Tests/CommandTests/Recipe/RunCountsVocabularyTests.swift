import Foundation
import Testing

/// Every machine-readable view of a run's counts names each count alike, and each name means one thing: one count
/// per status and `failures`, those that failed, timed out or could not start. `failed` was the tasks that ended
/// `FAILED` in the `--json` summary line and the tables a recipe's stop function and `on_done` receive, and every
/// failure in `prx history --json`; the tables had no `failures`, and `prx history --json` no `timed_out`,
/// `errored`, `cancelled`, `skipped` or `failures`.
@Suite struct RunCountsVocabularyTests {
    /// The names, and a run's counts under them: one task of each status but `CANCELLED`.
    private static let expected = [
        "succeeded": 1, "failed": 1, "timed_out": 1, "errored": 1, "cancelled": 0, "skipped": 1, "failures": 3,
    ]

    /// A recipe writing what its stop function last received and what `on_done` received, `name=value` a line.
    private static let recipe = """
        local names = { "succeeded", "failed", "timed_out", "errored", "cancelled", "skipped", "failures" }
        local function save(path, counts)
          local lines = {}
          for _, name in ipairs(names) do lines[#lines + 1] = name .. "=" .. tostring(counts[name]) end
          prx.write(path, table.concat(lines, "\\n") .. "\\n")
        end
        prx.task { "true", name = "ok" }
        local fail = prx.task { "false", name = "fail" }
        prx.task { "sleep", "5", name = "slow", timeout = 1 }
        prx.task { "./no-such-program", name = "missing" }
        prx.task { "true", name = "after-fail", after = { fail } }
        prx.stop_when(function(stats) save("stop_when.txt", stats) end)
        prx.on_done(function(summary) save("on_done.txt", summary) end)
        """

    @Test func everyOutputCountsTheSameUnderTheSameNames() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", Self.recipe)
        let run = try await bench.prx(["run", "recipe.lua", "-r", "--json", "run.jsonl"])
        #expect(run.status == 1, "\(run.stderr)")

        let lines = try String(contentsOfFile: bench.root.file("run.jsonl"), encoding: .utf8).split(separator: "\n")
        let summary = try #require(lines.compactMap(Self.object).first { $0["type"] as? String == "summary" })
        #expect(Self.counts(summary) == Self.expected, "--json summary line")
        #expect(summary["total"] as? Int == 5)

        for file in ["stop_when.txt", "on_done.txt"] {
            let text = try String(contentsOfFile: bench.root.file(file), encoding: .utf8)
            let pairs = text.split(separator: "\n").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            let counts = Dictionary(uniqueKeysWithValues: pairs.map { ($0[0], Int($0[1]) ?? -1) })
            #expect(counts == Self.expected, "\(file): \(text)")
        }

        let listing = try await bench.prx(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        let listed = try #require(runs.first)
        #expect(Self.counts(listed) == Self.expected, "prx history --json")
        #expect(listed["tasks"] as? Int == 5)

        let runID = try #require(listed["run"] as? String)
        let tasks = try await bench.prx(["history", runID, "--json"])
        let one = try #require(Self.object(Substring(tasks.stdout)))
        #expect(Self.counts(one) == Self.expected, "prx history RUN --json")
        let statuses = (one["tasks"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        #expect(statuses.sorted() == ["ERROR", "FAILED", "SKIPPED", "SUCCESS", "TIMEOUT"])

        // The summary report keeps parallelr's words: its `Failed:` counts every failure, `Timed Out:` some of them.
        #expect(run.stdout.contains("\nFailed: 3\n") && run.stdout.contains("\nTimed Out: 1\n"), "\(run.stdout)")
    }

    /// The JSON object on `line`; `nil` for other text.
    private static func object(_ line: Substring) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// The members of `object` that ``expected`` names, those it lacks as -1.
    private static func counts(_ object: [String: Any]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: expected.keys.map { ($0, object[$0] as? Int ?? -1) })
    }
}
