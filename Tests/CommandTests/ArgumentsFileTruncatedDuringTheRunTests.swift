import Foundation
import PRXTesting
import Testing

/// An arguments file that another process truncates as the run reads it (`: > args.txt`) has lost the lines prx had
/// not read yet: the run ended where the file now ended, with exit status 0 as though every line had run, and ran the
/// part of a line its last read had taken as a task of its own. The run now stops there as for a line it cannot read:
/// the lines read whole run, the part of a line does not, and the error naming the file and line comes after the
/// report, exit status 2.
@Suite(.runsProcesses) struct ArgumentsFileTruncatedDuringTheRunTests {
    @Test func theRunStopsWhereItsArgumentsFileWasCut() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // Lines of 1000 bytes, more than prx reads at once; the first task empties the file, which prx has read the
        // first lines of. A task given part of a line fails.
        let lines = (1...300).map { String("\($0)".padding(toLength: 1000, withPad: "x", startingAt: 0)) }
        let arguments = try bench.root.write("args.txt", lines.joined(separator: "\n") + "\n")
        let command = "sh -c '[ ${#0} -eq 1000 ] || exit 3; [ \"${0%%x*}\" = 1 ] && : > \(arguments); true' @ARG@"
        let outcome = try await bench.prx(["-A", "args.txt", "-C", command, "-r", "-m", "1"])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let error = try #require(outcome.stderr.split(separator: "\n").last)
        #expect(error.hasPrefix(
            "prx: error: cannot read arguments file args.txt: truncated during the run, to 0 of the ")
            && error.contains(" bytes read (by another process) (args.txt:"), "\(outcome.stderr)")
        let total = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("Total Tasks: ") })
        let succeeded = try #require(outcome.stdout.split(separator: "\n").first {
            $0.hasPrefix("Completed Successfully: ")
        })
        #expect(total.dropFirst("Total Tasks: ".count) == succeeded.dropFirst("Completed Successfully: ".count))
        #expect((Int(total.dropFirst("Total Tasks: ".count)) ?? 0) < 300, "\(outcome.stdout)")
    }

    /// A file prx had read whole (three short lines, the last without a line break: one read) has lost nothing when
    /// another process empties it later: every line runs and the run ends 0, as parallelr's, which reads the whole
    /// file as it starts. It was taken for truncated as prx next read, at the end: the error, exit 2, and the last
    /// line, read whole, dropped as the part of a line.
    @Test func aFileReadWholeBeforeItIsEmptiedRunsEveryLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", "1\n2\n3")
        let command = "sh -c '[ \"$0\" = 1 ] && : > \(arguments); true' @ARG@"
        let outcome = try await bench.prx(["-A", "args.txt", "-C", command, "-r", "-m", "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("truncated"), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Completed Successfully: 3\n"), "\(outcome.stdout)")
    }
}
