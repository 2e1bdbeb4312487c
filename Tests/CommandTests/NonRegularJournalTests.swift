import Foundation
import PRXTesting
import Testing

/// A FIFO, or a symbolic link to a device, at a journal's name in the history is not read as a journal: a FIFO had a
/// new run (pruning the history as it starts) and `prx history`, `prx status`, `prx feedback` and `--resume` wait
/// at its `open` for a writer, for ever, and `/dev/zero` or `/dev/urandom` gave them bytes without end. The listings
/// leave it out, as they leave out other journals they cannot read, and the commands naming its run say what it is.
@Suite(.runsProcesses) struct NonRegularJournalTests {
    /// What stands at the journal's name, made at `path`, and what the error calls it.
    enum Stand: String, CaseIterable, CustomTestStringConvertible {
        case fifo, devZero, devUrandom

        func make(at path: String) throws {
            switch self {
            case .fifo:
                guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            case .devZero:
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
            case .devUrandom:
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/urandom")
            }
        }

        var kind: String { self == .fifo ? "a FIFO" : "a character device" }

        var testDescription: String { rawValue }
    }

    @Test(arguments: Stand.allCases)
    func aJournalThatIsNoRegularFileIsNotRead(stand: Stand) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("a.txt", "a\n")
        let history = bench.home + "/history"
        try FileManager.default.createDirectory(atPath: history, withIntermediateDirectories: true)
        let odd = "20261206-000002-990002"
        let path = history + "/\(odd).jsonl"
        try stand.make(at: path)

        let run = try await bench.prx(["-A", "a.txt", "-C", "echo @ARG@", "-r"], killingAfter: 30)
        #expect(run.status == 0)
        let ran = try #require(bench.runIDs().first { $0 != odd })
        #expect(try await bench.taskStatuses(of: ran) == ["SUCCESS a"])
        let list = try await bench.prx(["history"], killingAfter: 30)
        #expect(list.status == 0)
        #expect(list.stdout.contains(ran))
        #expect(!list.stdout.contains(odd))
        let status = try await bench.prx(["status"], killingAfter: 30)
        #expect(status.status == 0)
        #expect(status.stdout == "No prx run is going on.\n")
        let refusal = "prx: error: cannot read the journal \(path): it is \(stand.kind), not a journal\n"
        let naming = [
            ["history", odd], ["status", odd], ["feedback", odd, "1"], ["--resume", odd], ["--resume-failed", odd],
        ]
        for words in naming {
            let outcome = try await bench.prx(words, killingAfter: 30)
            #expect(outcome.status == 2, "\(words)")
            #expect(outcome.stderr == refusal, "\(words)")
        }
    }
}
