import Foundation
import PRXKernel
@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct RecipeGraphTests {
    @Test func declaresTasksWithHandlesNamesAndDefaults() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.config { workers = 3, timeout = 60, stop_limits = true, sleep = 0.5, on_error = "halt" }
            local build = prx.task { "make", "-j2", name = "build" }
            assert(build.name == "build")
            prx.task { "./deploy.sh", "a", 22, name = "deploy:a", after = { build }, env = { HOST = "a" },
                       timeout = 30, retries = 2, retry_delay = 0.1, retry_on = { 75, 1 }, cwd = "sub" }
            prx.task { sh = "make report > report.txt", after = prx.match("deploy:*") }
            """)
        let tasks = recipe.graph.tasks
        #expect(tasks.map(\.name) == ["build", "deploy:a", "task3"])
        guard case .argv = tasks[1].command else { Issue.record("not argv"); return }
        #expect(tasks.argv(at: 1) == ["./deploy.sh", "a", "22"])
        #expect(tasks.argv(at: 2) == ["/bin/sh", "-c", "make report > report.txt"])
        #expect(tasks[1].environment == ["HOST": "a"])
        #expect(tasks[1].workingDirectory == fixture.directory.file("sub"))
        #expect(tasks[0].workingDirectory == fixture.directory.path)
        #expect(tasks[1].retry == RetryPolicy(maxRetries: 2, delay: 0.1, exitCodes: [75, 1]))
        #expect(tasks[1].timeout == 30)
        #expect(tasks[1].position?.line == 4)
        #expect(recipe.graph.dependencies.map(Array.init) == [[], [0], [1]])
        #expect(recipe.graph.dependentCounts == [1, 1, 0])
        #expect(recipe.configuration.workers == 3)
        #expect(recipe.configuration.stopLimits == true)
        #expect(recipe.configuration.onError == .halt)
        #expect(recipe.configuration.sleep == 0.5)
        var source = recipe.makeSource(defaultTimeout: 600)
        let first = try #require(try source.next())
        #expect(first.timeout == 60)
        #expect(first.hasDependents)
        #expect(first.dependentCount == 1)
    }

    /// Numbers in a command are written as Lua's `tostring` writes them, as the recipe's author sees them printed:
    /// they were Swift's full `description` (`0.30000000000000004`, `1000000000000000.0`).
    @Test func numbersAreWrittenAsLuaWritesThem() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.task { "echo", 0.1 + 0.2, 1e15, 2^53, 10 / 2, 7, -0.5, 1/3, name = "a", env = { N = 2^0.5 } }
            """)
        let task = try #require(try drainTasks(recipe.makeSource(defaultTimeout: nil)).first)
        #expect(task.argv == ["echo", "0.3", "1e+15", "9.007199254741e+15", "5.0", "7", "-0.5", "0.33333333333333"])
        #expect(task.environment["N"] == "1.4142135623731")
    }

    /// The source makes each task again as it yielded it, so that the scheduler holds a waiting task by its id.
    @Test func theSourceMakesEachTaskAgainAsItYieldedIt() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.task { "make", name = "build", timeout = 5, retries = 1 }
            prx.task { "./deploy.sh", "a", name = "deploy:a", after = { "build" }, env = { HOST = "a" } }
            prx.task { sh = "report", name = "report", after = prx.match("deploy:*"), after_any = true }
            """)
        let source = recipe.makeSource(defaultTimeout: 600)
        #expect(source.remakesTasks)
        let yielded = try drainTasks(source)
        #expect(yielded.count == 3)
        for task in yielded {
            #expect(source.remake(task.id) == task)
        }
        #expect(source.remake(TaskID(4)) == nil)
    }

    /// A recipe holds every task it declares: tasks without options share one set of them, and the positions of
    /// one file share its name, so that a million tasks cost no more than they must.
    @Test func tasksDeclaredAlikeShareWhatTheyHaveInCommon() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            for i = 1, 3 do prx.task { "echo", tostring(i) } end
            prx.task { "echo", "late", timeout = 5 }
            """)
        let tasks = recipe.graph.tasks
        #expect(tasks[0].options === tasks[1].options && tasks[1].options === tasks[2].options)
        #expect(tasks[3].options !== tasks[0].options)
        #expect(tasks[3].timeout == 5)
        #expect(tasks[3].workingDirectory == tasks[0].workingDirectory)
        let chunks = try tasks.map { task in try #require(task.position).chunk }
        #expect(chunks[0].utf8.count > 15, "a name this short is stored inline and shares nothing")
        let storage = Set(chunks.map { chunk in
            var chunk = chunk
            return chunk.withUTF8 { UInt(bitPattern: $0.baseAddress) }
        })
        #expect(storage.count == 1)
    }

    @Test func resolvesNamesDefinedLaterAndOrdersDependenciesFirst() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.task { "echo", "report", name = "report", after = prx.match("deploy:*") }
            prx.task { "echo", "deploy", name = "deploy:a", after = "build" }
            prx.task { "echo", "free", name = "free" }
            prx.task { "echo", "deploy", name = "deploy:b", after = { "build", "free" } }
            prx.task { "echo", "build", name = "build" }
            """)
        let names = recipe.graph.order.map { recipe.graph.tasks[Int($0)].name }
        #expect(names == ["build", "deploy:a", "free", "deploy:b", "report"])
        let specs = try drainTasks(recipe.makeSource(defaultTimeout: nil))
        #expect(specs.map(\.label) == names)
        #expect(specs.last?.dependencies == [TaskID(2), TaskID(4)])
        let lines = Array(recipe.dryRunLines(limits: SecurityLimits()))
        #expect(lines.first?.text == "build: echo build")
        #expect(lines.last?.text == "report: echo report  (after deploy:a, deploy:b)")
    }

    @Test func aPatternSharedByTasksGivesEachItsMatchesButItself() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.task { "true", name = "a:1" }
            prx.task { "true", name = "a:2" }
            prx.task { "true", name = "a:3", after = prx.match("a:*") }
            prx.task { "true", name = "b", after = prx.match("a:*") }
            prx.task { "true", name = "c", after = { prx.match("a:[12]"), prx.match("a:*") } }
            """)
        #expect(recipe.graph.dependencies.map(Array.init) == [[], [], [0, 1], [0, 1, 2], [0, 1, 2]])
    }

    /// Each distinct `prx.match` pattern was tested against every task's name: n tasks each after
    /// `prx.match("a" .. i)` took n² tests (n = 20000: over a minute, where plain names took 0.2 s). Now a pattern
    /// without wildcards is looked up by name, and one starting with plain characters is tested against the names
    /// starting with them only, with the same matches: here 2001 patterns among 4001 names cost some 56 000 tests,
    /// not 8 million. The tests are counted as the graph's resolution makes them: the candidates of each pattern, in
    /// the order the tasks' `after` lists them.
    @Test func patternsAreTestedAgainstTheNamesTheyMayMatchOnly() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local n = 1000
            for i = 1, n do prx.task { "true", name = "a" .. i } end
            for i = 1, n do prx.task { "true", name = "a" .. i .. ":x" } end
            for i = 1, n do prx.task { "true", name = "b" .. i, after = prx.match("a" .. i) } end
            for i = 1, n do prx.task { "true", name = "c" .. i, after = prx.match("a" .. i .. "[:]*") } end
            prx.task { "true", name = "d", after = prx.match("*:x") }
            """)
        let graph = recipe.graph
        let index = Dictionary(uniqueKeysWithValues: graph.tasks.map { ($0.name, $0.index) })
        for i in 1...1000 {
            #expect(graph.dependencies[index["b\(i)"]!].map(Int.init) == [index["a\(i)"]!])
            #expect(graph.dependencies[index["c\(i)"]!].map(Int.init) == [index["a\(i):x"]!])
        }
        #expect(graph.dependencies[index["d"]!].map(Int.init) == (1...1000).map { index["a\($0):x"]! })
        var names = TaskNameIndex()
        for task in graph.tasks { names.insert(task.index, of: graph.tasks) }
        var resolution = TaskNamePatternMatches(tasks: graph.tasks, names: names)
        let patterns = (1...1000).map { "a\($0)" } + (1...1000).map { "a\($0)[:]*" } + ["*:x"]
        let tests = patterns.map { resolution.candidates(for: ShellPattern($0)).count }.reduce(0, +)
        #expect(tests < 20 * graph.tasks.count, "\(tests) tests")
    }

    /// Only the tasks a `cmd` function runs after have their results kept whole for it.
    @Test func marksTheResultsACmdFunctionReads() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            local a = prx.task { "true", name = "a" }
            local b = prx.task { "true", name = "b" }
            prx.task { name = "c", after = { a }, cmd = function(deps) return { "echo", deps.a.status } end }
            prx.task { "true", name = "d", after = { a, b } }
            """)
        #expect(recipe.graph.resultReadByDependents == [true, false, false, false])
        let specs = try drainTasks(recipe.makeSource(defaultTimeout: nil))
        #expect(specs.map(\.resultReadByDependents) == [true, false, false, false])
    }

    @Test func reportsACycleWithItsPath() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: RecipeError.self) {
            try fixture.load("""
                prx.task { "true", name = "a", after = "c" }
                prx.task { "true", name = "b", after = "a" }
                prx.task { "true", name = "c", after = { "b" } }
                """)
        }
        #expect(fixture.relative(error) == "recipe.lua:1: dependency cycle: a -> c -> b -> a")
    }

    /// A cycle through every one of 100,000 tasks is reported by its ends, not in a line of a megabyte.
    @Test func reportsALongCycleByItsEnds() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: RecipeError.self) {
            try fixture.load("""
                local n = 100000
                for i = 1, n do prx.task { "true", name = "t" .. i, after = "t" .. (i % n + 1) } end
                """)
        }
        #expect(fixture.relative(error) == "recipe.lua:2: dependency cycle: t1 -> t2 -> t3 -> t4 -> t5 -> "
            + "… 99991 more … -> t99997 -> t99998 -> t99999 -> t100000 -> t1")
    }

    @Test(arguments: [
        ("prx.task { \"true\", name = \"a\", after = \"a\" }", "recipe.lua:1: task \"a\" runs after itself"),
        ("prx.task { \"true\", name = \"a\", after = { \"nope\" } }",
         "recipe.lua:1: task \"a\" runs after unknown task \"nope\""),
    ])
    func rejectsBadDependencies(recipe: String, message: String) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: RecipeError.self) { try fixture.load(recipe) }
        #expect(fixture.relative(error) == message)
    }

    @Test func namesBothLinesOfADuplicate() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: LuaError.self) {
            try fixture.load("prx.task { \"true\", name = \"build\" }\n\n\nlocal x = 1\n\n\n\n\n"
                + "prx.task { \"true\", name = \"build\" }\n")
        }
        #expect(fixture.relative(error)
            == "recipe.lua:9: duplicate task name \"build\" (first defined at recipe.lua:1)")
    }

    /// An integer key past the words (`[5] = "x"`) is a `nil` among them, which `prx.task` names as such
    /// (RecipeCommandTests); one before them is a field no task has.
    @Test(arguments: [
        ("prx.task { \"true\", nmae = \"a\" }", "'nmae'"),
        ("prx.task { \"true\", [0] = \"x\" }", "[0]"),
    ])
    func namesAnUnknownFieldAsWritten(recipe: String, field: String) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: LuaError.self) { try fixture.load(recipe) }
        #expect(fixture.relative(error) == "recipe.lua:1: prx.task: unknown field \(field) (valid: after, after_any, "
            + "cmd, cwd, env, name, retries, retry_delay, retry_on, sh, timeout)")
    }

    /// A time no `Duration` can hold used to trap once the task had started, leaving it running; a name of two
    /// lines split the log's lines; an empty program failed only when it ran, as "permission denied: ", and an empty
    /// or blank `sh` ran `/bin/sh -c ''`, which runs nothing and succeeds.
    @Test(arguments: [
        ("prx.task { \"true\", timeout = math.huge }",
         "prx.task: timeout must be a number of seconds above 0 and at most 1000000000"),
        ("prx.task { \"true\", timeout = 0/0 }",
         "prx.task: timeout must be a number of seconds above 0 and at most 1000000000"),
        ("prx.task { \"true\", timeout = 0 }", "prx.task: timeout must be a number of seconds above 0 and at most 1000000000"),
        ("prx.task { \"true\", retries = 1, retry_delay = 1e300 }",
         "prx.task: retry_delay must be a number of seconds from 0 to 1000000000"),
        ("prx.config { timeout = 1e300 }", "prx.config: timeout must be a number of seconds above 0 and at most 1000000000"),
        ("prx.task { \"true\", name = \"a\\nb\" }", "prx.task: name must be one line"),
        ("prx.task { \"true\", name = \"a\\0b\" }", "prx.task: name must not contain a NUL byte"),
        ("prx.task { \"\", \"x\" }", "prx.task: the program (argv element 1) is empty"),
        ("prx.task { sh = \"\" }", "prx.task: sh must not be empty or blank"),
        ("prx.task { sh = \" \\t\\r\\n \" }", "prx.task: sh must not be empty or blank"),
        // The task got A set to "B=x", and an empty name made an entry "=x".
        ("prx.task { \"true\", env = { [\"A=B\"] = \"x\" } }",
         "prx.task: env keys must be environment variable names (a letter or underscore, then letters, digits and "
            + "underscores; got 'A=B')"),
        ("prx.task { \"true\", env = { [\"\"] = \"x\" } }",
         "prx.task: env keys must be environment variable names (a letter or underscore, then letters, digits and "
            + "underscores; got '')"),
        // A path cut at its NUL named another file: hosts.txt for "hosts.txt\0.bak".
        ("prx.lines(\"hosts.txt\\0.bak\")", "prx.lines: the path contains a NUL byte"),
        ("prx.sink(\"json\", { path = \"j.jsonl\\0x\" })", "setting json.path contains a NUL byte"),
    ])
    func rejectsWhatCouldOnlyFailLater(recipe: String, message: String) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: LuaError.self) { try fixture.load(recipe) }
        #expect(fixture.relative(error) == "recipe.lua:1: " + message)
    }

    @Test(arguments: [
        ("prx.task { \"true\" }\nprx.task { \"x\" \n", 3, LuaError.Reason.syntax),
        ("prx.task { \"true\" }\nlocal t = nil\nprint(t.field)\n", 3, .runtime),
        ("prx.task { \"true\" }\nprx.task { name = \"nothing to run\" }\n", 2, .runtime),
        ("prx.config { workers = 0 }\n", 1, .runtime),
    ])
    func aBadRecipeFailsWithItsFileAndLine(text: String, line: Int, reason: LuaError.Reason) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: LuaError.self) { try fixture.load(text) }
        #expect(error.reason == reason)
        #expect(error.line == line)
        #expect(error.chunk?.hasSuffix("recipe.lua") == true)
    }

    @Test func readsLinesDirectoriesGlobsAndArguments() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load(
            """
            local csv = prx.lines("data/hosts.csv", { sep = "comma" })
            local parsed = prx.lines("data/hosts.txt", { parse = function(line)
              local name, port = line:match("^(%S+)%s*:%s*(%d+)$")
              if name == "skip" then return nil end
              return { name, port }
            end })
            local scripts = prx.dir("data", { ext = "sh" })
            local all = prx.glob("data/*.csv")
            local none = prx.glob("data/*.none")
            for i, fields in ipairs(csv) do
              prx.task { "echo", fields[1], fields[2], name = "csv" .. i }
            end
            for _, fields in ipairs(parsed) do
              prx.task { "echo", fields[1], fields[2], name = "parsed:" .. fields[1] }
            end
            prx.task { "echo", scripts[1], all[1], tostring(#none), prx.args[1], name = "files" }
            """,
            files: [
                "data/hosts.csv": "# comment\na, 1\n\nb,2\n",
                "data/hosts.txt": "alpha : 22\nskip: 1\nbeta:2222\n",
                "data/run.sh": "true\n",
            ],
            arguments: ["first"])
        let argv = recipe.graph.tasks.indices.map { recipe.graph.tasks.argv(at: $0) ?? [] }
        #expect(argv[0] == ["echo", "a", "1"])
        #expect(argv[1] == ["echo", "b", "2"])
        #expect(recipe.graph.tasks.map(\.name).contains("parsed:beta"))
        #expect(!recipe.graph.tasks.map(\.name).contains("parsed:skip"), "parse returning nil skips the line")
        #expect(argv[2] == ["echo", "alpha", "22"])
        #expect(argv[4] == [
            "echo", fixture.directory.file("data/run.sh"), fixture.directory.file("data/hosts.csv"), "0", "first",
        ])
    }

    /// `prx.lines` sets its elements in the array in batches, a long field made apart from them: every line of a
    /// file of several batches comes back in its place, whole, the long one among them.
    @Test func linesGivesEveryLineOfALongFileInItsPlace() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let long = String(repeating: "x", count: 6000)
        let lines = (1...5000).map { $0 == 2500 ? "2500,\(long),c" : "\($0),b\($0),c" }
        let recipe = try fixture.load(
            """
            local t = prx.lines("data/big.csv", { sep = "comma" })
            local sum, fields = 0, 0
            for i, l in ipairs(t) do sum = sum + tonumber(l[1]) - i; fields = fields + #l end
            prx.task { "echo", #t .. "", sum .. "", fields .. "", t[4999][2], #t[2500][2] .. "", name = "n" }
            """,
            files: ["data/big.csv": lines.joined(separator: "\n") + "\n"])
        #expect(recipe.graph.tasks.argv(at: 0) == ["echo", "5000", "0", "15000", "b4999", "6000"])
    }

    @Test func eachLineGivesTheValuesOfLinesOneAtATimeAsTheLoopGoes() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load(
            """
            local order = {}
            for fields in prx.each_line("data/hosts.csv", { sep = "comma" }) do
              prx.task { "echo", fields[1], fields[2], name = "csv:" .. fields[1] }
            end
            local parse = function(line)
              order[#order + 1] = "parse " .. line
              if line == "skip" then return nil end
              return line
            end
            for line in prx.each_line("data/words.txt", { parse = parse }) do
              order[#order + 1] = "body " .. line
            end
            prx.task { "echo", table.concat(order, ","), name = "order" }
            """,
            files: ["data/hosts.csv": "# comment\na, 1\n\nb,2\n", "data/words.txt": "one\nskip\ntwo\n"])
        let argv = recipe.graph.tasks.indices.map { recipe.graph.tasks.argv(at: $0) ?? [] }
        #expect(argv == [
            ["echo", "a", "1"], ["echo", "b", "2"],
            ["echo", "parse one,body one,parse skip,parse two,body two"],
        ])
    }

    @Test func eachLineClosesItsFileWhenTheLoopIsLeftEarly() throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load(
            """
            for line in prx.each_line("data/left.txt") do break end
            pcall(function() for line in prx.each_line("data/failed.txt") do error("stop") end end)
            local kept = prx.each_line("data/kept.txt")
            kept()
            prx.task { "true" }
            """,
            files: ["data/left.txt": "1\n2\n", "data/failed.txt": "1\n2\n", "data/kept.txt": "1\n2\n"])
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { descriptor in
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + descriptor)
        }
        #expect(!open.contains(fixture.directory.file("data/left.txt")), "break closes the file")
        #expect(!open.contains(fixture.directory.file("data/failed.txt")), "an error out of the loop closes it")
        #expect(open.contains(fixture.directory.file("data/kept.txt")), "an iterator still held keeps it open")
        _ = recipe
    }

    @Test(arguments: [
        ("for l in prx.each_line(\"missing.txt\") do end", "recipe.lua:1: prx.each_line: cannot open missing.txt"),
        ("local next = prx.each_line(\"data\")", "recipe.lua:1: prx.each_line: data is a directory"),
        ("prx.each_line(\"data/a.txt\", { sep = \"dots\" })", "recipe.lua:1: prx.each_line: unknown separator 'dots'"),
        ("for l in prx.each_line(\"data/a.txt\", { parse = function(l) error(\"bad\") end }) do end",
         "recipe.lua:1: prx.each_line: parse failed on data/a.txt:2:"),
    ])
    func eachLineFailsAtTheLineThatCalledIt(recipe: String, message: String) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let error = try #require(throws: LuaError.self) {
            try fixture.load(recipe, files: ["data/a.txt": "# only a comment\nfirst\n"])
        }
        #expect(fixture.relative(error).hasPrefix(message), "\(fixture.relative(error))")
    }

    /// Lua would be given U+FFFD where the file has other bytes: the line is refused, naming it.
    @Test(arguments: ["local l = prx.lines(\"latin1.txt\")", "for l in prx.each_line(\"latin1.txt\") do end"])
    func aLineThatIsNotUTF8IsALoadErrorNamingIt(recipe: String) throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let bytes = Array("one\n".utf8) + Array("caf".utf8) + [0xE9] + Array("\n".utf8)
        #expect(FileManager.default.createFile(atPath: fixture.directory.file("latin1.txt"), contents: Data(bytes)))
        let error = try #require(throws: LuaError.self) { try fixture.load(recipe) }
        let function = recipe.hasPrefix("local") ? "prx.lines" : "prx.each_line"
        #expect(fixture.relative(error) == "recipe.lua:1: \(function): latin1.txt:2: the line is not UTF-8, "
            + "and prx gives tasks their arguments as UTF-8 text", "\(fixture.relative(error))")
    }
}
