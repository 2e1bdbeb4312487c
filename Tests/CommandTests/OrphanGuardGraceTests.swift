import Foundation
import PRXTesting
import Testing

/// The grace prx shares with its orphan guard, the time between the guard's `SIGTERM` and its `SIGKILL` should prx be
/// killed, is `local.termination_grace` as given, up to the setting's most, 1e9 s. It was kept in 32 bits of
/// milliseconds, which held a grace above 2147483.647 s (about 24.8 days) to that, without a word.
@Suite(.runsProcesses) struct OrphanGuardGraceTests {
    /// The grace in milliseconds that prx of process id `prx` shares with its guard: the first 8 bytes of the one
    /// mapping prx shares (`csystem_orphan_guard_start`), read through `/proc/PID/mem` as the guard reads them.
    private static func sharedGrace(of prx: Int32) throws -> Int64 {
        // Read to its end: a `/proc` file has no size, and `String(contentsOfFile:)` read only the first part of
        // this one.
        let listing = try #require(FileHandle(forReadingAtPath: "/proc/\(prx)/maps"))
        defer { try? listing.close() }
        let maps = String(decoding: try listing.readToEnd() ?? Data(), as: UTF8.self)
        let shared = maps.split(separator: "\n").filter { $0.split(separator: " ").dropFirst().first == "rw-s" }
        try #require(shared.count == 1, "\(maps)")
        let start = try #require(shared[0].split(separator: "-").first.flatMap { UInt64($0, radix: 16) })
        let memory = try #require(FileHandle(forReadingAtPath: "/proc/\(prx)/mem"))
        defer { try? memory.close() }
        try memory.seek(toOffset: start)
        let bytes = try #require(try memory.read(upToCount: 8))
        try #require(bytes.count == 8)
        return bytes.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    @Test(arguments: ["3000000", "1000000000", "2.5"])
    func theGuardsGraceIsTheTerminationGraceGiven(seconds: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = "34\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))"
        let arguments = try bench.root.write("arguments.txt", "\(mark)\n")
        let run = try PRXProcess(
            ["-A", arguments, "-C", "sleep @ARG@", "-r", "--set", "local.termination_grace=\(seconds)"],
            home: bench.home, directory: bench.root.path)
        let started = await LiveProcesses.awaitCount(mark, atLeast: 1)
        let grace = Result { try Self.sharedGrace(of: run.process.processIdentifier) }
        kill(run.process.processIdentifier, SIGTERM)
        _ = await run.wait(killingAfter: 30)
        for pid in await LiveProcesses.awaitGone(mark, seconds: 10) { kill(pid, SIGKILL) }
        #expect(started == 1)
        #expect(try grace.get() == Int64((Double(seconds)! * 1000).rounded(.down)))
    }
}
