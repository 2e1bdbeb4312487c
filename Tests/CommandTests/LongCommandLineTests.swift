import Foundation
@testable import PRXCommand
import PRXTesting
import Testing

/// A long command line is read in time that grows with its length: swift-argument-parser reads one in time that grows
/// with the square of its words, so that `prx -T ./tests/*.py` of 16,000 files took 14 seconds before its dry run
/// printed anything (the same tasks as `-T tests` a quarter of a second), 20,000 `-m 5` a minute, and
/// `prx run r.lua -- $(seq 8000)` two seconds. The parser now reads each option once (``SpelledArguments``).
@Suite(.runsProcesses) struct LongCommandLineTests {
    /// The parser reads each option once: `-T`'s paths and `--set`'s values are handed over, in order, whatever
    /// their spelling, and a flag or option of one value given again is given its last time; an option given without
    /// its value is refused, whatever is given after it.
    @Test func theParserReadsEachOptionOnce() throws {
        let rules = LongOptionSpelling(
            options: LongOptionSpelling.options(of: PRX.self), parallelrNames: ["TasksDir", "Command", "run", "max"],
            operands: LongOptionSpelling.Operands())
        let spelled = try rules.spelled(
            PRX.shortOptions.split([
                "-T", "a", "b", "-m", "4", "-r", "--max=5", "-T", "-x y", "-rTc", "--set", "x.y=1", "-C", "z",
                "--TasksDir=d",
            ]),
            handingOver: ["TasksDir", "set"])
        #expect(spelled.arguments == ["--max=5", "-r", "-C", "z"])
        #expect(spelled.lists == ["TasksDir": ["a", "b", "-x y", "c", "d"], "set": ["x.y=1"]])
        let missing = #expect(throws: LongOptionSpelling.MissingValue.self) {
            try rules.spelled(["-T", "a", "-T", "-C", "z"], handingOver: ["TasksDir"])
        }
        #expect(missing?.option == "-T")
        #expect(missing?.next == "-C")
        #expect(throws: LongOptionSpelling.MissingValue.self) { try rules.spelled(["-m", "-m", "5"], handingOver: []) }
    }

    /// The lists handed over fill the command's, and the words after `--` the recipe's arguments.
    @Test func theListsHandedOverFillTheCommands() throws {
        let flags = try PRX.parsed(["-T", "a", "b", "--sink", "json", "-T", "c", "--set", "x.y=1", "-m", "3", "-m4"])
        #expect(flags.tasks == ["a", "b", "c"])
        #expect(flags.sinkNames == ["json"])
        #expect(flags.settings == ["x.y=1"])
        #expect(flags.maxWorkersText == "4")
        let recipe = try RunRecipeCommand.parsed(["r.lua", "--set", "x.y=1", "-r", "--", "a", "-b", "--", "--set"])
        #expect(recipe.recipe == "r.lua")
        #expect(recipe.run)
        #expect(recipe.settings == ["x.y=1"])
        #expect(recipe.arguments == ["a", "-b", "--", "--set"])
    }

    /// A short option's value joined to it is read as the parser reads it, with or without `=`: `-T=b` was the path
    /// `=b` once prx filled `-T`'s list itself.
    @Test func aJoinedShortValueIsReadAsTheParserReadsIt() throws {
        let flags = try PRX.parsed(["-Ta", "-T=b", "-T", "c", "-m=3"])
        #expect(flags.tasks == ["a", "b", "c"])
        #expect(flags.maxWorkersText == "3")
    }

    /// `-T` with 20,000 paths, as a shell expands `-T tests/*`, prints its dry run in seconds; it took minutes.
    @Test func twentyThousandTaskPathsAreReadInSeconds() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let count = 20_000
        try FileManager.default.createDirectory(atPath: bench.root.file("t"), withIntermediateDirectories: true)
        for index in 1...count {
            _ = FileManager.default.createFile(atPath: bench.root.file("t/\(index)"), contents: nil)
        }
        let (outcome, elapsed) = try await timed(bench, ["-T"] + (1...count).map { "t/\($0)" } + ["-C", "true @TASK@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasSuffix("# dry run: \(count) tasks; add -r to run them\n"))
        #expect(elapsed < .seconds(45), "20,000 paths took \(elapsed)")
    }

    /// `-m 5` given 20,000 times is read in seconds, as the last `-m`; it took minutes.
    @Test func anOptionGivenTwentyThousandTimesIsReadInSeconds() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let repeated = Array(repeating: ["-m", "5"], count: 20_000).joined() + ["-m", "7"]
        let (outcome, elapsed) = try await timed(bench, ["-T", folder, "-C", "bash @TASK@", "--show-config"] + repeated)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("max_workers: 7"), "\(outcome.stdout)")
        #expect(elapsed < .seconds(45), "20,000 -m took \(elapsed)")
    }

    /// A recipe's 40,000 arguments after `--` are read in seconds; they took about a minute.
    @Test func fortyThousandArgumentsForARecipeAreReadInSeconds() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("r.lua", "prx.task{ name = 'last', sh = 'echo ' .. prx.args[#prx.args] }\n")
        let count = 40_000
        let (outcome, elapsed) = try await timed(bench, ["run", "r.lua", "--"] + (1...count).map(String.init))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("'echo \(count)'"), "\(outcome.stdout)")
        #expect(elapsed < .seconds(30), "40,000 arguments took \(elapsed)")
    }

    /// prx's outcome for `arguments` in `bench`, and how long it took; killed after two minutes.
    private func timed(
        _ bench: Workbench, _ arguments: [String]
    ) async throws -> (PRXProcess.Outcome, Duration) {
        let start = ContinuousClock.now
        let run = try PRXProcess(arguments, home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 120)
        return (outcome, ContinuousClock.now - start)
    }
}
