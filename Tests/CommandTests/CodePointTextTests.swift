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
    /// word, the mark, a program that is then not found (as shlex splits it in parallelr), which the dry run reports
    /// (its control characters escaped); a vertical tab, which the split does not separate words at, is such a word
    /// too.
    @Test(arguments: [
        (" \u{0301}", "\u{0301}"), ("\u{0B}", "\\x0b"), (" \t\r\n", nil),
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
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let line = "# web1: not runnable: command not found: \(shown)\n"
        #expect(
            Array(outcome.stdout.unicodeScalars)
                == Array("\(line)# dry run: 1 task, 1 not runnable; add -r to run it\n".unicodeScalars))
        let run = try await bench.prx(["-A", hosts, "-C", command, "-r"])
        #expect(run.status == 1)
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["ERROR"])
        #expect(records.first?["error_message"]?.hasPrefix("command not found:") == true, "\(records)")
    }

    /// The files a run writes are claimed by where their paths lead, read as the kernel reads them, by code point: the
    /// claims found a path's last `/` by Swift's characters, and a `/` followed by a combining mark is one Character,
    /// which is not `/`; a dangling link's target was absolute by its first Character, and the daemon's check of a
    /// result file that is its standard output read its links so too. Two sinks on one file behind such a name
    /// (`d/\u{0301}out` and `l/\u{0301}out` through a link `l` to `d`, a link `\u{0301}link` to `out.jsonl` and
    /// `out.jsonl`, a link to `/\u{0301}so-…` and that path) went unrefused, their lines torn into each other, or were
    /// refused as the wrong file; and `--json \u{0301}out`, a link to `so`, a link to `/dev/stdout`, was not refused
    /// in a daemon, which has no standard output.
    @Test func resultFilesAreClaimedWhereTheirPathsLeadByCodePoints() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let root = bench.root.path
        // The run that names a file at `/` is refused before it opens any; taken from the bench (the name at `/` with
        // its `/` dropped, as a path of the bench), it was made there, by root.
        let atRoot = "/\u{0301}so-\(getpid())-\(Int.random(in: 0...999_999))"
        defer { unlink(atRoot) }
        try FileManager.default.createDirectory(atPath: bench.root.file("d"), withIntermediateDirectories: true)
        for (link, target) in [
            ("l", "d"), ("\u{0301}link", "out.jsonl"), ("l2", atRoot),
            (String(atRoot.unicodeScalars.dropFirst()), "/dev/stdout"), ("so", "/dev/stdout"), ("\u{0301}out", "so"),
        ] {
            try FileManager.default.createSymbolicLink(atPath: bench.root.file(link), withDestinationPath: target)
        }
        let tornLines = "their lines would tear into each other (give each a file of its own)\n"
        let cases: [([String], String)] = [
            (["--json", "d/\u{0301}out", "--set", "csv.path=l/\u{0301}out"],
             "prx: error: --json and csv.path name the same file, \(root)/d/\u{0301}out (\(root)/l/\u{0301}out): "
                + tornLines),
            (["--json", "\u{0301}link", "--set", "csv.path=out.jsonl"],
             "prx: error: --json and csv.path name the same file, \(root)/\u{0301}link (\(root)/out.jsonl): "
                + tornLines),
            (["-D", "--json", "l2", "--set", "csv.path=\(atRoot)"],
             "prx: error: --json and csv.path name the same file, \(root)/l2 (\(atRoot)): " + tornLines),
            (["-D", "--json", "\u{0301}out"],
             "prx: error: --json \u{0301}out names prx's standard output, which a daemon (-D) does not have: "
                + "name a file\n"),
        ]
        for (arguments, refusal) in cases {
            let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"] + arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stdout)")
            #expect(Array(outcome.stderr.unicodeScalars) == Array(refusal.unicodeScalars), "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: atRoot))
    }

    /// A resumed daemon keeps its standard input when the resumed run read its lines from there (`-A /dev/stdin`):
    /// the resumed run's `-A` was absolute by its first Character, and `/\u{0301}in` was taken from the run's
    /// directory, where `\u{0301}in` (a link to `/dev/stdin` here) made it read the terminal it leaves, refused.
    @Test func aResumedRunsArgumentsFileIsAbsoluteByItsFirstCodePoint() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("lines.txt", "a\n")
        #expect(try await bench.prx(["-A", "lines.txt", "-C", "echo @ARG@", "-r"]).status == 0)
        let journal = try #require(bench.journals().first)
        let runID = try #require(bench.runIDs().first)
        // As if the run had read `/\u{0301}in-…`, which only root could make.
        let absolute = "/\u{0301}in-\(getpid())-\(Int.random(in: 0...999_999))"
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains(#""arguments":["-A","lines.txt","#))
        try text.replacingOccurrences(of: #""-A","lines.txt""#, with: "\"-A\",\"\(absolute)\"")
            .write(toFile: journal, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: bench.root.file(String(absolute.unicodeScalars.dropFirst())), withDestinationPath: "/dev/stdin")
        let command = "cd '\(bench.root.path)' && '\(PRXProcess.executablePath)' --resume \(runID) -D; echo status=$?"
        let resumed = try await PRXProcess.run(
            ["-qec", command, "/dev/null"], executable: "/usr/bin/script", home: bench.home)
        #expect(!resumed.stdout.contains("reads the terminal"), "\(resumed.stdout)")
        #expect(
            Array(resumed.stdout.unicodeScalars) == Array(
                "prx: error: cannot open arguments file \(absolute): No such file or directory (-A)\r\nstatus=2\r\n"
                    .unicodeScalars),
            "\(resumed.stdout)")
    }

    /// The log directory is made component by component, split at every `/` code point: `--log-dir 'new/\u{0301}logs'`
    /// was one component to make (`new/\u{0301}logs`, which `mkdir` cannot make without `new`), and refused.
    @Test func aLogDirectoryIsMadeComponentByComponent() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r", "--log-dir", "new/\u{0301}logs"])
        #expect(run.status == 0, "\(run.stderr)")
        let made = try FileManager.default.contentsOfDirectory(atPath: bench.root.file("new/\u{0301}logs"))
        #expect(made.contains { $0.hasSuffix("_summary.csv") }, "\(made)")
    }

    /// A run registry under a regular file `f` (`f/\u{0301}h/run`) is refused naming `f`, found component by component
    /// at every `/` code point: the registry itself was named as the file that is not a directory.
    @Test func aRegistryUnderAFileNamesTheFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("f", "a file\n")
        let home = bench.root.file("f/\u{0301}h")
        let listed = try await bench.prx(["--list-workers"], environment: ["PRX_HOME": home])
        #expect(listed.status == 2)
        let refusal =
            "prx: error: cannot read the run registry \(home)/run: \(bench.root.file("f")) is not a directory\n"
        #expect(Array(listed.stderr.unicodeScalars) == Array(refusal.unicodeScalars), "\(listed.stderr)")
    }

    /// A recipe's tasks run in its directory, found by code point: for `d/\u{0301}r.lua` it was taken to be the
    /// directory holding `d`, its last `/` being one Character with the mark after it.
    @Test func aRecipesDirectoryIsBeforeItsLastSlashCodePoint() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // Made first: Foundation's deletingLastPathComponent, which the bench's write takes the directory by, goes by
        // Swift's characters too.
        try FileManager.default.createDirectory(atPath: bench.root.file("d"), withIntermediateDirectories: true)
        try bench.root.write("d/\u{0301}r.lua", #"prx.task { "sh", "-c", "pwd > where", name = "a" }"# + "\n")
        let run = try await bench.prx(["run", "d/\u{0301}r.lua", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try bench.root.read("d/where") == bench.root.file("d") + "\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("where")))
    }

    /// `PRX_HOME` from `/` is taken as it is, absolute by its first code point: `/\u{0301}h-…` was taken from the
    /// directory prx started in, whose `\u{0301}h-…` then held its history.
    @Test func aHomeFromRootIsAbsoluteByItsFirstCodePoint() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let home = "/\u{0301}h-\(getpid())-\(Int.random(in: 0...999_999))"
        let besideHome = bench.root.file(String(home.unicodeScalars.dropFirst()))
        let run = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"], environment: ["PRX_HOME": besideHome])
        #expect(run.status == 0, "\(run.stderr)")
        let history = try await bench.prx(["history"], environment: ["PRX_HOME": home])
        #expect(history.stdout == "No runs in the history.\n", "\(history.stdout)")
        #expect(!FileManager.default.fileExists(atPath: home))
    }

    /// A program not found is said to be looked for in the task's working directory when its path is relative, told
    /// by code point: `d/\u{0301}nope` was not, its `/` one Character with the mark (`/\u{0301}nope`, absolute, had no
    /// `/` to be found either, and was rightly not).
    @Test(arguments: [("/\u{0301}nope", false), ("d/\u{0301}nope", true)])
    func aProgramsPathIsRelativeByItsCodePoints(program: String, relative: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let hosts = try bench.root.write("hosts.txt", "web1\n")
        #expect(try await bench.prx(["-A", hosts, "-C", program + " @ARG@", "-r"]).status == 1)
        let message = try #require(try await bench.summaryRecords().first?["error_message"])
        let notFound = "command not found: \(program)"
        #expect(
            Array(message.unicodeScalars.prefix(notFound.unicodeScalars.count)) == Array(notFound.unicodeScalars),
            "\(message)")
        #expect(message.contains("(relative to the task's working directory") == relative, "\(message)")
    }

    /// A `--stop-policy` value holding a `/` is a Lua file, a `/` followed by a combining mark too: `d/\u{0301}p` was
    /// taken for the name of a registered policy, and refused as unknown.
    @Test func aStopPolicyHoldingASlashCodePointIsALuaFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "true\n" }
        try FileManager.default.createDirectory(atPath: bench.root.file("d"), withIntermediateDirectories: true)
        try bench.root.write(
            "d/\u{0301}p", "return function(s) if s.finished >= 1 then return \"one finished\" end end\n")
        let run = try await bench.prx(
            ["-T", folder, "-C", "sh @TASK@", "-r", "-m", "1", "--stop-policy", "d/\u{0301}p"])
        #expect(run.stdout.contains("- Halted: stop_when: one finished\n"), "\(run.stdout)\(run.stderr)")
    }
}
