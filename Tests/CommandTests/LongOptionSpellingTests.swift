import Foundation
@testable import PRXCommand
import Testing

@Suite struct LongOptionSpellingTests {
    /// A unique prefix is its option, as argparse reads it (parallelr keeps argparse's `allow_abbrev`).
    @Test func aUniquePrefixIsItsOption() throws {
        let spell = { try PRX.argparseSpelling($0) }
        #expect(try spell(["--Tasks", "a", "b", "--Comm", "bash @TASK@", "--ru"])
                == ["--TasksDir", "a", "b", "--Command", "bash @TASK@", "--run"])
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
        func refusal(_ arguments: [String]) -> LongOptionSpelling.UnknownOption? {
            #expect(throws: LongOptionSpelling.UnknownOption.self) {
                try rules.rewrite(PRX.shortOptions.split(arguments))
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
        #expect(try PRX.argparseSpelling(["-h"]) == ["-h"])
        #expect(try PRX.argparseSpelling(["-r", "-5"]) == ["-r", "-5"], "a negative number is no option")
        #expect(try RunRecipeCommand.argparseSpelling(["r.lua", "--", "--csv"]) == ["r.lua", "--", "--csv"])
    }

    /// A prefix is read among parallelr's options first, so that prx's own make none of parallelr's command lines
    /// ambiguous; a prefix several options share is an error naming them.
    @Test func aPrefixIsReadAmongParallelrsOptionsFirst() throws {
        #expect(try PRX.argparseSpelling(["--se", "comma", "--js", "f.jsonl"])
            == ["--separator", "comma", "--json", "f.jsonl"])
        #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try PRX.argparseSpelling(["--s", "1"]) }
        #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try PRX.argparseSpelling(["--res", "RUN"]) }
        let error = LongOptionSpelling.AmbiguousOption(prefix: "d", candidates: ["debug", "daemon"])
        #expect(error.description == "ambiguous option: --d could match --debug, --daemon")
    }

    /// A value that starts with `-` and holds a space is the option's value, as argparse takes it; `--kill=PID` is
    /// `--kill PID`.
    @Test func valuesStartingWithADashAndJoinedPIDs() throws {
        let spell = { try PRX.argparseSpelling($0) }
        #expect(try spell(["-C", "-x @TASK@", "-T", "t"]) == ["--Command=-x @TASK@", "-T", "t"])
        #expect(try spell(["--Comm", "-x @TASK@"]) == ["--Command=-x @TASK@"])
        #expect(try spell(["-m", "-5", "-C", "-r"]) == ["--max=-5", "-C", "-r"], "a negative number, then no value")
        #expect(try spell(["--kill=4242", "--ki=all"]) == ["--kill", "4242", "--kill", "all"])
    }

    /// A flag's argument that starts with `-` and reads as a value (a negative number, a word holding a space) goes
    /// behind `--`, where the parser takes it for the argument, before any operands the command line has there:
    /// swift-argument-parser read `-k -5` as an unknown option `-5`. A word that reads as an option stays one.
    @Test func aFlagsArgumentStartingWithADashGoesBehindTheOperandsMark() throws {
        let spell = { try PRX.argparseSpelling($0) }
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
        let spell = { try PRX.argparseSpelling($0) }
        #expect(try spell(["-T", "a", "-x y", "b", "-z w", "-r"])
                == ["-T", "a", "--TasksDir=-x y", "b", "--TasksDir=-z w", "-r"])
        #expect(try spell(["--Tasks", "-x y", "-z w"]) == ["--TasksDir=-x y", "--TasksDir=-z w"])
        #expect(try spell(["-T", "a", "-r", "-x y"]) == ["-T", "a", "-r", "-x y"], "an option ends the values")
        #expect(try spell(["-C", "-x y", "-z w"]) == ["--Command=-x y", "-z w"], "one value")
    }

    /// A word that argparse reads as an option ends an option's values, space or not: `-T a --Command="bash @TASK@"`
    /// was `-T a "--TasksDir=--Command=bash @TASK@"`, so that no command was given. A word that names no option and
    /// holds a space, or a negative number, is a value, as argparse reads it.
    @Test func aWordNamingAnOptionEndsTheValues() throws {
        let spell = { try PRX.argparseSpelling($0) }
        #expect(try spell(["-T", "a", "--Command=bash @TASK@"]) == ["-T", "a", "--Command=bash @TASK@"])
        #expect(try spell(["-T", "a", "--Comm=bash @TASK@"]) == ["-T", "a", "--Command=bash @TASK@"])
        #expect(try spell(["-T", "a", "-Cbash @TASK@"]) == ["-T", "a", "-Cbash @TASK@"])
        #expect(try spell(["-T", "a", "-rCbash @TASK@"]) == ["-T", "a", "-r", "-Cbash @TASK@"])
        #expect(try spell(["-T", "a", "-C=bash @TASK@"]) == ["-T", "a", "-C=bash @TASK@"])
        #expect(try spell(["-T", "-odd dir", "a", "-5", "--Bogus=x y", "--Command x"])
                == ["--TasksDir=-odd dir", "a", "--TasksDir=-5", "--TasksDir=--Bogus=x y", "--TasksDir=--Command x"])
        #expect(try spell(["-C", "-0.5"]) == ["--Command=-0.5"])
        #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try spell(["-T", "a", "--s=x y"]) }
    }

    /// Flags mode takes no operands, as parallelr's argparse takes none: a word that is no option, no option's value
    /// and not `-k`'s argument is refused, naming it, with the option whose value came before it. It was taken for
    /// `-k`'s PID wherever it stood, and refused as `a PID is only taken by -k/--kill`, which named neither.
    @Test func flagsModeRefusesAWordThatIsNoOptionNorAValue() throws {
        let spell = { try PRX.argparseSpelling($0) }
        #expect(try spell(["-T", "a", "b", "-C", "bash @TASK@", "-k", "all", "-r"])
                == ["-T", "a", "b", "-C", "bash @TASK@", "-k", "all", "-r"])
        let rules = LongOptionSpelling(
            options: LongOptionSpelling.options(of: PRX.self), parallelrNames: [], flagsWithArgument: ["kill"],
            operands: LongOptionSpelling.Operands())
        func refusal(_ arguments: [String]) -> LongOptionSpelling.UnexpectedArgument? {
            #expect(throws: LongOptionSpelling.UnexpectedArgument.self) { try rules.rewrite(arguments) }
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
        #expect(try rules.rewrite(["-Ta", "b", "-C", "x"]) == ["-Ta", "b", "-C", "x"], "-T's values, joined or not")
        #expect(try rules.rewrite(["--TasksDir=a", "b", "-k"]) == ["--TasksDir=a", "b", "-k"])
    }

    /// `prx run` takes a unique prefix of its long options as flags mode does (it took none); none is read first,
    /// as `run` is not parallelr's command line, and the recipe's arguments after `--` are its own.
    @Test func theRunCommandTakesPrefixesToo() throws {
        let spell = { try RunRecipeCommand.argparseSpelling($0) }
        #expect(try spell(["r.lua", "--ru", "--ma", "3", "--js=f.jsonl", "--no-task", "-rd", "--", "--ru"])
                == ["r.lua", "--run", "--max", "3", "--json=f.jsonl", "--no-task-output-log", "-r", "-d", "--",
                    "--ru"])
        #expect(try spell(["r.lua", "--dry", "--se", "csv.path=a", "--log", "-x y"])
                == ["r.lua", "--dry-run", "--set", "csv.path=a", "--log-dir=-x y"])
        let error = #expect(throws: LongOptionSpelling.AmbiguousOption.self) { try spell(["r.lua", "--d"]) }
        #expect(error?.candidates.sorted() == ["debug", "dry-run"])
    }

    /// The other commands read their options as `prx run` does, and count their operands from the parser's own
    /// description: a prefix is taken (`prx history --js`), a word beyond the operands refused, and a missing one
    /// unless `--help` asks for the help.
    @Test func theOtherCommandsTakePrefixesAndCountTheirOperands() throws {
        #expect(try LongOptionSpelling.rewrite(["--js", "--cl"], of: HistoryCommand.self) == ["--json", "--clear"])
        #expect(try LongOptionSpelling.rewrite(["--js"], of: PluginsCommand.self) == ["--json"])
        #expect(LongOptionSpelling.operands(of: FeedbackCommand.self)
            == .init(names: ["run", "task"], required: 2))
        #expect(LongOptionSpelling.operands(of: HistoryCommand.self) == .init(names: ["run-id"], required: 0))
        #expect(LongOptionSpelling.operands(of: RunRecipeCommand.self)
            == .init(names: ["recipe.lua"], required: 1, passesWordsAfterTerminator: true))
        #expect(try RunRecipeCommand.argparseSpelling(["r.lua", "-r", "--", "a", "b"])
            == ["r.lua", "-r", "--", "a", "b"])
        #expect(try LongOptionSpelling.rewrite(["--help"], of: FeedbackCommand.self) == ["--help"])
        #expect(try LongOptionSpelling.rewrite(["--he"], of: RunRecipeCommand.self) == ["--help"])
        #expect(throws: CommandFailure.self) {
            try LongOptionSpelling.rewrite(["--", "a", "b"], of: StatusCommand.self)
        }
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
