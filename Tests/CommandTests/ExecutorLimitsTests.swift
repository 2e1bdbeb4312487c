import Foundation
import PRXTesting
import Testing

/// The limits an executor declares where it is registered (`ExecutorLimits`), through `prx-with-test-plugins`' executor
/// `remote`, whose tasks, as a cluster's jobs, hold no descriptor of prx's and whose runs may have 1000 workers, beside
/// `local` (there registered again without declaring any, so with `local`'s limits, as any plugin's executor).
@Suite(.runsProcesses) struct ExecutorLimitsTests {
    /// `prx-with-test-plugins` with `arguments`, under `ulimit` when one is given.
    private func prx(_ arguments: [String], in bench: Workbench, ulimit: String? = nil) async throws
        -> PRXProcess.Outcome
    {
        let setLimit = ulimit.map { "ulimit \($0) && " } ?? ""
        return try await PRXProcess(
            ["-c", setLimit + #"exec "$0" "$@""#, PRXProcess.executablePath(named: "prx-with-test-plugins")]
                + arguments,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path
        ).wait(killingAfter: 60)
    }

    /// Writes `count` lines, one a task, and the recipe `recipe` of `count` tasks on `remote`, each job taking a second;
    /// returns the lines' file.
    private func remoteTasks(_ count: Int, in bench: Workbench, recipe: String) throws -> String {
        try bench.root.write(recipe, """
            prx.config { executor = "remote" }
            prx.set("remote.seconds", 1)
            for i = 1, \(count) do prx.task { "true", name = "job" .. i } end
            """)
        return try bench.root.write("lines.txt", (1...count).map { "\($0)\n" }.joined())
    }

    /// The tasks of a run whose `count` tasks all succeeded, each on a worker of its own: every one in flight at once.
    private func expectAllInFlightAtOnce(_ count: Int, in bench: Workbench) async throws {
        let records = try await bench.summaryRecords()
        #expect(records.count == count)
        #expect(records.allSatisfy { $0["status"] == "SUCCESS" })
        #expect(Set(records.compactMap { $0["worker_id"] }).count == count)
    }

    /// Under a hard limit on open files that holds few of `local`'s workers (`ulimit -n 64`), a run on `remote`, whose
    /// tasks hold no descriptor, keeps the 100 workers asked for, without a warning, all in flight at once, in flags
    /// mode and in a recipe; `local` still runs fewer, with the warning. The descriptor budget lowered every
    /// executor's workers alike: `remote`'s run had as few as `local`'s, with `local`'s warning.
    @Test(arguments: [false, true])
    func anExecutorWhoseTasksHoldNoDescriptorsKeepsItsWorkers(inRecipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try remoteTasks(100, in: bench, recipe: "recipe.lua")
        let remote = inRecipe
            ? ["run", "recipe.lua", "-r", "-m", "100"]
            : ["-A", lines, "-C", "true @ARG@", "-r", "-m", "100", "--executor", "remote", "--set", "remote.seconds=1"]
        let outcome = try await prx(remote, in: bench, ulimit: "-n 64")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout.contains("- Workers: 100\n"), "\(outcome.stdout)")
        try await expectAllInFlightAtOnce(100, in: bench)

        let local = try await prx(["-A", lines, "-C", "sleep 0.0@ARG@", "-r", "-m", "100"], in: bench, ulimit: "-n 64")
        #expect(local.status == 0, "\(local.stderr)")
        let warning = try #require(local.descriptorLimitWarning(askedAs: "-m 100", limit: 64), "\(local.stderr)")
        #expect(warning.workers < 100)
        #expect(local.stdout.contains("- Workers: \(warning.workers)\n"), "\(local.stdout)")
    }

    /// `-m`'s help, in flags mode and `prx run`, says how far workers go in a build whose executors may allow more than
    /// parallelr's 100, as `remote` does, which takes `-m 150`: it said "1–100" in every build.
    @Test(arguments: [[], ["run"]])
    func theHelpOfMaxWorkersIsTrueInABuildWhoseExecutorAllowsMore(command: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let taken = try await prx(["--executor", "remote", "-m", "150", "--validate-config"], in: bench)
        #expect(taken.status == 0, "\(taken.stderr)")
        let help = try await prx(command + ["--help"], in: bench)
        #expect(help.status == 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let range = "Parallel workers, 1–100, or up to the cap of an executor that declares its own (default:"
        #expect(words.contains(range), "\(help.stdout)")
    }

