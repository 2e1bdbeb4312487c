import Foundation
import PRXTesting
import Testing

/// A recipe read from standard input, a FIFO or a file descriptor's link, whose directory holds nothing of the
/// user's, takes prx's working directory as the base of its relative paths and its tasks' directory.
@Suite(.runsProcesses) struct RecipeStandardInputTests {
    /// `echo 'prx.task{"pwd"}' | prx run /dev/stdin -r` ran its task in `/dev` (`<(…)` in `/proc/PID/fd`), and
    /// `prx.lines("where.txt")` read `/dev/where.txt`; `prx run -` failed with `cannot open -`. Now each runs in the
    /// directory prx runs in, with its paths from there; a recipe that is a regular file still has its own directory.
    @Test(arguments: [
        (#"cat sub/recipe.lua | "$PRX" run /dev/stdin -r"#, "root"),
        (#"cat sub/recipe.lua | "$PRX" run - -r"#, "root"),
        (#""$PRX" run /dev/stdin -r < sub/recipe.lua"#, "root"),
        (#""$PRX" run <(cat sub/recipe.lua) -r"#, "root"),
        (#"mkfifo sub/fifo && { timeout 20 cat sub/recipe.lua > sub/fifo & } && "$PRX" run sub/fifo -r"#, "root"),
        (#""$PRX" run sub/recipe.lua -r"#, "sub"),
    ])
    func aRecipeThatIsNoRegularFileRunsInTheWorkingDirectory(command: String, base: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        try bench.root.write("where.txt", "root\n")
        try bench.root.write("sub/where.txt", "sub\n")
        // Written to a path from `/`, so that no run writes into `/dev`.
        try bench.root.write("sub/recipe.lua", """
            local line = prx.lines("where.txt")[1][1]
            prx.task { sh = "{ pwd -P; echo " .. line .. "; } > \(root)/out.txt" }
            """)
        let outcome = try await PRXProcess.run(
            ["-c", command], executable: "/bin/bash", home: bench.home,
            environment: ["PRX": PRXProcess.executablePath], directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let expected = base == "root" ? "\(root)\nroot\n" : "\(root)/sub\nsub\n"
        #expect((try? bench.root.read("out.txt")) == expected)
    }

    /// The same for the Lua files of flags mode: a `--hook <(…)` wrote `prx.write("done.txt", …)` into
    /// `/proc/PID/fd`, which failed.
    @Test func aHookFileThatIsNoRegularFileWritesInTheWorkingDirectory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let hooks = #"return { on_done = function() prx.write("done.txt", "yes") end }"#
        let outcome = try await PRXProcess.run(
            ["-c", #""$PRX" -A args.txt -C "true @ARG@" -r --hook <(echo '\#(hooks)')"#], executable: "/bin/bash",
            home: bench.home, environment: ["PRX": PRXProcess.executablePath], directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect((try? bench.root.read("done.txt")) == "yes")
    }

    /// `-` is named `stdin` in messages, as Lua names the chunk.
    @Test func aRecipeOnStandardInputIsNamedStdin() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let outcome = try await PRXProcess.run(
            ["-c", #"printf 'prx.task { "true" }\nprx.task {\n' | "$PRX" run -"#], executable: "/bin/bash",
            home: bench.home, environment: ["PRX": PRXProcess.executablePath], directory: bench.root.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: stdin:3: "), "\(outcome.stderr)")
    }

    /// A recipe whose directory is taken from a working directory prx cannot name: one deleted since prx started in
    /// it, or one whose path is not UTF-8. Its relative paths were taken from `/` in the first (`prx.write("out.txt")`
    /// wrote `/out.txt`, `cwd = "tmp"` ran in `/tmp`), and from a directory with U+FFFD in place of the bytes that are
    /// not UTF-8 in the second, while each task without a `cwd` was `ERROR`, `cannot change to working directory`
    /// (exit 1), and the dry run called them runnable. Both are refused before the recipe loads, in a dry run too.
    @Test(arguments: [
        (#"r=$PWD/recipe.lua && mkdir gone && cd gone && rmdir ../gone && exec "$PRX" run - "$@" < "$r""#,
         "prx: error: stdin: the directory prx runs in was deleted, and the file's relative paths (a recipe's tasks "
            + "too) are taken from it: run prx in another directory\n"),
        (#"d=$(printf 'd\377') && mkdir "$d" && cp recipe.lua "$d" && cd "$d" && exec "$PRX" run recipe.lua "$@""#,
         "prx: error: recipe.lua: the directory prx runs in is not UTF-8 (it reads 'ROOT/d\\xff'), and the file's "
            + "relative paths (a recipe's tasks too) are taken from it; prx takes its paths as UTF-8\n"),
    ], [["-r"], []])
    func aRecipeInADirectoryPrxCannotNameIsRefused(refused: (command: String, error: String), run: [String])
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        try bench.root.write("recipe.lua", #"prx.task { "pwd", name = "here" }"# + "\n")
        let outcome = try await PRXProcess.run(
            ["-c", refused.command, "sh"] + run, executable: "/bin/sh", home: bench.home,
            environment: ["PRX": PRXProcess.executablePath], directory: bench.root.path)
        #expect(outcome.status == 2, "\(outcome.stdout)")
        #expect(outcome.stderr == refused.error.replacingOccurrences(of: "ROOT", with: root))
        #expect(!outcome.stdout.contains("here"), "\(outcome.stdout)")
    }
}
