import Foundation
import PRXTesting
import Testing

/// A journal's `run_started` line whose process id is past `Int32`, or whose process start time is negative, is a
/// damaged journal: every command reading it trapped (SIGILL, exit 132) converting the number, so that one such
/// journal in the history took `prx history`, `prx status`, `prx history RUN`, `prx feedback RUN TASK` and
/// `--resume RUN` down. The listings leave the run out, as they leave out other journals they cannot read, and the
/// commands naming it say what is damaged.
@Suite(.runsProcesses) struct OutOfRangeJournalNumbersTests {
    @Test(arguments: [
        ("pid", "2147483648"), ("pid", "-2147483649"), ("pid", "9223372036854775807"),
        ("pid", "-9223372036854775808"), ("guard_pid", "2147483648"), ("guard_pid", "-9223372036854775808"),
        ("pid_start", "-1"), ("guard_pid_start", "-1"),
    ])
    func aNumberOutOfRangeIsADamagedJournal(member: String, value: String) async throws {
        try await Self.expectDamaged(
            replacing: #""\#(member)":-?[0-9]+"#, with: #""\#(member)":\#(value)"#,
            reason: "\(member) is out of range (\(value))",
            commands: { run in
                [["history", run], ["feedback", run, "1"], ["--resume", run], ["--resume-failed", run]]
            })
    }

    /// A `time` that is no string, or `arguments` that are no list of strings, is a damaged journal too: `prx history
    /// RUN` showed the run `started ,` and `Command: prx` (no flags), and `--resume` said it named no arguments.
    @Test(arguments: [
        (#""time":"[^"]*""#, #""time":5"#, "time is not a string"),
        (#""time":"[^"]*""#, #""time":null"#, "time is not a string"),
        (#""arguments":\[[^\]]*\]"#, #""arguments":"-A a.txt -r""#, "arguments is not a list of strings"),
        (#""arguments":\[[^\]]*\]"#, #""arguments":["-A",1]"#, "arguments is not a list of strings"),
    ])
    func aMistypedMemberIsADamagedJournal(pattern: String, replacement: String, reason: String) async throws {
        try await Self.expectDamaged(
            replacing: pattern, with: replacement, reason: reason,
            commands: { run in [["history", run], ["history", run, "--json"], ["--resume", run]] })
    }

    /// Runs a run, replaces the first match of `pattern` in its journal by `replacement`, and expects the listings to
    /// leave the run out and each of `commands` (given the run's id) to say, exit 2, that the journal is damaged for
    /// `reason`.
    private static func expectDamaged(
        replacing pattern: String, with replacement: String, reason: String, commands: (String) -> [[String]]
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (journal, run) = try await bench.journaledRunOfOneTask()
        try bench.damage(journal: journal, replacing: pattern, with: replacement)

        let damaged = "prx: error: the journal \(journal) is damaged: its run_started line's \(reason)\n"
        let list = try await bench.prx(["history"])
        #expect(list.status == 0)
        #expect(!list.stdout.contains(run))
        let status = try await bench.prx(["status"])
        #expect(status.status == 0)
        #expect(status.stdout == "No prx run is going on.\n")
        for words in commands(run) {
            let outcome = try await bench.prx(words)
            #expect(outcome.status == 2, "\(words)")
            #expect(outcome.stderr == damaged, "\(words)")
            #expect(outcome.stdout.isEmpty, "\(words): \(outcome.stdout)")
        }
    }
}
