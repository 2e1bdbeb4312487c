import Foundation
import PRXTesting
import Testing

/// An option typed with a dash that only looks like `-` (an em dash pasted from a document, an en dash, a minus sign),
/// which the shell hands over as a word that is no option, is refused with the option it looks like, saying which
/// character it starts with. `—run` was offered `prx run`, the command, and after `-C x` the quoting of a template.
@Suite(.runsProcesses) struct DashLookAlikeTests {
    /// Each look-alike, with its code point as the refusal writes it.
    static let lookAlikes: [(dash: String, code: String)] = [
        ("\u{2014}", "2014"), ("\u{2013}", "2013"), ("\u{2212}", "2212"), ("\u{2010}", "2010"), ("\u{2011}", "2011"),
        ("\u{2012}", "2012"), ("\u{2015}", "2015"), ("\u{FE63}", "FE63"), ("\u{FF0D}", "FF0D"),
    ]

    @Test(arguments: lookAlikes)
    func anOptionTypedWithALookAlikeIsRefusedWithTheOptionItLooksLike(dash: String, code: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let why = "(it starts with '\(dash)', U+\(code), not '-')"
        let cases: [([String], String)] = [
            ([dash + "run", "-T", "t", "-C", "x"], "unknown option '\(dash)run': did you mean --run? \(why)"),
            (["-T", "t", "-C", "x", dash + "run"], "unknown option '\(dash)run': did you mean --run? \(why)"),
            (["-T", "t", "-C", "x", dash + "-max=4"], "unknown option '\(dash)-max=4': did you mean --max? \(why)"),
            (["-T", "a", "b", dash + "m", "4", "-C", "x"], "unknown option '\(dash)m': did you mean -m? \(why)"),
            (["-T", "t", "-C", "x", dash + "timout", "5"],
                "unknown option '\(dash)timout': did you mean --timeout? \(why)"),
            (["run", "r.lua", dash + "run"], "unknown option '\(dash)run': did you mean --run? \(why)"),
            (["history", dash + "json"], "unknown option '\(dash)json': did you mean --json? \(why)"),
        ]
        for (arguments, message) in cases {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(arguments)")
        }
    }

    /// A word that starts with a look-alike but names no option when written with `-` is refused as before.
    @Test func aWordThatNamesNoOptionIsRefusedAsBefore() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["-T", "t", "-C", "x", "\u{2014}zzzzzz"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: unexpected argument '\u{2014}zzzzzz' after -C/--Command 'x'"))
    }
}
