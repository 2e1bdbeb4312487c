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

    /// A write as the recipe loads was not refused at all, the sink then emptying what the recipe wrote: RECIPES.md
    /// called the run's files unknown then. A file named for the run's results before the write (`--json`, `--set`,
    /// a configuration file, an earlier `prx.set` or `prx.sink` line) that is there, a previous run's results, is now
    /// refused before it is written: a load error at the write's line, the file as it was, nothing run.
    @Test(arguments: [
        (#"prx.set("csv.path", "rows.csv")"#, [String](), "csv.path (recipe.lua:1)"),
        (#"prx.sink("json", { path = "rows.csv" })"#, [], "json.path (recipe.lua:1)"),
        ("", ["--json", "rows.csv"], "--json"),
        ("", ["--set", "csv.path=rows.csv"], "csv.path (--set)"),
        ("", [], "csv.path (CONFIGURATION:3)"),
    ])
    func aWriteAsTheRecipeLoadsOverAResultFileIsRefusedBeforeItWrites(
        naming: String, arguments: [String], origin: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("rows.csv", "a previous run's results\n")
        try bench.root.write("recipe.lua", """
            \(naming)
            prx.write("rows.csv", "mine")
            prx.task { sh = "touch ran" }
            """)
        let configuration = try bench.root.write("cfg/prx.yaml", "plugins:\n  csv:\n    path: rows.csv\n")
        let configured = origin.contains("CONFIGURATION")
        let outcome = try await bench.prx(
            ["run", "recipe.lua", "-r"] + arguments,
            environment: configured ? ["PRX_CONFIG_DIR": bench.root.file("cfg")] : [:])
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        let named = origin.replacingOccurrences(of: "CONFIGURATION", with: configuration)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: prx.write: \(root)/rows.csv is the file of \(named), "
            + "which the run writes to: writing it would spoil the run's results (write another file)\n")
        #expect(try bench.root.read("rows.csv") == "a previous run's results\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A file the recipe wrote as it loaded that the run then writes (one that was not there, or that a later line
    /// names) is found once the run's files are known: the run is refused at the write's line before any file of its
    /// own is opened or any task starts, and the file holds what the recipe wrote. It was emptied by its sink, and the
    /// run went on.
    @Test(arguments: [
        (#"prx.set("csv.path", "rows.csv")"#, "", "csv.path (recipe.lua:1)"),
        ("", #"prx.set("csv.path", "rows.csv")"#, "csv.path (recipe.lua:3)"),
        ("", #"prx.sink("json", { path = "rows.csv" })"#, "json.path (recipe.lua:3)"),
    ])
    func aWriteAsTheRecipeLoadsOfAFileTheRunWritesRefusesTheRun(
        before: String, after: String, origin: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            \(before)
            prx.write("rows.csv", "mine")
            \(after)
            prx.task { sh = "touch ran" }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: recipe.lua:2: prx.write: \(root)/rows.csv is the file of \(origin), "
            + "which the run writes to: the run would spoil what the Lua code wrote there as it loaded (write another "
            + "file)\n")
        #expect(try bench.root.read("rows.csv") == "mine")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: bench.logs)) ?? []
        #expect(logs.isEmpty, "\(logs)")
    }

    /// The same in flags mode: a `--hook` file writing, as it loads, the `--json` file there already is refused before
    /// it writes, and one that is not there yet refuses the run.
    @Test(arguments: [true, false])
    func aHookFileWritingTheJSONFileAsItLoadsIsRefused(isThere: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        if isThere { try bench.root.write("out.jsonl", "previous\n") }
        try bench.root.write("hooks.lua", """
            prx.write("out.jsonl", "mine")
            return { on_done = function() end }
            """)
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-C", "true @ARG@", "-r", "--json", "out.jsonl", "--hook", "hooks.lua"])
        #expect(outcome.status == 2)
        let harm = isThere
            ? "writing it would spoil the run's results"
            : "the run would spoil what the Lua code wrote there as it loaded"
        #expect(outcome.stderr.hasPrefix("prx: error: hooks.lua:1: prx.write: "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("out.jsonl is the file of --json, which the run writes to: \(harm)"),
            "\(outcome.stderr)")
        #expect(try bench.root.read("out.jsonl") == (isThere ? "previous\n" : "mine"))
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: bench.logs)) ?? []
        #expect(logs.isEmpty, "\(logs)")
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
