import Foundation
import PRXTesting
import Testing

/// A run refused once its sinks are made, by a sink whose factory throws (a plugin's whose settings it finds wrong) or
/// by what is made after them, leaves the result files that were there as they were: the built-in sinks made before
/// it had emptied theirs already (the JSON file empty, the CSV summary a header alone, the output file empty), where a
/// run refused at its start leaves nothing, the files it made removed.
@Suite(.runsProcesses) struct RefusedRunResultFilesTests {
    /// The files given, holding what an earlier run wrote, and what the bench's run writes to each.
    static let keptFiles = ["keep.jsonl", "keep.csv", "keep.out", "keep.log"]

    /// On the command line and in a recipe, every built-in file sink made before the refusing one keeps its file byte
    /// for byte; prx exits 2 with one line, and no task runs. The same run without the refusing sink empties the files
    /// as it starts, as before.
    @Test(arguments: [false, true])
    func aSinkRefusingTheRunLeavesTheFilesBeforeItAsTheyWere(inRecipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let earlier = "precious;\nlines\n"
        for file in Self.keptFiles { try bench.root.write(file, earlier) }
        let outcome = try await bench.prxWithTestPlugins(
            try Self.arguments(in: bench, recipe: inRecipe, refusing: true))
        #expect(outcome.status == 2, "\(outcome.stderr)")
        // The one value the factory read, `reason`, named where it came from: the recipe's line, or its `--set`.
        let place = inRecipe ? "recipe.lua:6" : "--set refusing.reason=no room for metrics"
        let line = "\(place): refusing: no room for metrics"
        #expect(outcome.stderr.hasPrefix("prx: error: \(line)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        for file in Self.keptFiles {
            #expect(try String(contentsOfFile: bench.root.file(file), encoding: .utf8) == earlier, "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
        #expect(bench.journals().isEmpty)

        let ran = try await bench.prxWithTestPlugins(try Self.arguments(in: bench, recipe: inRecipe, refusing: false))
        #expect(ran.status == 0, "\(ran.stderr)")
        let json = try String(contentsOfFile: bench.root.file("keep.jsonl"), encoding: .utf8)
        #expect(json.split(separator: "\n").count == 2 && !json.contains("precious"), "\(json)")
        let csv = try String(contentsOfFile: bench.root.file("keep.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 2 && csv.hasPrefix("start_time;end_time;status;"), "\(csv)")
        let output = try String(contentsOfFile: bench.root.file("keep.out"), encoding: .utf8)
        #expect(output.hasPrefix("=====") && !output.contains("precious"), "\(output)")
    }

    /// The arguments of a run of one task writing the ``keptFiles``, on the command line or through a recipe written
    /// into `bench`, with the sink `refusing` after the others when `refusing`.
    private static func arguments(in bench: Workbench, recipe: Bool, refusing: Bool) throws -> [String] {
        guard recipe else {
            return ["-A", "args.txt", "-C", "touch ran.@ARG@", "-r", "--json", "keep.jsonl",
                "--set", "csv.path=keep.csv", "--set", "output.path=keep.out", "--set", "log.path=keep.log"]
                + (refusing ? ["--sink", "refusing", "--set", "refusing.reason=no room for metrics"] : [])
        }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "touch ran.1" }
            prx.set("log.path", "keep.log")
            prx.set("csv.path", "keep.csv")
            prx.set("output.path", "keep.out")
            prx.sink("json", { path = "keep.jsonl" })
            \(refusing ? "prx.sink(\"refusing\", { reason = \"no room for metrics\" })" : "")
            """)
        return ["run", "recipe.lua", "-r"]
    }

    /// Refused after the sinks are made: a history directory that is a regular file, which the run's journal cannot
    /// be written in. The files are left as they were, the log too, which got no line of the run.
    @Test func aRunRefusedAfterItsSinksAreMadeLeavesTheFilesAsTheyWere() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        try bench.root.write("home/history", "not a directory\n")
        let earlier = "precious;\nlines\n"
        for file in Self.keptFiles { try bench.root.write(file, earlier) }
        let outcome = try await bench.prx([
            "-A", "args.txt", "-C", "touch ran.@ARG@", "-r", "--json", "keep.jsonl", "--set", "csv.path=keep.csv",
            "--set", "output.path=keep.out", "--set", "log.path=keep.log",
        ])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        for file in Self.keptFiles {
            #expect(try String(contentsOfFile: bench.root.file(file), encoding: .utf8) == earlier, "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran.1")))
    }
}
