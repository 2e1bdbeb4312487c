import Foundation
import PRXTesting
import Testing

/// Two writers of one file: result files, the arguments file and standard output that are one file are refused
/// before anything runs, where their lines tore into each other (or the arguments file was emptied) and prx
/// exited 0; streams, which have no offsets to tear, may be shared.
@Suite struct SharedResultFileTests {
    /// Every way two flags or settings reach one regular file is refused with one line naming both, before any file
    /// is made or task run.
    @Test(arguments: [
        (["--json", "same.out", "--set", "csv.path=same.out"], "--json and csv.path name the same file"),
        (["--set", "log.path=same.out", "--set", "output.path=./same.out"], "output.path and log.path name"),
        (["--json", "link.out", "--set", "output.path=same.out"], "--json and output.path name the same file"),
        (["--json", "args.txt"], "--json and -A name the same file"),
    ])
    func twoWritersOfOneFileAreRefused(flags: [String], expected: String) throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...20).map { "\($0)\n" }.joined())
        try bench.root.write("same.out", "kept\n")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("link.out"), withDestinationPath: "same.out")
        let outcome = try bench.prx(["-A", arguments, "-C", "touch ran.@ARG@", "-r"] + flags)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(expected)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(try String(contentsOfFile: bench.root.file("same.out"), encoding: .utf8) == "kept\n")
        #expect(try String(contentsOfFile: arguments, encoding: .utf8).split(separator: "\n").count == 20)
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
    }

    /// The recipe's own error names the line of the sink and of the `prx.set` that gave the other file.
    @Test func aRecipeNamesBothLines() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("same.lua", """
            for i = 1, 50 do prx.task { "echo", i } end
            prx.set("csv.path", "same.out")
            prx.sink("json", { path = "same.out" })
            """)
        let outcome = try bench.prx(["run", "same.lua", "-r"])
        #expect(outcome.status == 2)
        let file = bench.root.file("same.out")
        #expect(outcome.stderr == "prx: error: same.lua:3: json.path and csv.path (same.lua:2) name the same file, "
            + "\(file): their lines would tear into each other (give each a file of its own)\n")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(bench.logFiles(endingWith: "").isEmpty)
    }

    /// A standard output redirected to a file is that file: `--json /dev/stdout` would write over the report.
    @Test func aResultFileThatIsStandardOutputIsRefused() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", "1\n2\n")
        let command = "exec \"$0\" -A args.txt -C 'echo @ARG@' -r --json /dev/stdout > out.txt"
        let outcome = try PRXProcess.run(
            ["-c", command, PRXProcess.executablePath], executable: "/bin/sh", home: bench.home,
            directory: bench.root.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("prx: error: --json and standard output name the same file, /dev/stdout"),
                "\(outcome.stderr)")
        #expect(try String(contentsOfFile: arguments, encoding: .utf8) == "1\n2\n")
    }

    /// A stream has no offsets: `/dev/null` may take every file, and two files may share a FIFO, whose reader
    /// gets each line whole, a CSV row or a JSON object.
    @Test func streamsMayBeShared() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...30).map { "\($0)\n" }.joined())
        let discarded = try bench.prx([
            "-A", arguments, "-C", "echo @ARG@", "-r", "--json", "/dev/null", "--set", "csv.path=/dev/null",
            "--set", "output.path=/dev/null", "--set", "log.path=/dev/null",
        ])
        #expect(discarded.status == 0, "\(discarded.stderr)")
        let fifo = bench.root.file("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try PRXProcess(
            ["-A", arguments, "-C", "echo @ARG@", "-r", "--json", fifo, "--set", "csv.path=\(fifo)"],
            home: bench.home, directory: bench.root.path)
        let lines = try bench.lines(readFromFIFO: fifo)
        let outcome = run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = lines.filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
        let rows = lines.filter { $0.split(separator: ";", omittingEmptySubsequences: false).count == 12 }
        #expect(json.count == 31)
        #expect(rows.count == 31)
        #expect(lines.count == 62)
    }
}
