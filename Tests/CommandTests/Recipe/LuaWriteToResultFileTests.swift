import Foundation
import PRXTesting
import Testing

/// `prx.write` from a hook to a file the run writes its results to: the file was emptied under its sink, which went
/// on writing at its own offset, and the run exited 0.
@Suite(.runsProcesses) struct LuaWriteToResultFileTests {
    /// A recipe's `on_finish` writing the CSV summary that `prx.set("csv.path", "rows.csv")` moved left it holding
    /// `HEADER`, zero bytes, then the rows of the later tasks. Now the write is refused as a hook error naming the
    /// file and the setting, and the summary holds every row; through another spelling of the path too.
    @Test(arguments: ["rows.csv", "./sub/../rows.csv"])
    func aRecipeHookCannotWriteTheCSVSummary(written: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("sub/keep", "")
        try bench.root.write("recipe.lua", """
            prx.set("csv.path", "rows.csv")
            for i = 1, 4 do prx.task { "true", name = "t" .. i } end
            prx.on_finish(function(t) if t.name == "t1" then prx.write("\(written)", "HEADER\\n") end end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        #expect(outcome.stderr.contains(
            "prx: warning: recipe.lua:3: prx.write: \(root)/rows.csv is the file of csv.path (recipe.lua:1), which "
                + "the run writes to: writing it would spoil the run's results (write another file) (in on_finish)\n"),
            "\(outcome.stderr)")
        let rows = try bench.root.read("rows.csv")
        #expect(!rows.contains("\0") && !rows.hasPrefix("HEADER"), "\(rows)")
        #expect(rows.split(separator: "\n").count == 5, "\(rows)")
    }

    /// The same for a flags-mode `--hook` file writing the `--json` file.
    @Test func aHookFileCannotWriteTheJSONFile() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n3\n")
        try bench.root.write("hooks.lua", #"return { on_finish = function() prx.write("out.jsonl", "x\n") end }"#)
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-C", "true @ARG@", "-m", "1", "-r", "--json", "out.jsonl", "--hook", "hooks.lua"])
        #expect(outcome.stderr.contains("is the file of --json, which the run writes to"), "\(outcome.stderr)")
        let lines = try bench.root.read("out.jsonl").split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("{") } && lines.count > 3, "\(lines)")
    }
}
