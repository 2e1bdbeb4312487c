import Foundation
import PRXTesting
import Testing

/// Text a user gives prx is taken code point by code point, as parallelr's Python takes it, not by Swift's characters
/// (grapheme clusters): a `#`, `/`, `,` or space followed by an emoji modifier, a joiner or a combining mark is one
/// character to Swift, which none of those marks is.
@Suite(.runsProcesses) struct CodePointTextTests {
    /// `#️⃣ web servers` (`#`, U+FE0F, U+20E3) is a comment, as Python's `line.strip().startswith('#')` tells: it was a
    /// task, listed by the dry run and failing the run.
    @Test(arguments: ["#\u{FE0F}\u{20E3} web servers", "#\u{200D} x", "#\u{0301} x"])
    func aHashFollowedByAMarkStartsAComment(comment: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = try bench.root.write("hosts.txt", comment + "\nweb1\n")
        let dryRun = try await bench.prx(["-A", hosts, "-C", "echo @ARG@"])
        #expect(dryRun.stdout == "echo web1\n# dry run: 1 task; add -r to run it\n", "\(dryRun.stderr)")
        let run = try await bench.prx(["-A", hosts, "-C", "test @ARG@ = web1", "-r"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS"])
    }

    /// The command is split into words by code points, as shlex splits it: `echo \u{0301}x` ran a program called
    /// `echo \u{0301}x`, and `'a'\u{0301}` was refused as an unclosed quote.
    @Test func theCommandIsSplitByCodePoints() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = try bench.root.write("hosts.txt", "web1\n")
        let outcome = try await bench.prx(["-A", hosts, "-C", "echo \u{0301}x 'a'\u{0301} @ARG@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(
            Array(outcome.stdout.unicodeScalars)
                == Array("echo '\u{0301}x' 'a\u{0301}' web1\n# dry run: 1 task; add -r to run it\n".unicodeScalars))
    }
}
