import Foundation
import PRXTesting
import Testing

/// A journal that holds NUL bytes, which no journal line holds (JSON writes control characters as escapes): a hole
/// (`truncate -s 2G` of a journal), or the end a machine crash left unwritten. Each reading of such a journal read it
/// whole, 2 GiB of NUL bytes in lines of up to 256 MiB, and `prx history` read each one twice: it is now read up to
/// its first NUL byte, and prx names the journal and the byte in one line.
@Suite(.runsProcesses) struct NULBytesInJournalTests {
    /// A finished run's journal with a hole of 2 GiB after its lines, and a journal that is a hole of 2 GiB alone:
    /// `prx history` lists the first as its lines say, leaves out the second, and says so of both; `prx history RUN`
    /// shows the first run's tasks, and refuses the second run; none reads more than a few MiB (the old reading read
    /// every byte of both, more than 4 GiB for the listing, counted by `rchar` of `/proc/self/io`).
    @Test func aJournalIsReadUpToItsFirstNULByte() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("ab.txt", "a\nb\n")
        #expect(try await bench.prx(["-A", "ab.txt", "-C", "echo @ARG@", "-r"]).status == 0)
        let journal = try #require(bench.journals().first)
        let runID = try #require(bench.runIDs().first)
        let lines = try #require(FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int)
        let hole = off_t(2) << 30
        #expect(truncate(journal, hole) == 0)
        let holeAlone = bench.home + "/history/20261207-000000-1.jsonl"
        #expect(FileManager.default.createFile(atPath: holeAlone, contents: nil) && truncate(holeAlone, hole) == 0)
        let linesThenHole = "prx: warning: the journal \(journal) is not JSON lines from byte \(lines) on (a NUL "
            + "byte): its run is shown as the lines before it say\n"
        let bound = 16 << 20

        let list = try await Self.outcomeAndBytesRead(of: ["history"], on: bench)
        #expect(list.outcome.status == 0)
        let listed = list.outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("2026") }
        #expect(listed.count == 1 && listed[0].hasPrefix(runID) && listed[0].contains(" finished "), "\(listed)")
        #expect(list.outcome.stderr == "prx: warning: the journal \(holeAlone) is not JSON lines: it holds a NUL byte "
            + "at byte 0; its run is not listed\n" + linesThenHole)
        #expect(list.bytesRead < bound, "prx history read \(list.bytesRead) bytes")

        let tasks = try await Self.outcomeAndBytesRead(of: ["history", runID], on: bench)
        #expect(tasks.outcome.status == 0)
        #expect(tasks.outcome.stdout.contains(#/\n1 +SUCCESS .* a\n2 +SUCCESS .* b\n$/#), "\(tasks.outcome.stdout)")
        #expect(tasks.outcome.stderr == linesThenHole)
        #expect(tasks.bytesRead < bound, "prx history RUN read \(tasks.bytesRead) bytes")

        let refused = try await Self.outcomeAndBytesRead(of: ["history", "20261207-000000-1"], on: bench)
        #expect(refused.outcome.status == 2)
        #expect(refused.outcome.stderr
            == "prx: error: the journal \(holeAlone) is not JSON lines: it holds a NUL byte at byte 0\n")
        #expect(refused.bytesRead < bound, "prx history RUN read \(refused.bytesRead) bytes")
    }

    /// prx's outcome for `arguments` on `bench`, and the bytes it read (`rchar`, which a process's `/proc/self/io`
    /// counts with those of the children it waited for).
    private static func outcomeAndBytesRead(
        of arguments: [String], on bench: Workbench
    ) async throws -> (outcome: PRXProcess.Outcome, bytesRead: Int) {
        let counting = """
            import subprocess, sys
            def read():
                return int(next(l for l in open("/proc/self/io") if l.startswith("rchar:")).split()[1])
            before = read()
            status = subprocess.run(sys.argv[2:]).returncode
            open(sys.argv[1], "w").write(str(read() - before))
            sys.exit(status)
            """
        let count = bench.root.file("bytes-read")
        let outcome = try await PRXProcess.run(
            ["python3", "-c", counting, count, PRXProcess.executablePath] + arguments, executable: "/usr/bin/env",
            home: bench.home, directory: bench.root.path)
        let bytesRead = try #require(Int(try String(contentsOfFile: count, encoding: .utf8)), "\(outcome.stderr)")
        return (outcome, bytesRead)
    }
}
