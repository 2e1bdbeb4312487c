import ArgumentParser
import Foundation
import PRXPlugins

/// Long options as Python's argparse reads them, and so parallelr's users type them, rewritten into the spelling
/// swift-argument-parser takes:
/// - a prefix of one option's name is that option (`--time 5` is `--timeout 5`, `--Tasks d` is `--TasksDir d`,
///   `--ma=4` is `--max=4`). A prefix is first read among parallelr's own options, as parallelr reads it, so that the
///   options prx adds (`--set`, `--sync`, `--source`) make none of parallelr's command lines ambiguous (`--se` is
///   `--separator`); a prefix that several options share is an error naming them, as argparse's is;
/// - a word starting with `-` that argparse reads as a value, not an option (one that names no option and holds a
///   space, `-C "-x @TASK@"`, or a negative number, `-T -5`), is the value of the option before it: it is joined to
///   the option (`--Command=-x @TASK@`); so is every such value of an option that takes several (`-T a "-x y"` is
///   `-T a --TasksDir=-x y`, the parser adding each to the same list). A word that names an option ends the values,
///   space or not (`-T a --Command="bash @TASK@"`, `-T a -C"bash @TASK@"`), as argparse reads it;
/// - a flag's argument joined to it (`--kill=4242`) is an argument of its own; one that starts with `-` but reads as
///   a value (`-k -5`, `--kill=-5`) is moved behind a `--`, so that the parser takes it for the argument it is, which
///   the command then refuses by name, where swift-argument-parser said "Unknown option '-5'".
///
/// An option of one value that parallelr does not have (`--source`, `--executor`, `--json`, each of `prx run`'s) is
/// refused when given twice (``RepeatedOption``): swift-argument-parser keeps the last value and drops the others
/// without a word, so that `--source a --source b` ran `b` alone. parallelr's own options keep the last value, as
/// argparse does, so that a parallelr command line runs as it did; an option of several values (`-T`, `--sink`,
/// `--set`) keeps them all. An option given without its value (the word after it reads as an option, or there is
/// none) is refused by the spelling the user typed (``MissingValue``), as argparse refuses it, before what comes after
/// it; an empty value joined to an option (`--max=`) is its value, as `--max ""` and `-m=` are, and a value joined to
/// a flag (`--run=x`, `--run=`) is refused by name (``ValueOfAFlag``).
///
/// A word that reads as an option but names none of the command's is refused by name (``UnknownOption``), with the
/// option it most likely misspells. An operand, and every argument after `--`, is passed on as it is, for the parser
/// to take; given the command's ``operands``, a word beyond them (a word that is neither an option, nor an option's
/// value, nor a flag's argument, when the command takes no more) is refused as argparse refuses it ("unrecognized
/// arguments"), by ``UnexpectedArgument``, and an operand the command needs and lacks by ``MissingOperand``.
struct LongOptionSpelling {
    /// One option of the command.
    struct Option: Hashable {
        /// Its long name, without `--`.
        var long: String
        /// Its short letter, if it has one.
        var short: Character?
        /// Whether it takes a value (an option, not a flag).
        var takesValue: Bool
        /// Whether it takes several values in a row, up to the next option (`-T a b c`).
        var takesSeveralValues = false
        /// Whether it may be given again, each time adding its values to the others (`-T a -T b`, `--sink`).
        var keepsEveryValue = false

        /// The option as messages name it: `-A/--arguments-file`, or `--log-dir` for one without a letter.
        var shown: String { short.map { "-\($0)/--\(long)" } ?? "--\(long)" }
    }

    /// An option of one value, not parallelr's, given more than once: each value after the first would replace the
    /// one before it.
    struct RepeatedOption: Error, CustomStringConvertible {
        /// The option as a message names it: `--source`, or `-m/--max` for one with a letter.
        var option: String
        /// How many times it is given.
        var count: Int

        var description: String {
            "\(option) is given \(count) times, and takes one value: give it once"
        }
    }

