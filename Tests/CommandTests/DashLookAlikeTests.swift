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

    /// The word after an option of a value that is a look-alike and the whole name of an option (`-C —run`) is that
    /// option, typed so, not the value: argparse takes it for the value, and `prx -C —run -T t` ran the command `—run`.
    /// The refusal says how to give it as the value.
    @Test(arguments: lookAlikes)
    func anOptionTypedWithALookAlikeAfterAnOptionIsNotItsValue(dash: String, code: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let why = "it starts with '\(dash)', U+\(code), not '-'"
        let cases: [([String], String)] = [
            (["-C", dash + "run", "-T", folder],
                "the value of -C, '\(dash)run', looks like an option: did you mean --run? "
                    + "(\(why); -C=\(dash)run takes it as the value)"),
            (["-T", folder, "--Comm", dash + "-run"],
                "the value of --Comm, '\(dash)-run', looks like an option: did you mean --run? "
                    + "(\(why); --Comm=\(dash)-run takes it as the value)"),
            (["-T", dash + "max", "4", "-C", "bash @TASK@", "-r"],
                "the value of -T, '\(dash)max', looks like an option: did you mean --max? "
                    + "(\(why); -T=\(dash)max takes it as the value)"),
            (["run", "r.lua", "--json", dash + "run"],
                "the value of --json, '\(dash)run', looks like an option: did you mean --run? "
                    + "(\(why); --json=\(dash)run takes it as the value)"),
        ]
        for (arguments, message) in cases {
            let outcome = try await bench.prx(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr == "prx: error: \(message)\n", "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A value that only starts with a look-alike, names an option by a prefix or a misspelling, or is joined to its
    /// option, is the option's value, as argparse takes it: the command template is run.
    @Test(arguments: [
        "\u{2014}runner @TASK@", "\u{2014}ru", "\u{2014}rn", "\u{2013}r", "\u{2014} @TASK@", "=\u{2014}run",
    ])
    func aValueThatIsNoWholeOptionNameIsTaken(value: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let name = value.drop { $0 == "=" }.prefix { $0 != " " }
        let program = bench.root.file("bin/\(name)")
        try bench.root.write("bin/\(name)", "#!/bin/sh\ntouch '\(program).ran'\n", executable: true)
        let path = bench.root.file("bin") + ":/usr/bin:/bin"
        let outcome = try await bench.prx(
            ["-T", folder, "-r"] + (value.hasPrefix("=") ? ["-C" + value] : ["-C", value]),
            environment: ["PATH": path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: program + ".ran"))
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
