import Foundation
@testable import PRXCommand
import PRXTesting
import Testing

@Suite(.runsProcesses) struct RecipeCommandTests {
    @Test(arguments: [
        ("prx.task { sh = \"touch ran\" }\nprx.task { \"x\" \n", "recipe.lua:3: "),
        ("prx.task { sh = \"touch ran\" }\nlocal t = nil\nprint(t.field)\n",
         "recipe.lua:3: attempt to index a nil value"),
        ("prx.task { sh = \"touch ran\", name = \"a\" }\nprx.task { sh = \"touch ran\", name = \"a\" }\n",
         "recipe.lua:2: duplicate task name \"a\" (first defined at recipe.lua:1)"),
        ("prx.task { sh = \"touch ran\", name = \"a\", after = \"b\" }\n"
            + "prx.task { \"true\", name = \"b\", after = \"a\" }\n",
         "recipe.lua:1: dependency cycle: a -> b -> a"),
        // A NUL went raw into the CSV summary and the log.
        ("prx.task { sh = \"touch ran\" }\nprx.task { \"echo\", name = \"n\\0x\" }\n",
         "recipe.lua:2: prx.task: name must not contain a NUL byte"),
        // Accepted as the recipe loaded, where a NUL in a name was not.
        ("prx.task { sh = \"touch ran\" }\nprx.task { sh = \"echo a\\0b\" }\n",
         "recipe.lua:2: prx.task: sh must not contain a NUL byte"),
        ("prx.task { sh = \"touch ran\" }\nprx.task { \"env\", env = { X = \"a\\0b\" } }\n",
         "recipe.lua:2: prx.task: env.X must not contain a NUL byte"),
        ("prx.task { sh = \"touch ran\" }\nprx.task { \"true\", cwd = \"a\\0b\" }\n",
         "recipe.lua:2: prx.task: cwd must not contain a NUL byte"),
        // Taken for the recipe's directory without a word, where prx.lines("") and an empty path setting are refused.
        ("prx.task { sh = \"touch ran\" }\nprx.task { \"true\", cwd = \"\" }\n",
         "recipe.lua:2: prx.task: cwd must not be empty"),
        // nil does not remove a hook (a misspelled function's name is nil too): the error says so.
        ("prx.task { sh = \"touch ran\" }\nprx.on_done(nil)\n",
         "recipe.lua:2: prx.on_done takes one function (got nil); a hook is replaced by a later call, not removed "
            + "(to do nothing, give function() end)"),
        ("prx.task { sh = \"touch ran\" }\nprx.stop_when()\n", "recipe.lua:2: prx.stop_when takes one function "
            + "(got no argument)"),
        ("prx.task { sh = \"touch ran\" }\nprx.on_start(\"f\")\n", "recipe.lua:2: prx.on_start takes one function "
            + "(got string)"),
        // A nil among the words was "unknown field [3]", the word after it taken for a field.
        ("prx.task { sh = \"touch ran\" }\nprx.task { \"echo\", nil, \"x\" }\n",
         "recipe.lua:2: prx.task: argv element 2 is nil, which ends the list before element 3\n"),
        ("prx.task { sh = \"touch ran\" }\nlocal word\nprx.task { word, \"-n\", name = \"w\" }\n",
         "recipe.lua:3: prx.task: argv element 1 is nil, which ends the list before element 2\n"),
    ])
    func aBadRecipeIsOneErrorLineWithExitTwoAndRunsNothing(recipe: String, message: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", recipe)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(message)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
    }