    /// An option that takes a value given without one: the word after it reads as an option (`-t -d`), is `--`, or
    /// there is none. It was passed on to swift-argument-parser, which took the next word for the value of an option
    /// that takes any (`-t -d` was `-t/--timeout takes a whole number (got '-d')`), or, once an option given again was
    /// given to it once (``SpelledArguments``), the word after the one it then lacked (`-t -d -C x -d`: `got '-C'`;
    /// `prx run --json -d r.lua -d`: the recipe file, then missing).
    struct MissingValue: Error, CustomStringConvertible {
        /// The option as given, without a value: `-t`, `--time`.
        var option: String
        /// The word after it, if there is one: an option, or `--`.
        var next: String?

        var description: String {
            let why = switch next {
            case nil: "nothing follows it"
            case "--": "the -- after it ends the options"
            case let next?: "the \(next) after it is an option"
            }
            return "missing value for \(option): \(why)"
        }
    }

    /// A flag given a value joined to it (`--run=x`, `--clear=`), which it does not take. swift-argument-parser refused
    /// one in its own words (`The option '--run' does not take any value, but 'x' was specified.`) and took an empty
    /// one for the flag, so that `--run=` ran the tasks and `prx history --clear= --yes=` cleared the history, where
    /// argparse refuses both (`ignored explicit argument`).
    struct ValueOfAFlag: Error, CustomStringConvertible {
        /// The flag.
        var flag: Option
        /// The word given, with its value: `--ru=x`.
        var given: String

        var description: String {
            "\(flag.shown) takes no value (got '\(given)')"
        }
    }

    /// The operands a command takes: the words that are neither options, nor their values, nor a flag's argument
    /// (`prx run FILE`, `prx feedback RUN TASK`).
    struct Operands: Equatable {
        /// Their names, in order, as the command's usage writes them (`recipe.lua`; `run`, `task`).
        var names: [String] = []
        /// How many of them, the first ones, must be given.
        var required = 0
        /// Whether the words after `--` are passed on, whatever their number, rather than counted among them
        /// (`prx run`'s arguments for the recipe).
        var passesWordsAfterTerminator = false

        /// The operands as a usage line writes them: `<run> <task>`, `[<run-id>]`.
        var usage: String {
            names.enumerated().map { index, name in index < required ? "<\(name)>" : "[<\(name)>]" }
                .joined(separator: " ")
        }
    }

    /// An operand the command needs that the command line lacks (`prx feedback RUN`, without its task).
    struct MissingOperand: Error {
        /// The operand's name, `task`.
        var name: String
    }

    /// A prefix that several options share.
    struct AmbiguousOption: Error, CustomStringConvertible {
        var prefix: String
        var candidates: [String]

        var description: String {
            "ambiguous option: --\(prefix) could match " + candidates.map { "--\($0)" }.joined(separator: ", ")
        }
    }

    /// A word on a command line that takes no operands that is neither an option, nor an option's value, nor a
    /// flag's argument: an unquoted word of a command template (`-C bash @TASK@`), a mistyped command (`prx stauts`),
    /// a second file after `-A`.
    struct UnexpectedArgument: Error {
        /// The word, as given.
        var word: String
        /// Where it stands among the arguments given to ``spelled(_:handingOver:)``.
        var position: Int
        /// Whether it is the first argument of the command line, where a command's name (`run`, `status`) stands.
        var isFirst: Bool
        /// The option of one value whose value came right before the word, with that value (`-C bash`), if one did.
        var following: (option: Option, value: String)?
        /// The words right after it up to the next one that starts with `-`, which a template the shell split into
        /// words has too (`-C python3 x.py @ARG@ -r`).
        var wordsAfter: [String]
    }

