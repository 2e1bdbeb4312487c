import Foundation
import PRXTesting
import Testing

/// A run started in a directory whose path is not UTF-8 had its journal record that directory as text only, with
/// U+FFFD in place of those bytes, which names no directory: `--resume-failed` said `cannot enter /x/d�`, exit 2. The
/// journal records the path's bytes beside the text (`cwd_bytes`), and the run is resumed in its directory.
@Suite(.runsProcesses) struct NonUTF8WorkingDirectoryResumeTests {
    @Test func aRunInADirectoryWhosePathIsNotUTF8IsResumedThere() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        let directory = Self.directory(in: bench)
        let arguments = try bench.root.write("args.txt", "0\n1\n")
        let started = try await Self.prxInDirectoryNotUTF8(
            ["-A", arguments, "-C", "sh -c 'exit @ARG@'", "--json", "results.jsonl", "-r"], bench: bench)
        #expect(started.status == 1, "\(started.stderr)")
        let runID = try #require(bench.runIDs().first)
        let shown = try await bench.prx(["history", runID])
        #expect(shown.stdout.contains(", in \(root)/d\\xff\n"), "\(shown.stdout)")

        let resumed = try await bench.prx(["--resume-failed", runID])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        let journals = bench.journals()
        #expect(journals.count == 2)
        for journal in journals {
            let text = try String(contentsOfFile: journal, encoding: .utf8)
            let start = try JSONSerialization.jsonObject(with: Data(text.prefix { $0 != "\n" }.utf8)) as? [String: Any]
            #expect(start?["cwd_bytes"] as? [Int] == directory.map(Int.init), "\(text.prefix { $0 != "\n" })")
        }
        // The resumption added the failed task's row to the results file of the run's directory, named from there.
        let results = try await bench.shell(#"cat "$(printf 'd\377')/results.jsonl""#)
        let lines = results.stdout.split(separator: "\n")
        #expect(lines.count == 5, "\(results.stdout)\(results.stderr)")
        #expect(lines.dropFirst(3).first?.contains(#""label":"1","#) == true, "\(results.stdout)")

        // Bytes no path holds (a 0 would end it early, entering another directory) make the journal damaged.
        let journal = try #require(journals.last)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        try text.replacingOccurrences(of: #""cwd_bytes":["#, with: #""cwd_bytes":[0,"#)
            .write(toFile: journal, atomically: true, encoding: .utf8)
        let resumption = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        let damaged = try await bench.prx(["--resume-failed", resumption])
        #expect(damaged.status == 2)
        #expect(damaged.stderr == "prx: error: the journal \(journal) is damaged: its run_started line's "
            + "cwd_bytes is not a list of bytes\n")
    }

    /// A daemon started in such a directory with `-A` a relative link to its standard input kept that input, but its
    /// resumption did not: it named the file from the directory's text, with U+FFFD in place of the bytes, which named
    /// nothing, so the resumed daemon read `/dev/null` and ran none of the failed tasks. It names it by the bytes.
    @Test func aDaemonResumedThereKeepsTheStandardInputItsArgumentsFileLinksTo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let started = try await Self.prxInDirectoryNotUTF8(
            ["-A", "in", "-C", "sh -c 'exit @ARG@'", "--json", "results.jsonl", "-r", "-D"], bench: bench,
            before: "ln -s /dev/stdin in && printf '0\\n1\\n' | ")
        #expect(started.status == 0, "\(started.stderr)")
        try await Self.waitForTheDaemon(launchedWith: started)
        let runID = try #require(bench.runIDs().first)

        let resumed = try await PRXProcess.run(
            ["-c", #"printf '0\n1\n' | "$0" "$@""#, PRXProcess.executablePath, "--resume-failed", runID],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try await Self.waitForTheDaemon(launchedWith: resumed)
        // The first run's two rows and summary, then the resumption's row of the task that failed again.
        let results = try await bench.shell(#"cat "$(printf 'd\377')/results.jsonl""#)
        let lines = results.stdout.split(separator: "\n")
        #expect(lines.count == 5, "\(results.stdout)\(results.stderr)")
        #expect(lines.dropFirst(3).first?.contains(#""label":"1","#) == true, "\(results.stdout)")
    }

    /// `prx history --json` and `prx history RUN --json` gave such a directory as `cwd` alone, with U+FFFD in place of
    /// the bytes, which names no directory: they give its bytes beside it (`cwd_bytes`), as the journal does, and none
    /// for a directory whose path is UTF-8.
    @Test func historyJSONGivesTheBytesOfADirectoryWhosePathIsNotUTF8() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", "0\n")
        let started = try await Self.prxInDirectoryNotUTF8(["-A", arguments, "-C", "true @ARG@", "-r"], bench: bench)
        #expect(started.status == 0, "\(started.stderr)")
        let notUTF8 = try #require(bench.runIDs().first)
        let inRoot = try await bench.prx(["-A", arguments, "-C", "true @ARG@", "-r"])
        #expect(inRoot.status == 0, "\(inRoot.stderr)")
        let utf8 = try #require(bench.runIDs().first { $0 != notUTF8 })

        let expected: [String: [Int]?] = [notUTF8: Self.directory(in: bench).map(Int.init), utf8: nil]
        let listed = try await bench.prx(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let bytesByRun = Dictionary(runs.map { ($0["run"] as? String ?? "", $0["cwd_bytes"] as? [Int]) }) { $1 }
        #expect(bytesByRun == expected, "\(listed.stdout)")
        #expect(runs.filter { $0.keys.contains("cwd_bytes") }.count == 1, "\(listed.stdout)")
        for (runID, bytes) in expected {
            let shown = try await bench.prx(["history", runID, "--json"])
            let run = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            #expect(run?["cwd_bytes"] as? [Int] == bytes, "\(shown.stdout)")
            #expect(run?.keys.contains("cwd_bytes") == (bytes != nil), "\(shown.stdout)")
        }
    }

    /// The bytes of the path of `d\xff` in the bench's directory, links resolved.
    private static func directory(in bench: Workbench) -> [UInt8] {
        Array(URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path.utf8) + Array("/d".utf8) + [0xFF]
    }

    /// Runs prx with `arguments` in `d\xff`, which it makes in the bench's directory, after the shell's words
    /// `before` there.
    private static func prxInDirectoryNotUTF8(_ arguments: [String], bench: Workbench, before: String = "exec ")
        async throws -> PRXProcess.Outcome
    {
        try await PRXProcess.run(
            ["-c", #"d=$(printf 'd\377') && mkdir "$d" && cd "$d" && "# + before + #""$0" "$@""#,
                PRXProcess.executablePath] + arguments,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
    }

    /// Waits up to 30 s for the daemon whose launcher said `launch` (`daemon started, PID N`) to end.
    private static func waitForTheDaemon(launchedWith launch: PRXProcess.Outcome) async throws {
        let pid = try #require(launch.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) }, "\(launch.stdout)")
        let deadline = Date().addingTimeInterval(30)
        while LiveProcesses.isRunning(pid) && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!LiveProcesses.isRunning(pid), "the daemon \(pid) is still running")
    }
}
