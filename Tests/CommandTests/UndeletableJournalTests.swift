import Foundation
import PRXTesting
import Testing

/// `prx history --clear` counted among the runs it cleared the journals it could not delete, and took those left for
/// runs a prx was resuming: of a read-only history it said `Cleared 2 runs from … (kept 2 runs that a prx is
/// resuming).`, exit 0, having deleted nothing. It now counts only what it deleted and names what it could not, exit 1.
@Suite(.runsProcesses) struct UndeletableJournalTests {
    /// Runs `/usr/bin/chattr` with `arguments`; whether it succeeded.
    @discardableResult
    static func chattr(_ arguments: [String]) -> Bool {
        guard let process = try? Process.run(URL(fileURLWithPath: "/usr/bin/chattr"), arguments: arguments) else {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Whether a file can be made immutable here (root, on a file system with the attribute: ext4, XFS, Btrfs), the
    /// one way a journal is kept from root's deletion; a user other than root is kept out by the directory's mode.
    static var journalsCanBeKept: Bool {
        if geteuid() != 0 { return true }
        guard let probe = try? TemporaryDirectory() else { return false }
        defer { probe.remove() }
        guard (try? probe.write("probe", "")) != nil, chattr(["+i", probe.file("probe")]) else { return false }
        chattr(["-i", probe.file("probe")])
        return true
    }

    @Test(.enabled(if: journalsCanBeKept, "root cannot be kept from deleting a journal on this file system"))
    func journalsThatCannotBeDeletedAreNotCountedAsCleared() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "a\n")
        for _ in 1...2 {
            let run = try await bench.prx(["-A", "a.txt", "-C", "echo @ARG@", "-r"])
            #expect(run.status == 0)
        }
        let history = bench.home + "/history"
        let ids = bench.runIDs()
        try #require(ids.count == 2)
        let kept = history + "/\(ids[0]).jsonl"
        let expectedOutput: String
        let expectedError: String
        if geteuid() == 0 {
            try #require(Self.chattr(["+i", kept]))
            expectedOutput = "Cleared 1 run from \(history).\n"
            expectedError = "prx: error: cannot delete \(kept): Operation not permitted\n"
        } else {
            try #require(chmod(history, 0o555) == 0)
            expectedOutput = "Cleared 0 runs from \(history).\n"
            expectedError = "prx: error: cannot delete \(kept): Permission denied (and 1 more journal)\n"
        }
        defer {
            Self.chattr(["-i", kept])
            chmod(history, 0o755)
        }

        let cleared = try await bench.prx(["history", "--clear", "--yes"])
        #expect(cleared.status == 1)
        #expect(cleared.stdout == expectedOutput)
        #expect(cleared.stderr == expectedError)
        let list = try await bench.prx(["history"])
        #expect(list.stdout.contains(ids[0]))
    }
}
