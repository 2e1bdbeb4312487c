import Foundation
import PRXTesting
import Testing

/// Two runs of tasks `a`, which succeeds, and `b`, which fails until the file `ok` is there: `first`, and `second`,
/// which resumed it (`b` alone); `ok` is made once both ran. Each task writes its name to a log as it runs.
struct ResumedChain {
    let bench: Workbench
    let first: String
    let second: String

    init(in bench: Workbench) async throws {
        self.bench = bench
        let log = bench.root.file("runs.log")
        try bench.root.write("t/a.sh", "echo a >> \(log)\n")
        try bench.root.write("t/b.sh", "echo b >> \(log); [ -e \(bench.root.file("ok")) ]\n")
        #expect(try await bench.prx(["-T", "t", "-C", "sh @TASK@", "-r"]).status == 1)
        let first = try #require(bench.runIDs().first)
        #expect(try await bench.prx(["--resume", first]).status == 1)
        second = try #require(bench.runIDs().first { $0 != first })
        self.first = first
        try bench.root.write("ok", "")
    }

    /// The tasks that ran, from their log, sorted: tasks of one run run side by side.
    func ranTasks() throws -> [String] {
        try String(contentsOfFile: bench.root.file("runs.log"), encoding: .utf8).split(separator: "\n").map(String.init)
            .sorted()
    }
}