    /// A recipe whose path is longer than Lua's 59 bytes is named in full in errors and the positions they cite;
    /// Lua's own messages cut it to `...` and its end.
    @Test func aLongRecipePathIsNamedInFull() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = bench.root.file(String(repeating: "long-directory-name/", count: 4) + "recipe.lua")
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "prx.task { \"true\", name = \"a\" }\nprx.task { \"true\", name = \"a\" }\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        let outcome = try await bench.prx(["run", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(path):2: duplicate task name \"a\" (first defined at \(path):1)\n")
    }

    /// `prx.write` gives the system's reason it could not write; it gave Foundation's ("The operation could not be
    /// completed. (NSCocoaErrorDomain error 512.)").
    @Test(arguments: [(".", "", "Is a directory"), ("nodir/w.txt", "/nodir/w.txt", "No such file or directory")])
    func prxWriteSaysTheSystemsReason(path: String, shown: String, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.write(\"\(path)\", \"x\")\n")
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 2)
        let written = bench.root.path + shown
        #expect(outcome.stderr == "prx: error: recipe.lua:1: prx.write: cannot write \(written): \(reason)\n")
    }

    /// A recipe run's report names `prx history RUN` alone: it named `prx --resume RUN` too, which refuses recipe
    /// runs. The refusal names the flag given: `--resume-failed` was refused as "--resume takes up flags-mode runs".
    @Test func aRecipeRunsReportDoesNotOfferResume() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"true\" }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        let line = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("- Run: ") })
        #expect(line.hasSuffix(")") && line.contains("(prx history ") && !line.contains("--resume"), "\(line)")
        let runID = try #require(line.split(separator: " ").dropFirst(2).first)
        for flag in ["--resume", "--resume-failed"] {
            let resumed = try await bench.prx([flag, String(runID)])
            #expect(resumed.status == 2)
            #expect(resumed.stderr
                == "prx: error: run \(runID) is a recipe run; \(flag) takes up flags-mode runs "
                    + "(run the recipe again)\n")
        }
    }

    /// `prx run` takes a unique prefix of a long option, as flags mode does; it refused `--ru` and `--ma`. A prefix two
    /// options share is an error naming them.
    @Test func longOptionsTakeUniquePrefixes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "recipe.lua", "prx.task { \"true\", name = \"one\" }\nprx.task { \"true\", name = \"two\" }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "--ru", "--ma", "1", "--js", "out.jsonl"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 1"), "\(outcome.stdout)")
        #expect(try await bench.summaryRecords().count == 2)
        #expect(FileManager.default.fileExists(atPath: bench.root.file("out.jsonl")))
        let ambiguous = try await bench.prx(["run", "recipe.lua", "--d"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.hasPrefix("prx: error: ambiguous option: --d could match --dry-run, --debug"),
                "\(ambiguous.stderr)")
    }

    @Test func workersFromTheCommandLineOverrideTheRecipe() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 4 }
            for i = 1, 3 do prx.task { "true", name = "t" .. i } end
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 1"))
        #expect(try await bench.summaryRecords().allSatisfy { $0["worker_id"] == "1" })
    }

    /// A recipe's workers are held to what the hard descriptor limit holds, with a warning, as flags mode's are.
    @Test func aHardDescriptorLimitTooLowForARecipesWorkersRunsFewer() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "for i = 1, 60 do prx.task { sh = \"sleep 0.1\", name = \"t\" .. i } end\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "100"], ulimit: "-n 64")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warning = try #require(
            outcome.descriptorLimitWarning(askedAs: "-m 100", limit: 64), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: \(warning.workers)\n"))
        let records = try await bench.summaryRecords()
        #expect(records.count == 60)
        #expect(records.allSatisfy { $0["status"] == "SUCCESS" })
    }

    /// The script configuration's caps hold a recipe as they hold flags mode: `-m` and `prx.config{ workers }` are
    /// held to `max_allowed_workers`, and every time limit, the recipe's or a task's own, to `max_allowed_timeout`,
    /// each with a warning. A recipe ran with its own workers and timeouts whatever the caps.
    @Test(arguments: [[String](), ["-m", "4"]])
    func theScriptConfigurationsCapsHoldARecipe(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("cfg/prx.yaml", "limits:\n  max_allowed_workers: 2\n  max_allowed_timeout: 1\n")
        try bench.root.write("recipe.lua", """
            prx.config { workers = 4, timeout = 60 }
            prx.task { "sleep", "3", name = "long", timeout = 30 }
            for i = 1, 3 do prx.task { "true", name = "t" .. i } end
            """)
        let outcome = try await bench.prx(
            ["run", "recipe.lua", "-r"] + flags, environment: ["PRX_CONFIG_DIR": bench.root.file("cfg")])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 2"))
        #expect(outcome.stderr.contains("workers 4 is above limits.max_allowed_workers 2"), "\(outcome.stderr)")
        // Each at its line, the timeout as written: they named the file alone, and the timeout as 60.0.
        if flags.isEmpty {
            #expect(outcome.stderr.contains("prx: warning: recipe.lua:1: prx.config workers 4 is above"))
        }
        #expect(outcome.stderr.contains(
            "recipe.lua:1: prx.config timeout 60 is above limits.max_allowed_timeout 1"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "recipe.lua:2: task long timeout 30 is above limits.max_allowed_timeout 1"), "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().first { $0["task_file"] == "long" }?["status"] == "TIMEOUT")
        let workers = try Set(await bench.summaryRecords().compactMap { $0["worker_id"] })
        #expect(workers.isSubset(of: ["1", "2"]), "\(workers)")
    }

    /// A user file's `max_workers` and `timeout_seconds` over their caps are warned of only when the run uses them:
    /// a recipe's `prx.config{ workers, timeout }` replaces them, and `-m` the workers; a key the recipe leaves to
    /// the file is still warned of. Both were warned of (`limits.max_workers 500 is above …; using 100`) while the
    /// run used the recipe's.
    @Test(arguments: [
        ("prx.config { workers = 3, timeout = 5 }\n", [String](), [String]()),
        ("prx.config { timeout = 5 }\n", [], ["limits.max_workers 500"]),
        ("prx.config { workers = 3 }\n", [], ["limits.timeout_seconds 9000"]),
        ("", ["-m", "4"], ["limits.timeout_seconds 9000"]),
    ])
    func onlyTheCapsOfValuesTheRecipeRunUsesAreWarnedOf(
        config: String, flags: [String], warned: [String]
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 500\n  timeout_seconds: 9000\n")
        try bench.root.write("recipe.lua", config + "prx.task { \"true\", name = \"t\" }\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"] + flags)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let capWarnings = outcome.stderr.split(separator: "\n").filter { $0.contains(" is above ") }
        #expect(capWarnings.count == warned.count, "\(outcome.stderr)")
        for key in warned {
            #expect(capWarnings.contains { $0.contains(key) }, "\(key): \(outcome.stderr)")
        }
    }

    /// `stop_limits_enabled` in the configuration turns the stop limits on for a recipe that does not say, as for
    /// flags mode; `prx.config{ stop_limits = false }` keeps them off. The configuration was not read for them.
    @Test(arguments: [("", 6), ("prx.config { stop_limits = false }\n", 8)])
    func theConfigurationTurnsTheStopLimitsOnUnlessTheRecipeSays(config: String, failed: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml", "limits:\n  stop_limits_enabled: true\n  max_consecutive_failures: 6\n")
        try bench.root.write("recipe.lua", config + "for i = 1, 8 do prx.task { \"false\", name = \"t\" .. i } end\n")
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "1"])
        #expect(outcome.status == 1)
        #expect(try await bench.summaryRecords().filter { $0["status"] == "FAILED" }.count == failed)
    }

    /// The orphan guard is forked before the recipe builds its graph: forked after, it shared every page of the
    /// graph and kept a copy of each one prx wrote afterwards. Here 64 MB of Lua string stands for the graph, and
    /// the task reads the guard's resident memory (the guard is prx's one child besides the task).
    @Test func theOrphanGuardIsStartedBeforeTheRecipeBuildsItsGraph() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            graph = string.rep("x", 64 * 1024 * 1024)
            prx.task { sh = [=[for c in $(cat /proc/$PPID/task/*/children); do
              if [ "$c" != $$ ]; then sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' /proc/$c/status; fi
            done > guard-rss-kb]=] }
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let written = try bench.root.read("guard-rss-kb").trimmingCharacters(in: .whitespacesAndNewlines)
        let kilobytes = try #require(Int(written), "guard's VmRSS: \(written)")
        #expect(kilobytes < 48 * 1024)
    }

    @Test func aHookErrorIsAWarningAndEveryResultIsStillWritten() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            for i = 1, 3 do prx.task { "true", name = "t" .. i } end
            prx.on_finish(function(task, r)
              error("cannot handle " .. task.name)
            end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--json", "results.jsonl"])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:3: cannot handle t1 (in on_finish)"))
        #expect(try await bench.summaryRecords().count == 3)
        let json = try bench.root.read("results.jsonl")
        #expect(json.split(separator: "\n").count >= 3)
    }

    @Test func onDoneChoosesTheExitStatus() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "false" }
            prx.on_done(function(summary) return summary.failed == 1 and 0 or 9 end)
            """)
        #expect(try await bench.prx(["run", "recipe.lua", "-r"]).status == 0)
        #expect(try await bench.prx(["run", "recipe.lua", "--dry-run", "-r"]).stdout.contains("task1: false"))
    }

    /// on_done's 0 cannot say that results written nowhere were written.
    @Test func onDoneChoosingZeroDoesNotHideAResultThatCouldNotBeWritten() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true" }
            prx.on_done(function() return 0 end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--json", "/dev/full"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("a sink failed: cannot write to /dev/full: No space left on device"))
    }

    /// A status is one byte: 256 would have read as 0, a success after a failure. The warning names the line of
    /// the `on_done` function (it named none).
    @Test(arguments: [
        ("256", "returned 256"), ("-1", "returned -1"), ("1.5", "returned 1.5"), ("true", "returned a boolean"),
    ])
    func onDoneReturningNoExitStatusKeepsTheUsualOne(returned: String, shown: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "false" }
            prx.on_done(function() return \(returned) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("prx: warning: recipe.lua:2: \(shown)") && outcome.stderr.contains(
            "not an exit status from 0 to 255; the usual one stands (in on_done)"), "\(outcome.stderr)")
    }

    /// An error in `on_done` under `on_error = "halt"` was a warning and prx exited 0, where the same error in
    /// `on_finish` fails the run: it makes the status 1, every result still written; under "warn" it stays 0.
    @Test(arguments: [("prx.config { on_error = \"halt\" }", Int32(1)), ("prx.config { on_error = \"warn\" }", 0)])
    func anOnDoneErrorFailsTheRunUnderHalt(configuration: String, status: Int32) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            \(configuration)
            prx.task { "true", name = "a" }
            prx.on_done(function() error("report failed") end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == status, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: warning: recipe.lua:3: report failed (in on_done)\n")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS"])
    }

    /// A signal that cut `on_done` short (a second after it, the hook still busy) left the report it was writing
    /// unwritten, yet prx exited 0 (1 under `on_error = "halt"`): the summary, made before `on_done`, said the run
    /// was not interrupted. It ends as any interrupted run does, with 128 + the signal, and the summary report and
    /// the journal, told after `on_done`, say the run was interrupted (they said it was not, beside exit 130/143), and
    /// when: once every task had ended. The report said `(running tasks were stopped, the rest cancelled)` of a run
    /// that had stopped and cancelled nothing, and the journal's line did not tell the two apart. The JSON file's
    /// summary line, written before `on_done`, said `"interrupted":false`: it is written after it now.
    @Test(arguments: [(SIGINT, "warn"), (SIGTERM, "halt")])
    func anOnDoneCutShortByASignalEndsWithTheSignalsStatus(signal: Int32, onError: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { on_error = "\(onError)" }
            prx.task { "true", name = "a" }
            prx.on_done(function()
              prx.write("looping", "yes")
              local t = os.clock() while os.clock() - t < 5 do end
              prx.write("report.md", "all good\\n")
              return 0
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r", "--json", "run.jsonl"])
        kill(run.process.processIdentifier, signal)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 128 + signal, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "recipe.lua:5: interrupted: prx was told to stop and this Lua code did not return (in on_done)"),
            "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("report.md")))
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["SUCCESS"])
        #expect(outcome.stdout.contains("\nInterrupted: yes (once every task had ended)\n"),
            "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("stopped"), "\(outcome.stdout)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let end = journal.split(separator: "\n").last ?? ""
        #expect(end.contains(#""interrupted":true"#) && end.contains(#""interrupted_after_tasks":true"#), "\(end)")
        let json = try String(contentsOfFile: bench.root.file("run.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(json.count == 2, "\(json)")
        #expect(json.last?.contains(#""type":"summary""#) == true, "\(json)")
        #expect(json.last?.contains(#""interrupted":true"#) == true, "\(json)")
    }

    /// The JSON file told after `on_done`, so that its summary line says a signal cut that short, is the one the sinks
    /// chosen as `json` write, whatever a plugin registered under that name makes: it was the sinks that are
    /// `JSONSink`s, so that `--json` written by a plugin registered as `json` in the built-in's place said
    /// `"interrupted":false`, and the built-in sink chosen by another name (`json-copy`) was moved after the hooks, said
    /// `"interrupted":true`, where every other sink a run chooses by name is told before them.
    @Test func theJSONFileIsTheSinkChosenAsJSONWhateverItsPluginMakes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.sink("json-copy", { path = "copy.jsonl" })
            prx.on_done(function()
              prx.write("looping", "yes")
              local t = os.clock() while os.clock() - t < 5 do end
            end)
            """)
        let run = try await bench.prxOnceLooping(
            ["run", "recipe.lua", "-r", "--json", "run.jsonl"], withTestPlugins: true)
        kill(run.process.processIdentifier, SIGINT)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 130, "\(outcome.stderr)")
        for (file, interrupted) in [("run.jsonl", true), ("copy.jsonl", false)] {
            let lines = try String(contentsOfFile: bench.root.file(file), encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2, "\(file): \(lines)")
            #expect(lines.last?.contains(#""type":"summary""#) == true, "\(file): \(lines)")
            #expect(lines.last?.contains(#""interrupted":\#(interrupted)"#) == true, "\(file): \(lines)")
        }
    }

    /// Runs prx with `arguments` in `bench`, sends it SIGINT once its Lua code has written the file `looping`,
    /// and returns how it ended.
    private func interruptedOnceLooping(_ arguments: [String], in bench: Workbench) async throws -> PRXProcess.Outcome {
        let run = try await bench.prxOnceLooping(arguments)
        kill(run.process.processIdentifier, SIGINT)
        return await run.wait()
    }

    /// A hook that never returns no longer holds prx past a SIGINT: a second after it, the hook raises an error,
    /// and the run ends with every result written and the hooks after it called.
    @Test func aHookThatNeverReturnsIsInterruptedBySIGINT() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.task { "sleep", "30", name = "b" }
            prx.on_finish(function(task)
              if task.name == "a" then prx.write("looping", "yes") while true do end end
            end)
            prx.on_done(function() prx.write("done", "yes") end)
            """)
        let outcome = try await interruptedOnceLooping(["run", "recipe.lua", "-r"], in: bench)
        #expect(outcome.status == 130)
        #expect(outcome.stderr.contains("interrupted: prx was told to stop and this Lua code did not return"))
        #expect(try bench.root.read("done") == "yes")
        #expect(try await bench.summaryRecords().compactMap { $0["status"] }.sorted() == ["CANCELLED", "SUCCESS"])
        #expect(outcome.stdout.contains("\nInterrupted: yes (running tasks were stopped, the rest cancelled)\n"))
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let end = journal.split(separator: "\n").last ?? ""
        #expect(end.contains(#""interrupted":true"#) && !end.contains("interrupted_after_tasks"), "\(end)")
    }

    /// Every hook called after the SIGINT has the same second to return: the hooks for the tasks it cancelled looped
    /// on unchecked, holding prx past any further signal with their results unwritten. A second SIGINT interrupts
    /// at once.
    @Test(arguments: [1, 2])
    func hooksCalledAfterASIGINTAreInterruptedToo(signals: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            for i = 1, 4 do prx.task { "true", name = "t" .. i } end
            prx.on_finish(function(task)
              if task.name == "t1" then prx.write("looping", "yes") end
              while true do end
            end)
            """)
        let run = try await bench.prxOnceLooping(["run", "recipe.lua", "-r"])
        kill(run.process.processIdentifier, SIGINT)
        if signals == 2 {
            try? await Task.sleep(for: .milliseconds(200))
            kill(run.process.processIdentifier, SIGINT)
        }
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 130, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().compactMap { $0["status"] }
            == ["SUCCESS", "CANCELLED", "CANCELLED", "CANCELLED"])
        // Each of the four hooks has a second after the first SIGINT; after the second, none. Timed by prx's log,
        // from the first hook's call to the run's end: this process may see prx's end late.
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        func time(of message: String) throws -> Date {
            let line = try #require(log.split(separator: "\n").first { $0.contains(message) })
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss,SSS"
            return try #require(formatter.date(from: String(line.prefix(23))))
        }
        let waited = try time(of: "Execution completed").timeIntervalSince(time(of: "Task completed: t1"))
        #expect(signals == 1 ? waited > 3.5 : waited < 2.5, "\(waited) s \(log)")
    }

    /// Names of other bytes that Swift takes for equal (`"caf\u{e9}"` and `"cafe\u{301}"`, both "café") were one
    /// name: a duplicate (exit 2), an `after` naming one ran after the other, a `cmd` function was given one result
    /// for both, and `prx.match` reused one pattern's matches for the other. They are two tasks, as in Lua.
    @Test func taskNamesAreToldApartByTheirBytes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "false", name = "caf\u{e9}" }
            prx.task { "true", name = "cafe\u{301}" }
            prx.task { "true", name = "after-decomposed", after = "cafe\u{301}" }
            prx.task { "true", name = "matching-composed", after = prx.match("caf\u{e9}*") }
            prx.task { "true", name = "matching-decomposed", after = prx.match("cafe\u{301}*") }
            prx.task { name = "both", after_any = true, after = { "caf\u{e9}", "cafe\u{301}" }, cmd = function(results)
              local count = 0
              for _ in pairs(results) do count = count + 1 end
              return { "sh", "-c", "echo " .. count .. " > count" }
            end }
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        // By code point: a dictionary keyed by the names would make them one again.
        let rows = try await bench.summaryRecords().map { record in
            let name = record["task_file"]?.unicodeScalars
                .map { $0.isASCII ? "\($0)" : "U+\(String($0.value, radix: 16))" }.joined()
            return "\(name ?? "?") \(record["status"] ?? "?")"
        }
        #expect(rows.sorted() == [
            "after-decomposed SUCCESS", "both SUCCESS", "cafU+e9 FAILED", "cafeU+301 SUCCESS",
            "matching-composed SKIPPED", "matching-decomposed SUCCESS",
        ])
        #expect(try bench.root.read("count") == "2\n")
    }

    /// `prx.match` and `prx.glob` matched `?` and `[…]` against a byte: `build:?` missed the task `build:é` (a
    /// dependency silently dropped) and `?.txt` the file `é.txt`. They match a character, as a UTF-8 shell does.
    @Test func patternsMatchCharactersNotBytes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["é.txt", "e.txt", "ab.txt", "ü.txt"] {
            try bench.root.write("files/\(name)", "")
        }
        try bench.root.write("recipe.lua", """
            for _, name in ipairs { "build:é", "build:e", "build:ab", "build:😀" } do
              prx.task { "true", name = name }
            end
            prx.task { "true", name = "after-one", after = prx.match("build:?") }
            prx.task { "true", name = "after-set", after = prx.match("build:[é😀]") }
            local function base(path) return path:match("[^/]*$") end
            local found = {}
            for _, path in ipairs(prx.glob("files/?.txt")) do found[#found + 1] = base(path) end
            for _, path in ipairs(prx.glob("files/[à-ÿ].txt")) do found[#found + 1] = base(path) end
            print(table.concat(found, " "))
            """)
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.first == "e.txt é.txt ü.txt é.txt ü.txt")
        #expect(lines.contains("after-one: true  (after build:é, build:e, build:😀)"), "\(outcome.stdout)")
        #expect(lines.contains("after-set: true  (after build:é, build:😀)"), "\(outcome.stdout)")
    }

    /// `stop_when`'s `pending` left out the tasks a failure was about to skip: called for `a`, with 3 workers, it
    /// saw `finished = 1, running = 2, pending = 0`, `b` counted nowhere. Every call sees every task.
    @Test(arguments: [1, 3])
    func stopWhenCountsTheTasksAboutToBeSkippedAsPending(workers: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = tonumber(prx.args[1]) }
            prx.task { sh = "exit 1", name = "a" }
            prx.task { "true", name = "b", after = "a" }
            prx.task { sh = "sleep 0.3", name = "c" }
            prx.task { sh = "sleep 0.3", name = "d" }
            prx.stop_when(function(s) print(s.last.name, s.finished, s.running, s.pending) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--", String(workers)])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let calls = outcome.stdout.split(separator: "\n").map { $0.split(separator: "\t") }.filter { $0.count == 4 }
        #expect(calls.map { $0[0] }.sorted() == ["a", "b", "c", "d"], "\(outcome.stdout)")
        for call in calls {
            #expect(call[1...].compactMap { Int($0) }.reduce(0, +) == 4, "\(call.joined(separator: " "))")
        }
        if workers == 3 {
            #expect(calls.first == ["a", "1", "2", "1"], "\(outcome.stdout)")
        }
    }

    /// With an `args-file` source, `stop_when`'s `pending` was 0 at every call: the recipe's own tasks still to come
    /// were dropped with the lines not read yet, whose number the source does not know. Only those lines are left
    /// out; the recipe's tasks, and the lines read, are counted.
    @Test func stopWhenCountsTheRecipesOwnTasksBeforeAnArgumentsFilesLines() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\nc\n")
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            prx.task { "true", name = "own1" }
            prx.task { "true", name = "own2", after = "own1" }
            prx.task { "true", name = "own3" }
            prx.source("args-file", { file = "args.txt", command = "echo @ARG@" })
            prx.stop_when(function(s) print(s.last.name, s.finished, s.running, s.pending) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let calls = outcome.stdout.split(separator: "\n").map { $0.split(separator: "\t") }.filter { $0.count == 4 }
        #expect(calls.map { $0[0] }.sorted() == ["a", "b", "c", "own1", "own2", "own3"], "\(outcome.stdout)")
        for call in calls {
            let seen = call[1...].compactMap { Int($0) }.reduce(0, +)
            let isOwn = call[0].hasPrefix("own")
            #expect(isOwn ? (3...6).contains(seen) : (4...6).contains(seen), "\(call.joined(separator: " "))")
        }
        #expect(calls.first == ["own1", "1", "0", "2"], "\(outcome.stdout)")
        #expect(calls.last?[3] == "0", "\(outcome.stdout)")
    }

    /// A declaration from a hook or `cmd` function used to vanish without a word.
    @Test func declaringFromAHookOrACmdFunctionIsAnError() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "true", name = "a" }
            prx.task { name = "b", after = "a", cmd = function() prx.task { "true" } return { "true" } end }
            prx.on_finish(function(task) if task.name == "a" then prx.on_done(function() end) end end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(
            "prx.on_done belongs to the recipe's loading, not to a hook or cmd function (in on_finish)"))
        let rows = try await bench.summaryRecords()
        #expect(rows.count == 2)
        #expect(rows.last?["error_message"]?.contains("prx.task belongs to the recipe's loading") == true)
    }

    /// The same for a `--parser` function, which runs as the arguments file is read.
    @Test func aParserThatNeverReturnsIsInterruptedBySIGINT() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("parse.lua", """
            return function(line)
              if line == "b" then prx.write("looping", "yes") while true do end end
              return { line }
            end
            """)
        try bench.root.write("lines.txt", "a\nb\nc\n")
        let outcome = try await interruptedOnceLooping(
            ["-A", "lines.txt", "--parser", "parse.lua", "-C", "echo @ARG@", "-r", "-m", "1"], in: bench)
        #expect(outcome.status == 130)
        #expect(outcome.stdout.contains(
            "Task Source Error: parse.lua:2: interrupted: prx was told to stop and this Lua code did not return "
                + "(--parser, on "), "\(outcome.stdout)")
        // The line the parser was cut off on is cancelled, as the line after it is: the signal's doing, not the line's.
        let records = try await bench.summaryRecords()
        #expect(records.compactMap { $0["status"] } == ["SUCCESS", "CANCELLED", "CANCELLED"], "\(records)")
        #expect(records.compactMap { $0["error_message"] }.dropFirst() == ["run interrupted", "run interrupted"])
    }

    @Test func eachAttemptIsLoggedAndTheFinalRowCountsThem() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { sh = "n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ $n -ge 2 ]",
                       name = "flaky", retries = 3, retry_delay = 0.2 }
            prx.task { sh = "exit 75", name = "busy", retries = 1, retry_on = { 75 } }
            prx.task { sh = "exit 4", name = "broken", retries = 2, retry_on = { 75 } }
            """)
        let started = Date()
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) >= 0.4, "two retries of flaky, each after 0.2 s")
        let messages = Dictionary(uniqueKeysWithValues: try await bench.summaryRecords().map {
            ($0["task_file"]!, "\($0["status"]!) \($0["error_message"]!)")
        })
        #expect(messages == [
            "flaky": "SUCCESS after 3 attempts", "busy": "FAILED Exit code 75; after 2 attempts",
            "broken": "FAILED Exit code 4",
        ])
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        for line in [
            "Task attempt 1 failed: flaky - Exit code 1; retrying",
            "Task attempt 2 failed: flaky - Exit code 1; retrying",
            "Task completed: flaky after 3 attempts",
            "Task attempt 1 failed: busy - Exit code 75; retrying",
            "Task failed: busy after 2 attempts - Exit code 75",
            "Task failed: broken - Exit code 4",
        ] {
            #expect(log.contains(line), "\(line)")
        }
    }

    /// A task waiting out its `retry_delay` holds no worker: with one worker, the task after it started only once the
    /// retry had started and ended (3 s later in the hunt's recipe); with `-m 4` and four tasks waiting, nothing ran.
    /// The retry starts on the worker free once its pause is over, and the log and the journal say each attempt.
    @Test func aTaskWaitingOutItsRetryDelayHoldsNoWorker() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 1 }
            prx.task { sh = "exit 1", name = "a", retries = 1, retry_delay = 1 }
            prx.task { "true", name = "b" }
            prx.on_start(function(t) print("start", t.name, t.attempt, t.worker) end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let starts = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("start\t") }
        #expect(starts == ["start\ta\t1\t1", "start\tb\t1\t1", "start\ta\t2\t1"], "\(outcome.stdout)")
        let rows = try await bench.summaryRecords()
            .map { "\($0["task_file"]!) \($0["worker_id"]!) \($0["status"]!) \($0["error_message"]!)" }
        #expect(rows == ["b 1 SUCCESS ", "a 1 FAILED Exit code 1; after 2 attempts"])
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        let taskLines = log.split(separator: "\n").compactMap { line in
            line.firstRange(of: "] - ").map { String(line[$0.upperBound...]) }
        }.filter { $0.hasPrefix("Task") || $0.hasPrefix("Worker 1: Starting") }
        #expect(taskLines == [
            "Worker 1: Starting task a", "Task attempt 1 failed: a - Exit code 1; retrying",
            "Worker 1: Starting task b", "Task completed: b",
            "Worker 1: Starting task a", "Task failed: a after 2 attempts - Exit code 1",
        ], "\(log)")
        let journal = try String(contentsOfFile: try #require(bench.journals().first), encoding: .utf8)
        let events = journal.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("\"event\":\"task_") || line.contains("\"event\":\"attempt_"),
                let event = line.firstRange(of: "\"event\":\""), let label = line.firstRange(of: "\"label\":\"")
            else { return nil }
            let name = line[event.upperBound...].prefix { $0 != "\"" }
            return "\(name) \(line[label.upperBound...].prefix { $0 != "\"" })"
        }
        #expect(events == [
            "task_started a", "attempt_failed a", "task_started b", "task_finished b", "task_started a",
            "task_finished a",
        ], "\(journal)")
    }

    @Test func badLuaFlagFilesStopBeforeAnythingRuns() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "a\n")
        try bench.root.write("hooks.lua", "return 42\n")
        try bench.root.write("policy.lua", "return function(s)\n")
        let hooks = try await bench.prx(["-A", "hosts.txt", "-C", "touch ran", "--hook", "hooks.lua", "-r"])
        #expect(hooks.status == 2)
        #expect(hooks.stderr.contains("hooks.lua must return a table"))
        let policy = try await bench.prx(["-A", "hosts.txt", "-C", "touch ran", "--stop-policy", "policy.lua", "-r"])
        #expect(policy.status == 2)
        #expect(policy.stderr.contains("policy.lua:2:"))
        let parser = try await bench.prx(["-T", "hosts.txt", "-C", "touch ran", "--parser", "policy.lua"])
        #expect(parser.status == 2)
        #expect(parser.stderr.contains("--parser needs -A/--arguments-file"))
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A recipe's dry run marks the tasks that `-r` makes `ERROR` before they start (an argument over
    /// `max_argument_length`, an argument holding a NUL byte) as flags mode's does, and counts them: it printed them
    /// as commands, the NUL byte raw.
    @Test func aRecipesDryRunMarksTasksThatCannotRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "echo", string.rep("y", 1500), name = "long" }
            prx.task { "echo", "a\0b", name = "nul" }
            prx.task { "true", name = "ok" }
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == """
            # long: not runnable: argument 2 is 1500 characters long, over max_argument_length 1000
            # nul: not runnable: argument 2 contains a NUL byte, which no program can be given
            ok: true
            # dry run: 3 tasks, 2 not runnable; add -r to run them

            """)
    }

    /// A task with a NUL byte in an argument is `ERROR` before it starts, as its dry run says and as one with an
    /// argument over the limit is: it was logged as started on a worker (`Worker 1: Starting task nul`, a start
    /// time and worker 1 in the CSV summary), then failed.
    @Test func aNULInAnArgumentMakesTheTaskAnErrorBeforeItStarts() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "echo", "a\0b", name = "nul" }
            prx.task { "true", name = "ok" }
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        let nul = try #require(records.first { $0["task_file"] == "nul" })
        #expect(nul["status"] == "ERROR")
        #expect(nul["error_message"] == "argument 2 contains a NUL byte, which no program can be given")
        #expect(nul["start_time"] == "" && nul["worker_id"] == "", "\(nul)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(!log.contains("Starting task nul"), "\(log)")
        #expect(log.contains("[MainThread] - Task failed: nul - argument 2 contains a NUL byte"), "\(log)")
    }

    /// A placeholder without a value counts the parser's fields: a parser that returned none was said to have
    /// given the line's one.
    @Test func aPlaceholderWithoutAValueCountsTheParsersFields() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("lines.txt", "a b\n")
        try bench.root.write("parse.lua", "return function(line) return {} end\n")
        let outcome = try await bench.prx(["-A", "lines.txt", "--parser", "parse.lua", "-C", "echo @ARG@"])
        #expect(outcome.stdout.hasPrefix(
            "# a b: not runnable: lines.txt:1: @ARG@ has no value: the line has 0 fields\n"))
    }

    /// The main log's closing line counts a skipped task as skipped, as the summary report does: it was counted
    /// among the cancelled (`'cancelled': 1`, where the report said `Cancelled: 0` and `Skipped: 1`). parallelr,
    /// whose line it is, has no skipped tasks: `'skipped'` comes after `'cancelled'`, only in a run that has some.
    @Test func theLogsClosingLineCountsSkippedTasksApart() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "false", name = "a" }
            prx.task { "true", name = "b", after = "a" }
            prx.task { "true", name = "c" }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Cancelled: 0\n") && outcome.stdout.contains("Skipped: 1\n"),
            "\(outcome.stdout)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains(
            "Execution completed: {'total': 3, 'completed': 1, 'failed': 1, 'cancelled': 0, 'skipped': 1}\n"), "\(log)")
    }
}
