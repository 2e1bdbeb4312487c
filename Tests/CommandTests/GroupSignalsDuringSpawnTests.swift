import Foundation
import PRXTesting
import Testing

/// A terminal's Ctrl-C or hangup goes to prx's whole process group, and a task being started is in that group until
/// it makes its session. The signal waited there, blocked, and ended the task as the child unblocked its signals
/// before its exec: under `nohup` (or in a script's background job), where prx ignores the signal and the run goes
/// on, tasks were `FAILED`, `killed by signal 1 (SIGHUP)`; in an interrupted run, one was `FAILED` with SIGINT where
/// the others were `CANCELLED`. The child now discards what was sent to prx's group before it left it.
@Suite(.runsProcesses) struct GroupSignalsDuringSpawnTests {
    @Test func signalsToTheGroupOfAPRXIgnoringThemEndNoTaskAsItStarts() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let count = 1500
        try bench.root.write("args.txt", (1...count).map { "\($0)\n" }.joined())
        let prx = "trap '' HUP INT; exec '\(PRXProcess.executablePath)' -A args.txt -C 'true @ARG@' -m 4 -r"
        let run = try PRXProcess(["-c", prx], executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        // The shell leads a process group of its own (``ChildProcess``), which prx, started by its exec, keeps.
        let group = run.process.processIdentifier
        let deadline = Date().addingTimeInterval(20)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(group)/exe"))
            != PRXProcess.executablePath && Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(1))
        }
        // Hangups and interrupts to the group, as a terminal sends them, every 2 ms until prx has ended: about 2,000
        // spawns a second, each in prx's group for some microseconds, are hit dozens of times.
        while kill(group, 0) == 0 && Date() < deadline {
            kill(-group, SIGHUP)
            kill(-group, SIGINT)
            try await Task.sleep(for: .milliseconds(2))
        }
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.count == count)
        let failed = records.filter { $0["status"] != "SUCCESS" }.map { $0["error_message"] ?? "" }
        #expect(failed.count == 0, "\(Set(failed))")
    }
}
