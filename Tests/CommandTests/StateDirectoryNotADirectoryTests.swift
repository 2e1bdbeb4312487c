import Foundation
import PRXTesting
import Testing

/// A directory of prx's own state (`$PRX_HOME/history`, `$PRX_HOME/run`) that is a regular file is named by every
/// command that reads it, one line and exit 2: the commands read it as empty, `prx history` saying "No runs in the
/// history." and `--list-workers` "No running prx processes found.", with exit 0.
@Suite(.runsProcesses) struct StateDirectoryNotADirectoryTests {
    /// The history, which runs refuse, and the run registry, where runs warn that they cannot register (and run on).
    @Test(arguments: [
        ("history", "history directory", ["history"]), ("history", "history directory", ["history", "--json"]),
        ("history", "history directory", ["history", "--clear", "--yes"]),
        ("history", "history directory", ["history", "20261204-053113-25733"]),
        ("history", "history directory", ["status"]),
        ("history", "history directory", ["feedback", "20261204-053113-25733", "1"]),
        ("history", "history directory", ["--resume-failed", "20261204-053113-25733"]),
        ("run", "run registry", ["--list-workers"]), ("run", "run registry", ["-k"]),
        ("run", "run registry", ["-k", "--yes"]), ("run", "run registry", ["-k", "all", "--yes"]),
        ("run", "run registry", ["-k", "12345"]),
    ])
    func aStateDirectoryThatIsAFileIsNamed(name: String, what: String, arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/\(name)", "not a directory\n")
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 2)
        let directory = bench.home + "/" + name
        #expect(outcome.stderr == "prx: error: cannot read the \(what) \(directory): \(directory) is not a directory\n")
        #expect(outcome.stdout == "")
    }

    /// A history not made yet is an empty one.
    @Test func aHistoryNotMadeYetIsEmpty() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["history"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "No runs in the history.\n")
    }
}
