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
        let directory = Array(root.utf8) + Array("/d".utf8) + [0xFF]
        let arguments = try bench.root.write("args.txt", "0\n1\n")
        let started = try await PRXProcess.run(
            ["-c", #"d=$(printf 'd\377') && mkdir "$d" && cd "$d" && exec "$0" "$@""#, PRXProcess.executablePath,
             "-A", arguments, "-C", "sh -c 'exit @ARG@'", "--json", "results.jsonl", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
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
        #expect(damaged.stderr == "prx: error: the journal \(journal) is damaged: its run_started line's cwd_bytes is not "
            + "a list of bytes\n")
    }
}