    /// A word that reads as an option (`--csv`, `--csv=x`, `-x`) but names none of the command's. It was passed on to
    /// swift-argument-parser, which refused the word after it instead (`--csv x`: "unexpected argument 'x'") or
    /// offered an option by so loose a measure that nearly any short name was near (`--csv=x`: "Did you mean
    /// '--run'?").
    struct UnknownOption: Error {
        /// The option as given, without a value joined to it: `--csv`, `-x`; whole when it has no name before its `=`
        /// (`--=x`), or starts with a dash that only looks like `-` (`—run`, ``DashLookAlike``).
        var name: String
        /// The value joined to it (`--csv=x`), or the operand right after it (`--csv x`), if there is one.
        var value: String?
        /// The command's option it most likely misspells (``Misspelling``), as it would be typed: `--timeout` for
        /// `--timout`, `--run` for `-run`, `-C` for `-c`.
        var closest: String?
    }

    /// An option's value, given as the word after it, that is a dash that only looks like `-` and the exact long name
    /// of one of the command's options (`-C —run`, ``DashLookAlike``): the option was typed with that dash, and the
    /// option before it left without its value. argparse takes such a word for the value, as it is no option to it, so
    /// that `prx -C —run -T x` ran the command `—run` on each task. A value that merely starts with such a dash
    /// (`-C '— @TASK@'`, `-C —runner`) or is joined to its option (`-C=—run`) is taken, as before.
    struct OptionTypedAsValue: Error, CustomStringConvertible {
        /// The option the word came after, as typed: `-C`, `--Comm`.
        var option: String
        /// The word, as given: `—run`.
        var value: String
        /// The option it names, as it would be typed: `--run`.
        var closest: String

        var description: String {
            let lookAlike = DashLookAlike.named(in: value).map { "it starts with \($0); " } ?? ""
            return "the value of \(option), '\(value)', looks like an option: did you mean \(closest)? "
                + "(\(lookAlike)\(option)=\(value) takes it as the value)"
        }
    }

    /// The options swift-argument-parser reads on every command without declaring them, which are no unknown ones.
    static let parsersOwnOptions: Set<String> = [
        "--help", "-h", "--generate-completion-script", "--experimental-dump-help",
    ]

    /// The command's options, in the order it declares them.
    var options: [Option]
    /// The long names of the options parallelr has, which a prefix is read among first.
    var parallelrNames: Set<String>
    /// The long names of flags followed by an optional argument of their own (`--kill PID`), which argparse also
    /// takes joined (`--kill=PID`): a joined one becomes the next argument.
    var flagsWithArgument: Set<String> = []
    /// The command's operands (``operands(in:)``). One that takes none but a flag's argument (`prx -k PID`) refuses
    /// any other such word, and every word after `--`.
    var operands: Operands

    /// The options `command` declares, as its parser describes them.
    static func options(of command: any ParsableCommand.Type) -> [Option] {
        options(in: parserDescription(of: command))
    }

    /// The options among the arguments a parser describes (``parserDescription(of:)``).
    static func options(in description: [[String: Any]]) -> [Option] {
        description.compactMap { argument in
            let kind = argument["kind"] as? String
            let names = argument["names"] as? [[String: String]] ?? []
            guard kind == "option" || kind == "flag",
                let long = names.first(where: { $0["kind"] == "long" })?["name"]
            else { return nil }
            let short = names.first { $0["kind"] == "short" }?["name"].flatMap(\.first)
            return Option(
                long: long, short: short, takesValue: kind == "option",
                takesSeveralValues: argument["parsingStrategy"] as? String == "upToNextOption",
                keepsEveryValue: argument["isRepeating"] as? Bool == true)
        }
    }

    /// The operands among the arguments a parser describes (``parserDescription(of:)``).
    static func operands(in description: [[String: Any]]) -> Operands {
        var operands = Operands()
        for argument in description where argument["kind"] as? String == "positional" {
            if argument["parsingStrategy"] as? String == "postTerminator" {
                operands.passesWordsAfterTerminator = true
                continue
            }
            operands.names.append(argument["valueName"] as? String ?? "argument")
            if argument["isOptional"] as? Bool == false { operands.required = operands.names.count }
        }
        return operands
    }

