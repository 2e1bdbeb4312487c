import Foundation
import PRXTesting
import Testing

/// Input that cannot be read as the run goes (an arguments line over 16 MiB) stops the run where it is, with exit
/// status 2, in flags mode and in a recipe alike, whatever a recipe's `on_done` returns: the line is an `ERROR`,
/// the lines after it `CANCELLED`; the help of both says so, and lists SIGHUP's 129, where `prx run --help` said 2
/// meant that nothing ran and knew only 130 and 143.
@Suite(.runsProcesses) struct SourceErrorExitStatusTests {
    @Test(arguments: [false, true])
    func aLineTooLongToReadStopsTheRunWithStatus2(recipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args", "first\n\(String(repeating: "z", count: 17_000_000))\nlast\n")
        try bench.root.write("recipe.lua", """
            prx.task { "sleep", "2", name = "slow" }
            prx.task { "touch", "held", name = "held", after = { "slow" } }
            prx.source("args-file", { file = "args", command = "touch \(bench.root.path)/ran.@ARG@" })
            prx.on_done(function(summary) print("on_done cancelled " .. summary.cancelled) return 0 end)
            """)
        let arguments = recipe
            ? ["run", "recipe.lua", "-r", "-m", "2"] : ["-A", "args", "-C", "touch \(bench.root.path)/ran.@ARG@", "-r"]
        let outcome = try await PRXProcess(arguments, home: bench.home, directory: bench.root.path)
            .wait(killingAfter: 60)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let file = recipe ? bench.root.file("args") : "args"
        #expect(outcome.stderr.hasSuffix(
            "prx: error: cannot read arguments file \(file): a line is longer than 16 MiB (\(file):2)\n"),
            "\(outcome.stderr)")
        let ran = try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.hasPrefix("ran.") }
        #expect(ran == ["ran.first"])
        if recipe {
            #expect(!FileManager.default.fileExists(atPath: bench.root.file("held")))
            #expect(outcome.stdout.contains("on_done cancelled 2\n"), "\(outcome.stdout)")
        }
        let records = try await bench.summaryRecords()
        #expect(records.count == (recipe ? 5 : 3))
        let statuses = Dictionary(records.map { ($0["task_file"] ?? "", $0["status"] ?? "") }) { first, _ in first }
        #expect(statuses["\(file):2"] == "ERROR", "\(records)")
        #expect(statuses["last"] == "CANCELLED", "\(records)")
    }

    /// A signal that comes while the tasks started before such a line run takes the exit status (143), and the line's
    /// error is still said after the report: prx exited 143 with nothing on standard error, the error only in the
    /// report's `Task Source Error:` line on standard output.
    @Test func aSignalAfterALineTooLongToReadKeepsItsErrorLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args", "first\n\(String(repeating: "z", count: 17_000_000))\nlast\n")
        let started = bench.root.file("started")
        let run = try PRXProcess(
            ["-A", "args", "-C", "sh -c 'touch \(started); sleep 30' @ARG@", "-r"], home: bench.home,
            directory: bench.root.path)
        let deadline = Date().addingTimeInterval(30)
        func sourceFailed() -> Bool {
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: bench.logs)) ?? []
            return logs.filter { $0.hasSuffix(".log") }.contains { name in
                ((try? String(contentsOfFile: "\(bench.logs)/\(name)", encoding: .utf8)) ?? "")
                    .contains("longer than 16 MiB")
            }
        }
        while !(FileManager.default.fileExists(atPath: started) && sourceFailed())
            && Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(run.process.processIdentifier, SIGTERM)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: error: cannot read arguments file args: a line is longer than 16 MiB (args:2)\n")
        let statuses = try await bench.summaryRecords().map { "\($0["task_file"] ?? "") \($0["status"] ?? "")" }
        #expect(statuses.sorted() == ["args:2 ERROR", "first CANCELLED", "last CANCELLED"])
    }

    /// Both helps give every exit status: 2 for input that stops a run as it goes too, 129 for SIGHUP, and 1 for a
    /// dry run that printed a task that cannot run.
    @Test(arguments: [["--help"], ["run", "--help"]])
    func theHelpListsEveryExitStatus(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(arguments)
        #expect(outcome.status == 0)
        let text = outcome.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP"), "\(text)")
        #expect(text.contains("16 MiB"), "\(text)")
        #expect(text.contains("stops the run there") || text.contains("the run stops there"), "\(text)")
        #expect(text.contains("a dry run printed"), "\(text)")
    }
}
