import Foundation
import PRXTesting
import Testing

/// A result file another program adds to (`yes note >> out.jsonl`) while prx writes to it: when prx's write failed (a
/// full disk, a file size limit), the file was cut back to where prx's count said the write began, and the other
/// program's bytes, which the kernel had put before prx's (`O_APPEND`), went with prx's part of a row: megabytes of
/// another program's lines lost to a row prx could not write. prx now takes out only its own bytes, and only while the
/// file still ends where they do; otherwise it leaves the file, and its error says what it left in it.
///
/// strace holds prx's writes to the file (`inject=write:delay_enter`, or `delay_exit`), so that the other program adds
/// to it between prx's look at the file's length and the write's failure, a moment otherwise too short to reach.
@Suite(.runsProcesses)
struct FailedWriteOfASharedFileTests {
    /// Whether `strace` can trace a process here and hold its writes (not where ptrace is refused), and `prlimit` give
    /// it a file size limit.
    static func straceCanDelayWrites() async -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
        else { return false }
        let probe = try? await PRXProcess.run(
            ["-f", "-o", "/dev/null", "-e", "trace=write", "-e", "inject=write:delay_enter=1000", "/bin/true"],
            executable: "/usr/bin/strace", home: "/tmp")
        return probe?.status == 0
    }

    /// What `yes note | head -c count` writes.
    static func notes(_ count: Int) -> [UInt8] {
        Array(String(repeating: "note\n", count: count / 5 + 1).utf8.prefix(count))
    }

    /// The other program adds to past prx's file size limit of 2 MiB (prx's write then writes nothing), or to 10 bytes
    /// short of it (prx's write writes 10 bytes, then fails), while strace holds prx's write of the task's row.
    @Test(
        .enabled("strace cannot hold prx's writes here") { await Self.straceCanDelayWrites() },
        arguments: [3 << 20, (2 << 20) - 10])
    func aFailedWriteKeepsWhatAnotherProgramAddedBeforeIt(addedUpTo size: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "1\n")
        let ended = bench.root.file("ended")
        try bench.root.write("task.sh", "touch \(ended)\n")
        let out = bench.root.file("out.jsonl")
        let outcome = try await bench.shell(
            """
            (until [ -e \(ended) ]; do sleep 0.05; done; sleep 0.5; yes note | head -c \(size) >> \(out)) & other=$!
            /usr/bin/prlimit --fsize=2097152 strace -f -o /dev/null -P \(out) -e trace=write \
                -e inject=write:delay_enter=3000000 "$PRX" -A a.txt -C "sh \(bench.root.file("task.sh")) @ARG@" \
                --json out.jsonl -r -m 1 >/dev/null
            status=$?; wait $other; exit $status
            """)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("prx: warning: a sink failed: cannot write to out.jsonl: File too large\n"))
        let bytes = try #require(FileManager.default.contents(atPath: out))
        // Compared apart: a failed expectation on two arrays of megabytes takes minutes to describe.
        let kept = bytes.count >= size && bytes.prefix(size).elementsEqual(Self.notes(size))
        #expect(kept, "\(bytes.count) bytes, starting \(String(decoding: bytes.prefix(40), as: UTF8.self))")
        // After them, a line break and whole lines of prx's, if any: no part of a row.
        let rest = String(decoding: bytes.dropFirst(size), as: UTF8.self)
        #expect(rest.isEmpty || rest.hasPrefix("\n"), "\(rest)")
        for line in rest.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
    }

    /// The other program adds to the file after the first bytes of prx's row, which its write took before the limit
    /// stopped it: cutting them out would take the other program's bytes too. They are left, and prx's error says so.
    @Test(.enabled("strace cannot hold prx's writes here") { await Self.straceCanDelayWrites() })
    func bytesWrittenBeforeAnotherProgramsAreLeftAndSaid() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "1\n")
        let started = bench.root.file("started"), go = bench.root.file("go"), ended = bench.root.file("ended")
        try bench.root.write(
            "task.sh", "touch \(started); while [ ! -e \(go) ]; do sleep 0.05; done; touch \(ended)\n")
        let out = bench.root.file("out.jsonl")
        // The file is filled, in whole lines, to 12 bytes short of the limit while the task runs; strace holds prx's
        // write of the row after it returns, having written 12 bytes, and the other program adds a line meanwhile.
        let filled = (2 << 20) - 12
        let outcome = try await bench.shell(
            """
            (until [ -e \(started) ]; do sleep 0.05; done; yes note | head -c \(filled) >> \(out); touch \(go)
             until [ -e \(ended) ]; do sleep 0.05; done; sleep 1; echo later >> \(out)) & other=$!
            /usr/bin/prlimit --fsize=2097152 strace -f -o /dev/null -P \(out) -e trace=write \
                -e inject=write:delay_exit=3000000 "$PRX" -A a.txt -C "sh \(bench.root.file("task.sh")) @ARG@" \
                --json out.jsonl -r -m 1 >/dev/null
            status=$?; wait $other; exit $status
            """)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let failure = "cannot write to out.jsonl: File too large (another program added to it during the write; the "
            + "12 bytes of rows written before the failure are left in it, ahead of what it added)"
        #expect(outcome.stderr.contains("prx: warning: a sink failed: \(failure)\n"), "\(outcome.stderr)")
        let bytes = try #require(FileManager.default.contents(atPath: out))
        let kept = bytes.count >= filled && bytes.prefix(filled).elementsEqual(Self.notes(filled))
        #expect(kept, "\(bytes.count) bytes, starting \(String(decoding: bytes.prefix(40), as: UTF8.self))")
        let rest = String(decoding: bytes.dropFirst(filled), as: UTF8.self)
        #expect(rest.hasPrefix("{\"type\":\"tas" + "later\n"), "\(rest)")
    }
}
