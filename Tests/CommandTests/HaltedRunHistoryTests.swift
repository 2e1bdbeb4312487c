import Foundation
import PRXTesting
import Testing

/// `prx history RUN` of a run the stop limits halted showed it `finished`, most of its tasks `CANCELLED`, without a
/// word of why, which its journal's end line records (`halt_reason`) and its summary report said (`- Halted: …`). It
/// now says so under the command (`Halted: …`), and its `--json`, as `prx history --json`, gives `halt_reason`
/// (`null` for a run no policy halted).
@Suite(.runsProcesses) struct HaltedRunHistoryTests {
    @Test func aHaltedRunSaysWhyItHalted() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("lines.txt", "1\n2\n3\n4\n")
        let halted = try await bench.prx([
            "-A", "lines.txt", "-C", "sh -c 'exit 1' @ARG@", "-r", "-m", "1", "--enable-stop-limits",
            "--set", "stop-limits.max_consecutive_failures=2",
        ])
        #expect(halted.status == 1, "\(halted.stderr)")
        #expect(halted.stdout.contains("- Halted: 2 consecutive failures (limit: 2)\n"), "\(halted.stdout)")
        #expect(try await bench.prx(["-A", "lines.txt", "-C", "true @ARG@", "-r"]).status == 0)
        let runs = bench.runIDs()
        try #require(runs.count == 2)

        let table = try await bench.prx(["history", runs[0]]).stdout.split(separator: "\n").map(String.init)
        try #require(table.count > 2, "\(table)")
        #expect(table[1].hasPrefix("Command: "), "\(table)")
        #expect(table[2] == "Halted: 2 consecutive failures (limit: 2)", "\(table)")
        #expect(table.filter { $0.contains(" CANCELLED ") }.count == 2, "\(table)")
        let other = try await bench.prx(["history", runs[1]]).stdout
        #expect(!other.contains("Halted"), "\(other)")

        let listed = try JSONSerialization.jsonObject(
            with: Data(try await bench.prx(["history", "--json"]).stdout.utf8)) as? [[String: Any]]
        for (run, reason) in zip(runs, ["2 consecutive failures (limit: 2)", nil]) {
            let alone = try JSONSerialization.jsonObject(
                with: Data(try await bench.prx(["history", run, "--json"]).stdout.utf8)) as? [String: Any]
            let inList = listed?.first { $0["run"] as? String == run }
            for object in [alone, inList] {
                let object = try #require(object)
                #expect(object["state"] as? String == "finished")
                if let reason {
                    #expect(object["halt_reason"] as? String == reason, "\(object)")
                } else {
                    #expect(object["halt_reason"] is NSNull, "\(object)")
                }
            }
        }
    }
}
