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

    /// `-C` is blank, refused before the run, when the template splits into no words, as CommandTemplate splits it:
    /// by code point, at a space, tab, line feed or carriage return. A space and a combining mark after it are one
    /// Character of Swift's, which is whitespace, and `-C ' \u{0301}'` was refused as empty, where the template is one
    /// word, the mark, a program that is then not found (as shlex splits it in parallelr); a vertical tab, which the
    /// split does not separate words at, is such a word too.
    @Test(arguments: [
        (" \u{0301}", "'\u{0301}'"), ("\u{0B}", "'\u{0B}'"), (" \t\r\n", nil),
    ] as [(String, String?)])
    func aCommandIsBlankWhenItSplitsIntoNoWords(command: String, shown: String?) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = try bench.root.write("hosts.txt", "web1\n")
        let outcome = try await bench.prx(["-A", hosts, "-C", command])
        guard let shown else {
            #expect(outcome.status == 2)
            #expect(outcome.stderr == "prx: error: -C/--Command must not be empty (see 'prx --help')\n")
            return
        }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(
            Array(outcome.stdout.unicodeScalars)
                == Array("\(shown)\n# dry run: 1 task; add -r to run it\n".unicodeScalars))
        let run = try await bench.prx(["-A", hosts, "-C", command, "-r"])
        #expect(run.status == 1)
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["ERROR"])
        #expect(records.first?["error_message"]?.hasPrefix("command not found:") == true, "\(records)")
    }
}