    /// The arguments `command` declares, options and operands, as its parser describes them (`_dumpHelp()`).
    static func parserDescription(of command: any ParsableCommand.Type) -> [[String: Any]] {
        guard let tool = try? JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8)) as? [String: Any],
            let description = tool["command"] as? [String: Any]
        else { return [] }
        return description["arguments"] as? [[String: Any]] ?? []
    }

    /// ``spelled(_:handingOver:)``, with an option `command` does not have refused by name in prx's words
    /// (``UnknownOptionMessage``, which offers `--set NAME.…` for the name of one of `plugins`), and an operand it
    /// lacks named with the operands it takes: `missing <task>: prx feedback takes <run> <task>`.
    func spelled(
        _ arguments: [String], command: String, plugins: [PluginDescriptor], handingOver lists: Set<String>
    ) throws -> SpelledArguments {
        do {
            return try spelled(arguments, handingOver: lists)
        } catch let unknown as UnknownOption {
            throw CommandFailure(message: UnknownOptionMessage.message(for: unknown, command: command, plugins: plugins))
        } catch let missing as MissingOperand {
            throw CommandFailure(
                message: "missing <\(missing.name)>: \(command) takes \(operands.usage) (see '\(command) --help')")
        } catch let missing as MissingValue {
            throw CommandFailure(message: "\(missing) (see '\(command) --help')")
        } catch let value as ValueOfAFlag {
            throw CommandFailure(message: "\(value) (see '\(command) --help')")
        } catch let value as OptionTypedAsValue {
            throw CommandFailure(message: value.description)
        }
    }

    /// `arguments` in swift-argument-parser's spelling, shortened for it (``SpelledArguments``): a flag or an option
    /// of one value given again is given once, its last time, and the values of the options of several values `lists`
    /// names (by long name, `--` for the words after it, when the command passes them on) are handed over in
    /// ``SpelledArguments/lists``.
    ///
    /// - Throws: ``AmbiguousOption`` for a prefix several options share; ``UnknownOption`` for a word that reads as an
    ///   option and names none; ``UnexpectedArgument`` for an operand beyond the command's ``operands``;
    ///   ``MissingOperand`` for one it needs and lacks, unless the parser's own `--help` is given;
    ///   ``RepeatedOption`` for an option of one value, not parallelr's, given twice; ``MissingValue`` for an option
    ///   given without its value, the first one, before any other but ``RepeatedOption``; ``ValueOfAFlag`` for a
    ///   flag given a value joined to it; ``OptionTypedAsValue`` for an option's value that is another option typed
    ///   with a dash that only looks like `-`.
    func spelled(_ arguments: [String], handingOver lists: Set<String>) throws -> SpelledArguments {
        var result: [String] = []
        // The values handed over, and the places in `result` of the times an option was given before its last.
        var handedOver: [String: [String]] = [:]
        var givenBefore = Set<Int>()
        // The place in `result` of the last time each flag and option of one value was given, with its value.
        var lastGiven: [String: Range<Int>] = [:]
        func given(_ option: Option, at places: Range<Int>) {
            guard !option.keepsEveryValue else { return }
            if let earlier = lastGiven.updateValue(places, forKey: option.long) { givenBefore.formUnion(earlier) }
        }
        // The operands given so far.
        var operandCount = 0
        // The options of one value that parallelr does not have, once for each time they are given.
        var givenOfOneValue: [Option] = []
        // The arguments of flags (`-k -5`) that start with `-`, which the parser takes only behind `--`.
        var dashedFlagArguments: [String] = []
        // Where the operands after the command line's own `--` begin in `result`, if it has one.
        var operandsStart: Int?
        // The first option given without its value.
        var missingValue: MissingValue?
        // The option of one value whose value the last word was, with that value.
        var lastValue: (option: Option, value: String)?
        var index = arguments.startIndex
        // An option given without its value is refused before any other mistake after it (`--json -- echo`: not
        // `echo`, which the option's value would have come before), as argparse refuses it first.
        do {
            while index < arguments.endIndex {
                let argument = arguments[index]
                index += 1
                let valueBefore = lastValue
                lastValue = nil
                if argument == "--" {
                    if !operands.passesWordsAfterTerminator {
                        for position in index..<arguments.endIndex {
                            try count(&operandCount, at: position, in: arguments, following: nil)
                        }
                    }
                    operandsStart = result.count + 1
                    if operands.passesWordsAfterTerminator, lists.contains("--") {
                        result.append("--")
                        handedOver["--"] = Array(arguments[index...])
                    } else {
                        result += arguments[(index - 1)...]
                    }
                    break
                }
                if let flag = try flagWithArgument(named: argument) {
                    result.append(flag)
                    if index < arguments.endIndex, arguments[index].hasPrefix("-"),
                        try !readsAsOption(arguments[index])
                    {
                        dashedFlagArguments.append(arguments[index])
                        index += 1
                    } else if index < arguments.endIndex, Self.isOperand(arguments[index]) {
                        result.append(arguments[index])
                        index += 1
                    }
                    continue
                }
                let valued: Option
                // Where the option goes in `result`, followed by its values.
                let optionPlace = result.count
                // Whether the option's first value was joined to it (`--Command=…`, `-C…`).
                var joinedValue = false
                // The values it is given this time.
                var values: [String] = []
                if argument.hasPrefix("--") {
                    let body = argument.dropFirst(2)
                    let name = body.prefix { $0 != "=" }
                    guard let option = try resolve(String(name)) else {
                        if Self.parsersOwnOptions.contains("--" + name) {
                            result.append(argument)
                            continue
                        }
                        // Named as typed: `--=` was refused as the unknown option '--'.
                        if name.isEmpty {
                            throw UnknownOption(name: argument, value: nil, closest: nil)
                        }
                        let joined = body.dropFirst(name.count)
                        throw unknown(
                            "--" + name, value: joined.isEmpty ? nil : String(joined.dropFirst()), at: index,
                            in: arguments)
                    }
                    let joined = body.dropFirst(name.count)
                    if flagsWithArgument.contains(option.long) && !joined.isEmpty {
                        let flagArgument = String(joined.dropFirst())
                        result.append("--" + option.long)
                        if flagArgument.hasPrefix("-") {
                            dashedFlagArguments.append(flagArgument)
                        } else {
                            result.append(flagArgument)
                        }
                        continue
                    }
                    guard option.takesValue else {
                        guard joined.isEmpty else { throw ValueOfAFlag(flag: option, given: argument) }
                        result.append("--" + option.long)
                        given(option, at: (result.count - 1)..<result.count)
                        continue
                    }
                    // argparse takes `--max=` for an empty value, as it takes `-m=` and `--max ""`, which the command
                    // then refuses or takes by the option (`-m/--max takes a whole number (got '')`);
                    // swift-argument-parser refused it as missing, in its words.
                    result += joined == "=" ? ["--" + option.long, ""] : ["--" + option.long + joined]
                    valued = option
                    if !joined.isEmpty {
                        joinedValue = true
                        values = [String(joined.dropFirst())]
                        lastValue = (option, values[0])
                    }
                } else if argument.count >= 2, argument.hasPrefix("-"),
                    let option = options.first(where: { $0.short == argument.dropFirst().first && $0.takesValue })
                {
                    result.append(argument)
                    valued = option
                    if argument.count > 2 {
                        joinedValue = true
                        // `-Tdir` and `-T=dir` alike, as the parser reads a short option's joined value.
                        let joined = argument.dropFirst(2)
                        values = [String(joined.hasPrefix("=") ? joined.dropFirst() : joined)]
                        lastValue = (option, values[0])
                    }
                } else {
                    if let option = optionTypedWithLookAlikeDashes(argument) {
                        throw UnknownOption(name: argument, value: nil, closest: option)
                    }
                    if let flag = try flagGivenAValue(in: argument) {
                        throw ValueOfAFlag(flag: flag, given: argument)
                    }
                    if let name = try unknownShortOption(argument) {
                        throw unknown(name, value: nil, at: index, in: arguments)
                    }
                    if Self.isOperand(argument) {
                        try count(&operandCount, at: index - 1, in: arguments, following: valueBefore)
                    }
                    result.append(argument)
                    if argument.count == 2, argument.hasPrefix("-"),
                        let flag = options.first(where: { $0.short == argument.last && !$0.takesValue })
                    {
                        given(flag, at: (result.count - 1)..<result.count)
                    }
                    continue
                }
                if !valued.keepsEveryValue && !parallelrNames.contains(valued.long) {
                    givenOfOneValue.append(valued)
                }
                // A joined value is the first: an option of one value takes no other, one of several takes the words
                // after it too, as the parser does.
                let first = joinedValue ? -1 : index
                while !joinedValue || valued.takesSeveralValues, index < arguments.endIndex,
                    index == first || valued.takesSeveralValues
                {
                    let value = arguments[index]
                    guard try !readsAsOption(value) else { break }
                    if index == first, let option = optionNamedWithLookAlikeDashes(value) {
                        throw OptionTypedAsValue(option: argument, value: value, closest: option)
                    }
                    // An option after the values, typed with a dash that only looks like `-` (`-T a b —max 4`), is
                    // refused as such, not taken for one more.
                    if index != first, optionTypedWithLookAlikeDashes(value) != nil { break }
                    if value.hasPrefix("-") {
                        let joined = "--\(valued.long)=\(value)"
                        // The first value takes the option's place; a later one follows the values before it.
                        if index == first { result[result.count - 1] = joined } else { result.append(joined) }
                    } else {
                        result.append(value)
                    }
                    values.append(value)
                    if !valued.takesSeveralValues { lastValue = (valued, value) }
                    index += 1
                }
                guard !values.isEmpty else {
                    if missingValue == nil {
                        missingValue = MissingValue(
                            option: argument, next: index < arguments.endIndex ? arguments[index] : nil)
                    }
                    continue
                }
                if lists.contains(valued.long), valued.keepsEveryValue {
                    result.removeSubrange(optionPlace...)
                    handedOver[valued.long, default: []] += values
                } else {
                    given(valued, at: optionPlace..<result.count)
                }
            }
        } catch {
            if let missingValue { throw missingValue }
            throw error
        }
        let timesGiven = { (option: Option) in givenOfOneValue.count { $0 == option } }
        if let repeated = givenOfOneValue.first(where: { timesGiven($0) > 1 }) {
            throw RepeatedOption(option: repeated.shown, count: timesGiven(repeated))
        }
        // Before an operand lacking: `prx run --json` lacks the recipe too, but the value is what was left out.
        if let missingValue { throw missingValue }
        // The parser's own options (`--help`) need no operand. Here they are given by a prefix (`prx run --he`):
        // ``spelled(_:of:plugins:wordsAfterTerminator:handingOver:)`` passes a command line holding one by its name
        // on as it is.
        let beforeOperands = result.prefix(operandsStart.map { $0 - 1 } ?? result.count)
        if operandCount < operands.required, !beforeOperands.contains(where: Self.parsersOwnOptions.contains) {
            throw MissingOperand(name: operands.names[operandCount])
        }
        if !givenBefore.isEmpty {
            result = result.indices.filter { !givenBefore.contains($0) }.map { result[$0] }
            operandsStart = operandsStart.map { $0 - givenBefore.count }
        }
        if !dashedFlagArguments.isEmpty {
            if let operandsStart {
                result.insert(contentsOf: dashedFlagArguments, at: operandsStart)
            } else {
                result += ["--"] + dashedFlagArguments
            }
        }
        return SpelledArguments(arguments: result, lists: handedOver)
    }

    /// Whether `word` is an operand, not an option, as argparse reads it: a word that does not start with `-`, or `-`
    /// alone.
    private static func isOperand(_ word: String) -> Bool {
        word == "-" || !word.hasPrefix("-")
    }

    /// Counts `arguments[position]`, one more operand than `count`, after the value of `following` if it comes
    /// right after one.
    ///
    /// - Throws: ``UnexpectedArgument`` when the command takes no more.
    private func count(
        _ count: inout Int, at position: Int, in arguments: [String], following: (option: Option, value: String)?
    ) throws(UnexpectedArgument) {
        count += 1
        guard count > operands.names.count else { return }
        let after = arguments[(position + 1)...].prefix { !$0.hasPrefix("-") }
        throw UnexpectedArgument(
            word: arguments[position], position: position, isFirst: position == arguments.startIndex,
            following: following, wordsAfter: Array(after))
    }

    /// The refusal of the unknown option `name`, with `value` joined to it, or else the operand at `next`, if one is
    /// there.
    private func unknown(_ name: String, value: String?, at next: Int, in arguments: [String]) -> UnknownOption {
        let following = next < arguments.endIndex && Self.isOperand(arguments[next]) ? arguments[next] : nil
        return UnknownOption(name: name, value: value ?? following, closest: closestOption(to: name))
    }

    /// The unknown option in `argument`, which starts with one `-` and reads as an option (``readsAsOption(_:)``),
    /// when it is none of the command's: a word that starts with a letter no option has, or that is a long option
    /// with one dash, whole (`-x`, `-csv`, `-run`), or else the first letter no option has among flags' letters (`-x`
    /// of `-rx`), which ``ShortOptionClusters`` leaves whole; `nil` for an option of the command, a negative number
    /// or a word holding a space.
    private func unknownShortOption(_ argument: String) throws -> String? {
        guard argument.count >= 2, argument.hasPrefix("-"), !argument.hasPrefix("--"),
            !Self.parsersOwnOptions.contains(argument), try readsAsOption(argument)
        else { return nil }
        let letters = Set(options.compactMap(\.short))
        let body = argument.dropFirst()
        guard let first = body.first, letters.contains(first),
            body.count == 1 || Misspelling.closest(to: String(body), among: options.map(\.long)) == nil
        else { return argument }
        return body.first { !letters.contains($0) }.map { "-\($0)" }
    }

    /// The flag that `argument`, flags' letters with `=` after the last (`-r=`, `-dr=x`), gives a value to, which
    /// argparse refuses (`ignored explicit argument`); `nil` for another word. It was refused as the unknown option
    /// `-=`.
    private func flagGivenAValue(in argument: String) throws -> Option? {
        guard argument.hasPrefix("-"), !argument.hasPrefix("--"), let equals = argument.firstIndex(of: "="),
            try readsAsOption(argument)
        else { return nil }
        let letters = argument.dropFirst()[..<equals]
        let flags = letters.compactMap { letter in options.first { $0.short == letter && !$0.takesValue } }
        guard !letters.isEmpty, flags.count == letters.count else { return nil }
        return flags.last
    }

    /// The option `word` stands for when its dashes that only look like `-` are made `-` (``DashLookAlike``), as it
    /// would be typed: `--run` for `—run` and `–-ru`, `-m` for `–m`, `--timeout` for `—timout`; `nil` for a word that
    /// starts with no look-alike, or names no option when written so.
    private func optionTypedWithLookAlikeDashes(_ word: String) -> String? {
        guard let typed = DashLookAlike.asciiSpelling(of: word) else { return nil }
        let name = typed.prefix { $0 != "=" }
        if Self.parsersOwnOptions.contains(String(name)) { return String(name) }
        if name.hasPrefix("--"), let option = try? resolve(String(name.dropFirst(2))) { return "--" + option.long }
        if !name.hasPrefix("--"), options.contains(where: { $0.short == name.last }) { return String(name) }
        return closestOption(to: String(name))
    }

    /// The long option `word` names exactly when its dashes that only look like `-` are made `-`, as it would be
    /// typed (`--run` for `—run` and `–-run`); `nil` for any other word: one that starts with no look-alike, holds an
    /// `=`, or names an option by a prefix, a misspelling or its letter, which may well be a value (`—r`, `—runner`).
    private func optionNamedWithLookAlikeDashes(_ word: String) -> String? {
        guard let typed = DashLookAlike.asciiSpelling(of: word), typed.hasPrefix("--"), !typed.contains("=") else {
            return nil
        }
        let name = typed.dropFirst(2)
        guard Self.parsersOwnOptions.contains(typed) || options.contains(where: { $0.long == name }) else { return nil }
        return typed
    }

    /// The option the unknown `name` most likely stands for, as it would be typed: a long name near its own
    /// (``Misspelling``), `--timeout` for `--timout`, `--run` for `-run`; for a letter, the option of that letter in
    /// the other case, `-C` for `-c`.
    private func closestOption(to name: String) -> String? {
        let body = name.drop { $0 == "-" }
        if !name.hasPrefix("--"), body.count == 1, let letter = body.first {
            let otherCase = letter.isUppercase ? letter.lowercased() : letter.uppercased()
            return options.contains { $0.short.map(String.init) == otherCase } ? "-" + otherCase : nil
        }
        return Misspelling.closest(to: String(body), among: options.map(\.long)).map { "--" + $0 }
    }

    /// The spelling of `argument` when it names a flag followed by an argument of its own (``flagsWithArgument``),
    /// as its letter (`-k`) or its long name or a prefix of it, with nothing joined (`--ki`); `nil` otherwise.
    private func flagWithArgument(named argument: String) throws -> String? {
        if argument.count == 2, argument.hasPrefix("-"),
            let option = options.first(where: { $0.short == argument.last }), flagsWithArgument.contains(option.long)
        {
            return argument
        }
        guard argument.hasPrefix("--"), !argument.contains("="),
            let option = try resolve(String(argument.dropFirst(2))), flagsWithArgument.contains(option.long)
        else { return nil }
        return "--" + option.long
    }

    /// Whether argparse reads `word` as an option, not as a value (its `_parse_optional`): a word starting with `--`
    /// whose name before any `=` is an option's or a prefix of one (`--Comm=bash @TASK@`), a word starting with `-`
    /// and an option's letter (`-Cbash @TASK@`, `-rm2`), and any other word starting with `-` but `-` itself, a
    /// negative number (`-5`, `-0.5`) or a word holding a space (`-x @TASK@`, which names no option: argparse takes
    /// it for a value). `--` is read as an option, so that the values end there. A prefix several options share is
    /// an error, as argparse's is.
    private func readsAsOption(_ word: String) throws -> Bool {
        guard word.count > 1, word.hasPrefix("-") else { return false }
        if word.hasPrefix("--") {
            if try resolve(String(word.dropFirst(2).prefix { $0 != "=" })) != nil { return true }
        } else if options.contains(where: { $0.short == word.dropFirst().first }) {
            return true
        }
        return !word.contains(" ") && word.wholeMatch(of: /-(\d+|\d*\.\d+)/) == nil
    }

    /// The option `name` (a long name or a prefix of one, without `--`) stands for; `nil` when it stands for none.
    ///
    /// - Throws: ``AmbiguousOption`` for a prefix several options share.
    func resolve(_ name: String) throws(AmbiguousOption) -> Option? {
        if let exact = options.first(where: { $0.long == name }) { return exact }
        guard !name.isEmpty else { return nil }
        let candidates = options.filter { $0.long.hasPrefix(name) }
        let parallelrs = candidates.filter { parallelrNames.contains($0.long) }
        if parallelrs.count == 1 { return parallelrs[0] }
        if parallelrs.isEmpty && candidates.count <= 1 { return candidates.first }
        throw AmbiguousOption(prefix: name, candidates: candidates.map(\.long))
    }
}
