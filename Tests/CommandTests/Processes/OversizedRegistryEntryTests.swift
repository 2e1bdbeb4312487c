import Foundation
import PRXTesting
import Testing

extension Processes {
    /// A file at a registry entry's name larger than any entry (a sparse file of gigabytes: `truncate -s 3G
    /// ~/prx/run/4000000.json`) was read whole by `--list-workers` and `-k PID`: 3 GiB took half a minute and 6 GB of
    /// memory, and past what the machine has prx died. No entry takes more than a few KiB: such a file is no entry,
    /// and is cleaned as any other file at an entry's name that is none.
    @Suite(.runsProcesses) struct OversizedRegistryEntryTests {
        @Test func aFileLargerThanAnyEntryIsNoEntry() async throws {
            let bench = try Workbench()
            defer { bench.root.remove() }
            // No process has this id: Linux gives ids below 4194304 (2^22, pid_max's largest).
            let name = "home/run/4194304.json"
            try bench.root.write(name, "")
            let file = try FileHandle(forWritingTo: URL(fileURLWithPath: bench.root.file(name)))
            try file.truncate(atOffset: 2 << 30)
            try file.close()

            let kill = try await bench.prx(["-k", "4194304"], ulimit: "-v 400000")
            #expect(kill.status == 2, "\(kill.stderr)")
            #expect(kill.stderr == "prx: error: PID 4194304 is not a running prx process (see --list-workers)\n")
            let listed = try await bench.prx(["--list-workers"], ulimit: "-v 400000")
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout == "No running prx processes found.\n")
            #expect(!FileManager.default.fileExists(atPath: bench.root.file(name)))
        }
    }
}
