import ArgumentParser
import Foundation
@testable import PRXCommand
import Testing

@Suite struct LongOptionSpellingTests {
    /// The lists `prx` fills itself (``ListFillingCommand``), which the spelling hands over as prx's parse does.
    private static let prxLists = Set(PRX.listsFilledAfterParsing.keys)

    /// A unique prefix is its option, as argparse reads it (parallelr keeps argparse's `allow_abbrev`).
    @Test func aUniquePrefixIsItsOption() throws {
        let tasks = try PRX.spelled(["--Tasks", "a", "b", "--Comm", "bash @TASK@", "--ru"])
        #expect(tasks.arguments == ["--Command", "bash @TASK@", "--run"])
        #expect(tasks.lists == ["TasksDir": ["a", "b"]])
        let spell = { try PRX.spelled($0).arguments }
        #expect(try spell(["--time", "5", "--ma=3", "--enable-stop", "--no-task"])
                == ["--timeout", "5", "--max=3", "--enable-stop-limits", "--no-task-output-log"])
        #expect(try spell(["--timeout", "5", "-r", "--help"]) == ["--timeout", "5", "-r", "--help"], "whole names")
    }

    /// A word that reads as an option but names none of the command's is refused by name, with the value given to it
    /// and the option it most likely misspells: it was passed on to the parser, which refused the word after it
    /// (`--csv x`: "unexpected argument 'x'") or offered an option no nearer than any short name (`--run`).
    @Test func anOptionTheCommandDoesNotHaveIsRefusedByName() throws {
        let rules = LongOptionSpelling(
            options: LongOptionSpelling.options(of: PRX.self), parallelrNames: [], flagsWithArgument: ["kill"],
            operands: LongOptionSpelling.Operands())
        let prxLists = Self.prxLists
        func refusal(_ arguments: [String]) -> LongOptionSpelling.UnknownOption? {
            #expect(throws: LongOptionSpelling.UnknownOption.self) {
                try rules.spelled(PRX.shortOptions.split(arguments), handingOver: prxLists)
            }
        }
        let separate = refusal(["-T", "t", "-C", "true", "--csv", "x", "-r"])
        #expect(separate?.name == "--csv")
        #expect(separate?.value == "x")
        #expect(separate?.closest == nil, "nothing is near --csv")
        #expect(refusal(["--csv=x y"])?.value == "x y")
        #expect(refusal(["--csv", "-r"])?.value == nil)
        #expect(refusal(["-T", "a", "b", "--timout", "5"])?.closest == "--timeout")
        #expect(refusal(["--tasksdir", "a"])?.closest == "--TasksDir", "ignoring case")
        #expect(refusal(["--enable-stoplimits"])?.closest == "--enable-stop-limits")
        #expect(refusal(["-c", "true"])?.closest == "-C", "a letter in the other case")
        #expect(refusal(["-run"])?.closest == "--run", "a long option with one dash")
        #expect(refusal(["-run"])?.name == "-run")
        #expect(refusal(["-rx"])?.name == "-x", "the letter no option has")
        #expect(refusal(["-x", "5"])?.closest == nil)
        #expect(try PRX.spelled(["-h"]).arguments == ["-h"])
        #expect(try PRX.spelled(["-r", "-5"]).arguments == ["-r", "-5"], "a negative number is no option")
        let recipe = try RunRecipeCommand.spelled(["r.lua", "--", "--csv"])
        #expect(recipe.arguments == ["r.lua", "--"])
        #expect(recipe.lists == ["--": ["--csv"]], "the recipe's argument")
    }

    /// A prefix is read among parallelr's options first, so that prx's own make none of parallelr's command lines
    /// ambiguous; a prefix several options share is an error naming them.
    @Test func aPrefixIsReadAmongParallelrsOptionsFirst() throws {
        #expect(try PRX.spelled(["--se", "comma", "--js", "f.jsonl"]).arguments
            == ["--separator", "comma", "--json", "f.jsonl"])
        #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try PRX.spelled(["--s", "1"]) }
        #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try PRX.spelled(["--res", "RUN"]) }
        let error = LongOptionSpelling.AmbiguousOption(prefix: "d", candidates: ["debug", "daemon"])
        #expect(error.description == "ambiguous option: --d could match --debug, --daemon")
    }

    /// A value that starts with `-` and holds a space is the option's value, as argparse takes it; `--kill=PID` is
    /// `--kill PID`.
    @Test func valuesStartingWithADashAndJoinedPIDs() throws {
        let spell = { try PRX.spelled($0).arguments }
        let template = try PRX.spelled(["-C", "-x @TASK@", "-T", "t"])
        #expect(template.arguments == ["--Command=-x @TASK@"])
        #expect(template.lists == ["TasksDir": ["t"]])
        #expect(try spell(["--Comm", "-x @TASK@"]) == ["--Command=-x @TASK@"])
        #expect(try spell(["-m", "-5", "-C", "x"]) == ["--max=-5", "-C", "x"], "a negative number")
        let missing = #expect(throws: CommandFailure.self, "no value") { try spell(["-m", "-5", "-C", "-r"]) }
        #expect(
            missing?.message
                == "missing value for -C: the -r after it is an option (see '\(InvocationName.command) --help')")
        #expect(try spell(["--kill=4242", "--ki=all"]) == ["--kill", "4242", "--kill", "all"])
    }

    /// A flag's argument that starts with `-` and reads as a value (a negative number, a word holding a space) goes
    /// behind `--`, where the parser takes it for the argument, before any operands the command line has there:
    /// swift-argument-parser read `-k -5` as an unknown option `-5`. A word that reads as an option stays one.
    @Test func aFlagsArgumentStartingWithADashGoesBehindTheOperandsMark() throws {
        let spell = { try PRX.spelled($0).arguments }
        #expect(try spell(["-k", "-5"]) == ["-k", "--", "-5"])
        #expect(try spell(["--kill", "-5", "--yes"]) == ["--kill", "--yes", "--", "-5"])
        #expect(try spell(["--ki=-5", "-r", "--"]) == ["--kill", "-r", "--", "-5"])
        #expect(try spell(["-k=-0.5"]) == ["-k", "--", "-0.5"])
        #expect(try spell(["-k", "-x y"]) == ["-k", "--", "-x y"])
        #expect(try spell(["-k", "-r"]) == ["-k", "-r"], "an option")
        #expect(try spell(["-k", "4242"]) == ["-k", "4242"])
    }

    /// Every value of an option that takes several is read by that rule, as argparse reads them: only the first was,
    /// so that `-T a "-x y"` was refused as an unknown option `-x y`. An option of one value takes one.
    @Test func everyValueOfAnOptionOfSeveralTakesTheRule() throws {
        let spell = { try PRX.spelled($0) }
        let values = try spell(["-T", "a", "-x y", "b", "-z w", "-r"])
        #expect(values.arguments == ["-r"])
        #expect(values.lists == ["TasksDir": ["a", "-x y", "b", "-z w"]])
        #expect(try spell(["--Tasks", "-x y", "-z w"]).lists == ["TasksDir": ["-x y", "-z w"]])
        let ended = try spell(["-T", "a", "-r", "-x y"])
        #expect(ended.arguments == ["-r", "-x y"], "an option ends the values")
        #expect(ended.lists == ["TasksDir": ["a"]])
        let one = try spell(["-C", "-x y", "-z w"])
        #expect(one.arguments == ["--Command=-x y", "-z w"], "one value")
        #expect(one.lists.isEmpty)
    }

    /// A word that argparse reads as an option ends an option's values, space or not: `-T a --Command="bash @TASK@"`
    /// was `-T a "--TasksDir=--Command=bash @TASK@"`, so that no command was given. A word that names no option and
    /// holds a space, or a negative number, is a value, as argparse reads it.
    @Test func aWordNamingAnOptionEndsTheValues() throws {
        let spell = { try PRX.spelled($0) }
        for (arguments, parsed) in [
            (["-T", "a", "--Command=bash @TASK@"], ["--Command=bash @TASK@"]),
            (["-T", "a", "--Comm=bash @TASK@"], ["--Command=bash @TASK@"]),
            (["-T", "a", "-Cbash @TASK@"], ["-Cbash @TASK@"]),
            (["-T", "a", "-rCbash @TASK@"], ["-r", "-Cbash @TASK@"]),
            (["-T", "a", "-C=bash @TASK@"], ["-C=bash @TASK@"]),
        ] {
            let spelled = try spell(arguments)
            #expect(spelled.arguments == parsed)
            #expect(spelled.lists == ["TasksDir": ["a"]])
        }
        let values = try spell(["-T", "-odd dir", "a", "-5", "--Bogus=x y", "--Command x"])
        #expect(values.arguments.isEmpty)
        #expect(values.lists == ["TasksDir": ["-odd dir", "a", "-5", "--Bogus=x y", "--Command x"]])
        #expect(try spell(["-C", "-0.5"]).arguments == ["--Command=-0.5"])
        #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try spell(["-T", "a", "--s=x y"]) }
    }

    /// Flags mode takes no operands, as parallelr's argparse takes none: a word that is no option, no option's value
    /// and not `-k`'s argument is refused, naming it, with the option whose value came before it. It was taken for
    /// `-k`'s PID wherever it stood, and refused as `a PID is only taken by -k/--kill`, which named neither.
    @Test func flagsModeRefusesAWordThatIsNoOptionNorAValue() throws {
        let spelled = try PRX.spelled(["-T", "a", "b", "-C", "bash @TASK@", "-k", "all", "-r"])
        #expect(spelled.arguments == ["-C", "bash @TASK@", "-k", "all", "-r"])
        #expect(spelled.lists == ["TasksDir": ["a", "b"]])
        let rules = LongOptionSpelling(
            options: LongOptionSpelling.options(of: PRX.self), parallelrNames: [], flagsWithArgument: ["kill"],
            operands: LongOptionSpelling.Operands())
        let prxLists = Self.prxLists
        func refusal(_ arguments: [String]) -> LongOptionSpelling.UnexpectedArgument? {
            #expect(throws: LongOptionSpelling.UnexpectedArgument.self) {
                try rules.spelled(arguments, handingOver: prxLists)
            }
        }
        let template = refusal(["-T", "t", "-C", "python3", "x.py", "@ARG@", "-r"])
        #expect(template?.word == "x.py")
        #expect(template?.following?.option.long == "Command")
        #expect(template?.following?.value == "python3")
        #expect(template?.wordsAfter == ["@ARG@"])
        #expect(refusal(["--Command=bash", "@TASK@"])?.following?.value == "bash")
        #expect(refusal(["-Cbash", "@TASK@"])?.following?.value == "bash")
        #expect(refusal(["stauts"])?.isFirst == true)
        #expect(refusal(["-A", "hosts", "more"])?.following?.option.long == "arguments-file")
        #expect(refusal(["-r", "more"])?.following == nil, "after a flag")
        #expect(refusal(["-T", "a", "-r", "b"])?.word == "b")
        #expect(refusal(["-k", "1", "2"])?.word == "2", "-k takes one")
        #expect(refusal(["7", "-k"])?.word == "7", "-k's argument follows it")
        #expect(refusal(["-r", "--", "x"])?.word == "x", "nor after --")
        let joined = try rules.spelled(["-Ta", "b", "-C", "x"], handingOver: prxLists)
        #expect(joined.arguments == ["-C", "x"])
        #expect(joined.lists == ["TasksDir": ["a", "b"]], "-T's values, joined or not")
        let long = try rules.spelled(["--TasksDir=a", "b", "-k"], handingOver: prxLists)
        #expect(long.arguments == ["-k"])
        #expect(long.lists == ["TasksDir": ["a", "b"]])
    }

    /// `prx run` takes a unique prefix of its long options as flags mode does (it took none); none is read first,
    /// as `run` is not parallelr's command line, and the recipe's arguments after `--` are its own.
    @Test func theRunCommandTakesPrefixesToo() throws {
        let spell = { try RunRecipeCommand.spelled($0) }
        // `--ru` is `--run`, which `-rd` gives again: the parser is given its last time.
        let prefixes = try spell(["r.lua", "--ru", "--ma", "3", "--js=f.jsonl", "--no-task", "-rd", "--", "--ru"])
        #expect(prefixes.arguments
                == ["r.lua", "--max", "3", "--json=f.jsonl", "--no-task-output-log", "-r", "-d", "--"])
        #expect(prefixes.lists == ["--": ["--ru"]])
        #expect(try spell(["r.lua", "--ru", "-d"]).arguments == ["r.lua", "--run", "-d"])
        let set = try spell(["r.lua", "--dry", "--se", "csv.path=a", "--log", "-x y"])
        #expect(set.arguments == ["r.lua", "--dry-run", "--log-dir=-x y"])
        #expect(set.lists == ["set": ["csv.path=a"]])
        let error = #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try spell(["r.lua", "--d"]) }
        #expect(error?.candidates.sorted() == ["debug", "dry-run"])
    }

    /// The other commands read their options as `prx run` does, and count their operands from the parser's own
    /// description: a prefix is taken (`prx history --js`), a word beyond the operands refused, and a missing one
    /// unless `--help` asks for the help.
    @Test func theOtherCommandsTakePrefixesAndCountTheirOperands() throws {
        let spell = { (arguments: [String], command: any ParsableCommand.Type) in
            try LongOptionSpelling.spelled(arguments, of: command, handingOver: []).arguments
        }
        #expect(try spell(["--js", "--cl"], HistoryCommand.self) == ["--json", "--clear"])
        #expect(try spell(["--js"], PluginsCommand.self) == ["--json"])
        let operands = { (command: any ParsableCommand.Type) in
            LongOptionSpelling.operands(in: LongOptionSpelling.parserDescription(of: command))
        }
        #expect(operands(FeedbackCommand.self) == .init(names: ["run", "task"], required: 2))
        #expect(operands(HistoryCommand.self) == .init(names: ["run-id"], required: 0))
        #expect(operands(RunRecipeCommand.self)
            == .init(names: ["recipe.lua"], required: 1, passesWordsAfterTerminator: true))
        let recipe = try RunRecipeCommand.spelled(["r.lua", "-r", "--", "a", "b"])
        #expect(recipe.arguments == ["r.lua", "-r", "--"])
        #expect(recipe.lists == ["--": ["a", "b"]])
        #expect(try spell(["--help"], FeedbackCommand.self) == ["--help"])
        #expect(try RunRecipeCommand.spelled(["--he"]).arguments == ["--help"])
        #expect(throws: CommandFailure.self) { try spell(["--", "a", "b"], StatusCommand.self) }
    }

    /// The options are read from the parser's own description, so that a new option is spelled too.
    @Test func theOptionsAreTheParsersOwn() {
        let options = LongOptionSpelling.options(of: PRX.self)
        #expect(options.contains(
            .init(long: "TasksDir", short: "T", takesValue: true, takesSeveralValues: true, keepsEveryValue: true)))
        #expect(options.contains(.init(long: "sink", short: nil, takesValue: true, keepsEveryValue: true)))
        #expect(options.contains(.init(long: "source", short: nil, takesValue: true)))
        #expect(options.contains(.init(long: "Command", short: "C", takesValue: true)))
        #expect(options.contains(.init(long: "run", short: "r", takesValue: false)))
        #expect(options.contains(.init(long: "heartbeat-timeout", short: nil, takesValue: true)))
        #expect(options.count > 30)
    }
}