    /// `-m 300` is taken for `remote`, which allows 1000 workers, and runs 300 at once, in flags mode and in a recipe;
    /// `--validate-config` and `--show-config` name `remote`'s cap as `limits.max_allowed_workers`. For `local` it
    /// is refused as before, in parallelr's words, and so is `-m 1001` for `remote`. Every executor was held to
    /// parallelr's 100: `-m 300` was refused with `--executor remote` too.
    @Test(arguments: [false, true])
    func anExecutorsOwnCapOnWorkersReplacesParallelrs(inRecipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try remoteTasks(300, in: bench, recipe: "remote.lua")
        try bench.root.write("local.lua", #"prx.task { "true" }"#)
        let flags = ["-A", lines, "-C", "true @ARG@", "--executor", "remote", "--set", "remote.seconds=1"]
        func arguments(_ executor: String, _ workers: String) -> [String] {
            inRecipe
                ? ["run", "\(executor).lua", "-r", "-m", workers]
                : executor == "remote" ? flags + ["-r", "-m", workers] : ["-A", lines, "-C", "true", "-r", "-m", workers]
        }
        let outcome = try await prx(arguments("remote", "300"), in: bench)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout.contains("- Workers: 300\n"), "\(outcome.stdout)")
        try await expectAllInFlightAtOnce(300, in: bench)

        let help = inRecipe ? "prx-with-test-plugins run --help" : "prx-with-test-plugins --help"
        for (executor, workers, most) in [("local", "300", 100), ("remote", "1001", 1000)] {
            let refused = try await prx(arguments(executor, workers), in: bench)
            #expect(refused.status == 2)
            #expect(
                refused.stderr == "prx: error: -m/--max must be between 1 and \(most) (got \(workers)) (see '\(help)')\n")
        }
        if !inRecipe {
            let validated = try await prx(flags + ["-m", "300", "--validate-config"], in: bench)
            #expect(validated.status == 0, "\(validated.stderr)")
            #expect(validated.stdout.contains("✓ Workers: 300 (max allowed: 1000)"), "\(validated.stdout)")
            let shown = try await prx(flags + ["-m", "300", "--show-config"], in: bench)
            #expect(shown.stdout.contains("max_allowed_workers: 1000  # executor: remote\n"), "\(shown.stdout)")
            #expect(shown.stdout.contains("max_workers: 300  # flag: -m\n"), "\(shown.stdout)")
        }
    }

    /// A recipe's `prx.config{ workers = 300 }` is taken for `remote` and runs 300 at once; for `local`, in a build
    /// with an executor that allows more, it is refused at its line in the words of a build without one
    /// (`workers must be a whole number from 1 to 100`), a run and a dry run alike, as `-m 300` is refused for
    /// `local`. The Lua plugin refused it above 100 whatever the executor; then the run held it to `local`'s 100 with
    /// a warning, running a recipe that prx's own build refuses.
    @Test func aRecipesWorkersGoUpToItsExecutorsCap() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("remote.lua", """
            prx.config { executor = "remote", workers = 300 }
            prx.set("remote.seconds", 1)
            for i = 1, 300 do prx.task { "true", name = "job" .. i } end
            """)
        let remote = try await prx(["run", "remote.lua", "-r"], in: bench)
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remote.stderr == "")
        #expect(remote.stdout.contains("- Workers: 300\n"), "\(remote.stdout)")
        try await expectAllInFlightAtOnce(300, in: bench)

        try bench.root.write("local.lua", "prx.task { \"true\" }\nprx.config { workers = 300 }\n")
        let refusal = "prx: error: local.lua:2: prx.config: workers must be a whole number from 1 to 100\n"
        for mode in [["-r"], [], ["-r", "-m", "5"]] {
            let local = try await prx(["run", "local.lua"] + mode, in: bench)
            #expect(local.status == 2, "\(mode)")
            #expect(local.stderr == refusal, "\(mode)")
            #expect(local.stdout == "", "\(mode)")
            let stock = try await bench.prx(["run", "local.lua"] + mode)
            #expect(stock.status == 2, "\(mode)")
            #expect(stock.stderr == refusal, "\(mode)")
        }
    }

    /// A run on `remote`, whose tasks are not local processes, starts no orphan guard: while it runs, prx has no child
    /// at all (a guard is one from its fork on, named `prx-guard` or not yet), and its journal names none
    /// (`guard_pid`), in flags mode and in a recipe; a run on `local`, watched the same way, has its guard. Every run
    /// forked the guard (and checked the kernel) whatever its executor.
    ///
    /// Each run's tasks wait for a file the test writes once it has looked, so that the run goes on however late the
    /// test looks. They took 2 s (a recipe's `remote` jobs 1 s), and the guard names itself only once it runs, which
    /// on a loaded machine can be after the journal's first line: `local`'s guard was looked for once, and not found.
    @Test(arguments: [false, true])
    func aRunOnAnExecutorWhoseTasksAreNotLocalStartsNoOrphanGuard(inRecipe: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", "1\n2\n")
        for executor in ["remote", "local"] {
            let go = bench.root.file("go-\(executor)")
            let wait = "until [ -e \(go) ]; do sleep 0.02; done"
            try bench.root.write("remote.lua", """
                prx.config { executor = "remote" }
                prx.set("remote.until_file", "\(go)")
                for i = 1, 2 do prx.task { "true", name = "job" .. i } end
                """)
            try bench.root.write("local.lua", "prx.task { \"sh\", \"-c\", \"\(wait)\" }\n")
            let remote = ["--executor", "remote", "--set", "remote.until_file=\(go)"]
            let arguments = inRecipe
                ? ["run", "\(executor).lua", "-r"]
                : executor == "remote"
                    ? ["-A", lines, "-C", "true @ARG@", "-r"] + remote
                    : ["-A", lines, "-C", "sh -c '\(wait)'", "-r"]
            let journalsBefore = bench.journals().count
            let run = try PRXProcess(
                arguments, executable: PRXProcess.executablePath(named: "prx-with-test-plugins"), home: bench.home,
                directory: bench.root.path)
            let prx = run.process.processIdentifier
            // The journal's first line is written once the run has begun, after prx prepared it: its guard, if any,
            // was forked by then.
            let deadline = Date().addingTimeInterval(20)
            while !bench.hasStartedJournal(beyond: journalsBefore) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            let children = LiveProcesses.children(of: prx)
            let orphanGuard = executor == "local" ? await LiveProcesses.awaitOrphanGuard(of: prx) : nil
            // Looked at while the run went on, not after prx had ended, which leaves no child to find.
            let lookedWhileRunning = LiveProcesses.isRunning(prx)
            // Nothing throws between prx's start and here: the tasks are always let go, and prx waited for.
            FileManager.default.createFile(atPath: go, contents: nil)
            let outcome = await run.wait(killingAfter: 60)
            #expect(outcome.status == 0, "\(executor): \(outcome.stderr)")
            #expect(lookedWhileRunning, "\(executor)")
            let journal = try String(contentsOfFile: try #require(bench.journals().last), encoding: .utf8)
            let start = journal.prefix { $0 != "\n" }
            if executor == "remote" {
                #expect(children.isEmpty, "remote: children \(children)")
                #expect(!start.contains("\"guard_pid\""), "\(start)")
            } else {
                #expect(orphanGuard != nil)
                #expect(start.contains("\"guard_pid\":\(orphanGuard ?? 0)"), "\(start)")
            }
        }
    }

    /// A configuration file's `max_workers` above 100 is held to `remote`'s cap of 1000 in its runs, not to
    /// `limits.max_allowed_workers`' 100, with the warning naming that cap; `local`'s run holds it to 100, as
    /// before.
    @Test func aFilesWorkersAreHeldToTheExecutorsCap() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 1200\n")
        let lines = try bench.root.write("lines.txt", "1\n")
        let remote = try await prx(
            ["-A", lines, "-C", "true @ARG@", "--executor", "remote", "--show-config"], in: bench)
        #expect(remote.stdout.contains("max_workers: 1000  # user: "), "\(remote.stdout)")
        #expect(remote.stderr.contains(
            "limits.max_workers 1200 is above limits.max_allowed_workers 1000 (executor: remote); using 1000"),
            "\(remote.stderr)")
        let local = try await prx(["-A", lines, "-C", "true @ARG@", "--show-config"], in: bench)
        #expect(local.stdout.contains("max_workers: 100  # user: "), "\(local.stdout)")
        #expect(local.stderr.contains(
            "limits.max_workers 1200 is above limits.max_allowed_workers 100 (default); using 100"), "\(local.stderr)")
    }
}
