import Foundation
import PRXTesting
import Testing

/// `prx.write` to a file the run reads by its path (its `-A` file, the recipe, a `--hook` file) was allowed: a hook
/// emptied the arguments file under the reader, which went on from its offset in what the hook wrote, and a recipe or
/// hook file could write over itself, the code the next run loads. Each is refused, naming the file and what reads
/// it, as a write to a result file is (``LuaWriteToResultFileTests``).
@Suite(.runsProcesses) struct LuaWriteToInputFileTests {
    /// A `--hook` file's `on_finish` writing the `-A` file, or the hook file itself, as the run goes: a warning naming
    /// the file and the flag, the file as it was, and every line run.
    @Test(arguments: [("args.txt", "-A"), ("hooks.lua", "--hook")])
    func aHookCannotWriteAFileTheRunReads(written: String, origin: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n3\n")
        let hooks = #"return { on_finish = function() prx.write("\#(written)", "x\n") end }"#
        try bench.root.write("hooks.lua", hooks)
        let outcome = try await bench.prx(
            ["-A", "args.txt", "-C", "true @ARG@", "-m", "1", "-r", "--hook", "hooks.lua"])
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        #expect(outcome.stderr.contains(
            "prx: warning: hooks.lua:1: prx.write: \(root)/\(written) is the file of \(origin), which the run reads: "
                + "writing it would spoil the run's input (write another file) (in on_finish)\n"),
            "\(outcome.stderr)")
        #expect(try bench.root.read("args.txt") == "1\n2\n3\n")
        #expect(try bench.root.read("hooks.lua") == hooks)
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }.sorted() == [
            "true 1", "true 2", "true 3",
        ])
    }

    /// The same as the Lua file loads: a `--hook` file writing the `-A` file, or a recipe writing itself, is refused
    /// at the write's line, before it writes, and nothing runs.
    @Test(arguments: [
        (["-A", "args.txt", "-C", "touch ran @ARG@", "-r", "--hook", "hooks.lua"], "hooks.lua", "args.txt", "-A"),
        (["run", "recipe.lua", "-r"], "recipe.lua", "recipe.lua", "the recipe"),
    ])
    func aWriteAsTheLuaFileLoadsOfAFileTheRunReadsIsRefused(
        arguments: [String], file: String, written: String, origin: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let code = file == "hooks.lua"
            ? "prx.write(\"\(written)\", \"x\\n\")\nreturn {}\n"
            : "prx.write(\"\(written)\", \"x\\n\")\nprx.task { sh = \"touch ran\" }\n"
        try bench.root.write(file, code)
        let outcome = try await bench.prx(arguments)
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(file):1: prx.write: \(root)/\(written) is the file of \(origin), "
            + "which the run reads: writing it would spoil the run's input (write another file)\n")
        #expect(try bench.root.read("args.txt") == "1\n")
        #expect(try bench.root.read(file) == code)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A recipe may still make the arguments file of its own `args-file` source as it loads, before it names it.
    @Test func aRecipeMakesTheArgumentsFileItsSourceReads() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.write("hosts.txt", "a\\nb\\n")
            prx.source("args-file", { file = "hosts.txt", command = "echo @ARG@" })
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }.sorted() == ["echo a", "echo b"])
    }

    /// Once the run is over its input is read: `on_done` may write the arguments file anew, with the tasks that failed
    /// (a to-do list for the next run), in a recipe and in a `--hook` file, where the files the run writes stay refused.
    @Test(arguments: [false, true])
    func onDoneWritesTheArgumentsFileAnew(recipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("todo.txt", "0\n3\n0\n")
        let onDone = """
            function(summary, results)
              local left = {}
              for _, result in ipairs(results) do
                if result.status ~= "SUCCESS" then left[#left + 1] = tostring(result.exit_code) end
              end
              prx.write("todo.txt", table.concat(left, "\\n") .. "\\n")
              prx.write("out.jsonl", "x")
            end
            """
        let arguments: [String]
        if recipe {
            try bench.root.write("recipe.lua", """
                prx.source("args-file", { file = "todo.txt", command = "sh -c 'exit @ARG@'" })
                prx.on_done(\(onDone))
                """)
            arguments = ["run", "recipe.lua", "-r", "--json", "out.jsonl"]
        } else {
            try bench.root.write("hooks.lua", "return { on_done = \(onDone) }\n")
            arguments = [
                "-A", "todo.txt", "-C", "sh -c 'exit @ARG@'", "-r", "--hook", "hooks.lua", "--json", "out.jsonl",
            ]
        }
        let outcome = try await bench.prx(arguments)
        #expect(try bench.root.read("todo.txt") == "3\n", "\(outcome.stderr)")
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        #expect(outcome.stderr.contains("prx.write: \(root)/out.jsonl is the file of --json, which the run writes to"),
            "\(outcome.stderr)")
    }
}
