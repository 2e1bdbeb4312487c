import Foundation
import PRXTesting
import Testing

/// A finished run's duration in `prx history` is the time from its journal's start to its end to the microsecond the
/// journal records, whatever form the time takes that the journal reader takes (a fraction of any length or none, an
/// offset or `Z`): read with Foundation's ISO 8601 parser, each end was cut to the millisecond (`0.012000083923339844`
/// for a run of 0.011891 s), and a time without a fraction was no time at all, the duration `null` and `-`.
@Suite(.runsProcesses) struct RunDurationPrecisionTests {
    @Test(arguments: [
        ("2026-12-06T14:31:05.850829+00:00", "2026-12-06T14:31:05.862720+00:00", 0.011891, "0.01s"),
        ("2026-12-06T20:16:05+05:45", "2026-12-06T14:31:07.5Z", 2.5, "2.50s"),
    ])
    func theDurationIsReadToTheMicrosecond(start: String, end: String, seconds: Double, shown: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, run) = try await bench.journaledRunOfOneTask()
        var lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        let time = /"time":"[^"]*"/
        lines[0] = lines[0].replacing(time, with: #""time":"\#(start)""#, maxReplacements: 1)
        let last = lines.count - 1
        #expect(lines[last].contains(#""event":"run_finished""#))
        lines[last] = lines[last].replacing(time, with: #""time":"\#(end)""#, maxReplacements: 1)
        try (lines.joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)

        let listed = try await bench.prx(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let object = try #require(runs.first { $0["run"] as? String == run }, "\(listed.stdout)")
        let duration = try #require(object["duration"] as? Double, "\(listed.stdout)")
        #expect(abs(duration - seconds) < 1e-9, "\(duration)")
        let table = try await bench.prx(["history"]).stdout
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix(run + " ") }, "\(table)")
        #expect(row.contains(" \(shown) "), "\(row)")
    }
}
