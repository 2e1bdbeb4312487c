import Foundation
import PRXTesting
import Testing

/// An argument or variable longer than Linux passes a program in one string (`MAX_ARG_STRLEN`: 131071 bytes and the
/// NUL) fails the task's start with `Argument list too long`: an `-E CERT` line of a 200 KB certificate, or, under a
/// script configuration's larger `security.max_argument_length`, an `@ARG@` as long. The dry run printed such a task
/// as runnable and exited 0, and the run failed it, so that `prx … && prx … -r` passed a preflight the run failed; it
/// is now not runnable in the dry run, and its task's ERROR in the run, named with the string that is too long, before
/// it starts, as a NUL byte in one is.
@Suite struct OverlongProgramStringTests {
    /// A line of `length` bytes, then one short line, as the arguments file `args.txt`.
    private static func arguments(in bench: Workbench, length: Int) throws -> String {
        let file = bench.root.file("args.txt")
        try (String(repeating: "x", count: length) + "\nshort\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(arguments: [
        (["-E", "CERT", "-C", "true"], "environment variable CERT is 200005 bytes long as CERT=value"),
        (["-C", "echo @ARG@"], "argument 2 is 200000 bytes long"),
    ])
    func aStringOverLinuxsLimitIsNotRunnable(flags: [String], reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("script/prx.yaml", "security:\n  max_argument_length: 1000000\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let file = try Self.arguments(in: bench, length: 200_000)
        let limit = "over the 131071 bytes Linux passes to a program in one string (MAX_ARG_STRLEN)"

        let dryRun = try await bench.prx(["-A", file] + flags, environment: environment)
        #expect(dryRun.status == 1)
        #expect(dryRun.stdout.contains(": not runnable: \(reason), \(limit)\n"))
        #expect(dryRun.stdout.hasSuffix("# dry run: 2 tasks, 1 not runnable; add -r to run them\n"))

        let run = try await bench.prx(["-A", file] + flags + ["-r"], environment: environment)
        #expect(run.status == 1)
        // Read by lines: the long line is the task's label, over the 131072 characters Python's csv module reads in
        // one field by default.
        let path = try #require(bench.logFiles(endingWith: "_summary.csv").first)
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        let error = try #require(rows.first { $0.contains(";ERROR;") })
        // Never started: no start_time, no worker_id.
        #expect(error.hasPrefix(";"))
        #expect(error.hasSuffix(";\(reason), \(limit)"))
        #expect(rows.contains { $0.contains(";SUCCESS;") })
    }

    @Test func aStringAtLinuxsLimitRuns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // `CERT=` and 131066 bytes: 131071.
        let file = try Self.arguments(in: bench, length: 131_066)
        let dryRun = try await bench.prx(["-A", file, "-E", "CERT", "-C", "true"])
        #expect(dryRun.status == 0)
        let run = try await bench.prx(["-A", file, "-E", "CERT", "-C", "true", "-r"])
        #expect(run.status == 0)
    }
}
