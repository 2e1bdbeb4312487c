import Foundation
import PRXTesting
import Testing

/// A task whose command template has a placeholder it has no value for (an `-A` line with fewer fields than `-E` names
/// or than `@ARG_N@` needs, `@ARG@` in file mode) is `ERROR` and never runs; its command, in the CSV's `command` and the
/// output file's `Command:`, read as a command giving the placeholder's text for a value, `echo c '$Y'`, which prx
/// neither ran nor would run. It now reads as the template filled in as far as it could be, each unfilled placeholder
/// as written, outside the quotes (`echo c $Y`, `echo a${Y}z`, `${Y}c` where `$Yc` would read as another name); the
/// dry run writes no command for such a task, only why it cannot run.
@Suite(.runsProcesses) struct UnfilledCommandTests {
    @Test(arguments: [
        (["-A", "args.txt", "-S", "space", "-E", "X,Y", "-C", "echo $X $Y"], "a b\nc\n", ["echo a b", "echo c $Y"]),
        (["-A", "args.txt", "-E", "X,Y", "-C", "echo \"${X}${Y}\"z"], "a\n", ["echo a${Y}z"]),
        // A `$NAME` that a name's character follows is braced, lest it read as a longer name (`$Yc`).
        (["-A", "args.txt", "-E", "X,Y", "-C", "echo $Y$X $Y-$X ${Y}_z"], "c\n", ["echo ${Y}c $Y-c ${Y}_z"]),
        (["-A", "args.txt", "-S", "space", "-C", "echo @ARG_1@ --out=@ARG_2@ \"x @ARG_3@\""], "a b c\nd\n",
         ["echo a --out=b 'x c'", "echo d --out=@ARG_2@ 'x '@ARG_3@"]),
        (["-T", "t", "-C", "bash @TASK@ \"@ARG@ y\""], "", ["bash {root}/t/a.sh @ARG@' y'"]),
    ])
    func anUnfilledPlaceholderIsRecordedAsWritten(flags: [String], lines: String, commands: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", lines)
        try bench.root.write("t/a.sh", "echo x\n")
        let commands = commands.map { $0.replacingOccurrences(of: "{root}", with: bench.root.path) }
        let unfilled = try #require(commands.last)

        let dryRun = try await bench.prx(flags)
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains(": not runnable: "), "\(dryRun.stdout)")
        #expect(!dryRun.stdout.contains(unfilled), "\(dryRun.stdout)")

        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 1, "\(run.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.compactMap { $0["command"] }.sorted() == commands.sorted(), "\(records)")
        #expect(records.first { $0["command"] == unfilled }?["status"] == "ERROR", "\(records)")
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        #expect(output.contains("Command: \(unfilled)\nStatus: ERROR\n"), "\(output)")
    }
}
