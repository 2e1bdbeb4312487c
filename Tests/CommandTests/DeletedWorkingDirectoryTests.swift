import Foundation
import PRXTesting
import Testing

/// A run started in a directory deleted before (`getcwd` fails) records that its directory is unknown (`"cwd":null`),
/// which `prx history RUN` says, and is resumed in the current directory, with a warning: it recorded an empty path,
/// showed `…, in ` with nothing after, and `--resume` failed with `cannot enter , where run … ran`.
@Suite(.runsProcesses) struct DeletedWorkingDirectoryTests {
    @Test func aRunStartedInADeletedDirectoryIsResumedInTheCurrentOne() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", "ok\nbad\n")
        let started = try await PRXProcess.run(
            ["-c", #"mkdir gone && cd gone && rmdir ../gone && exec "$0" "$@""#, PRXProcess.executablePath,
             "-A", arguments, "-C", "test @ARG@ = ok", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(started.status == 1, "\(started.stderr)")
        let runID = try #require(bench.runIDs().first)
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        #expect(journal.prefix(while: { $0 != "\n" }).contains(#","cwd":null,"#), "\(journal)")

        let shown = try await bench.prx(["history", runID])
        #expect(shown.stdout.hasPrefix("Run \(runID): finished, started "), "\(shown.stdout)")
        #expect(
            shown.stdout.contains(", in an unknown directory (deleted before the run started)\n"), "\(shown.stdout)")
        let listed = try await bench.prx(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(runs.first?["cwd"] is NSNull, "\(listed.stdout)")

        let resumed = try await bench.prx(["--resume-failed", runID])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(resumed.stderr.hasPrefix("prx: warning: run \(runID) ran in a directory that was deleted before it "
            + "started, which its journal cannot name: --resume-failed runs it in this one, \(bench.root.path)\n"),
            "\(resumed.stderr)")
        let later = try #require(bench.journals().last)
        let laterText = try String(contentsOfFile: later, encoding: .utf8)
        #expect(laterText.contains(#""cwd":"\#(bench.root.path)""#), "\(laterText)")
        #expect(laterText.split(separator: "\n").filter { $0.contains(#""event":"task_finished""#) }.count == 1)
    }
}
