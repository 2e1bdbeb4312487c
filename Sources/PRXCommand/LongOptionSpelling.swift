import ArgumentParser
import Foundation

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
/// An argument that names no option, and every argument after `--`, is passed on as it is, for the parser to take
/// or refuse.
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
    }

    /// A prefix that several options share.
    struct AmbiguousOption: Error, CustomStringConvertible {
        var prefix: String
        var candidates: [String]

        var description: String {
            "ambiguous option: --\(prefix) could match " + candidates.map { "--\($0)" }.joined(separator: ", ")
        }
    }

    /// The command's options, in the order it declares them.
    var options: [Option]
    /// The long names of the options parallelr has, which a prefix is read among first.
    var parallelrNames: Set<String>
    /// The long names of flags followed by an optional argument of their own (`--kill PID`), which argparse also
    /// takes joined (`--kill=PID`): a joined one becomes the next argument.
    var flagsWithArgument: Set<String> = []

    /// The options `command` declares, as its parser describes them.
    static func options(of command: any ParsableCommand.Type) -> [Option] {
        guard let tool = try? JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8)) as? [String: Any],
            let description = tool["command"] as? [String: Any],
            let arguments = description["arguments"] as? [[String: Any]]
        else { return [] }
        return arguments.compactMap { argument in
            let kind = argument["kind"] as? String
            let names = argument["names"] as? [[String: String]] ?? []
            guard kind == "option" || kind == "flag",
                let long = names.first(where: { $0["kind"] == "long" })?["name"]
            else { return nil }
            let short = names.first { $0["kind"] == "short" }?["name"].flatMap(\.first)
            return Option(
                long: long, short: short, takesValue: kind == "option",
                takesSeveralValues: argument["parsingStrategy"] as? String == "upToNextOption")
        }
    }

    /// `arguments` in swift-argument-parser's spelling.
    func rewrite(_ arguments: [String]) throws -> [String] {
        var result: [String] = []
        // The arguments of flags (`-k -5`) that start with `-`, which the parser takes only behind `--`.
        var dashedFlagArguments: [String] = []
        // Where the operands after the command line's own `--` begin in `result`, if it has one.
        var operandsStart: Int?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                operandsStart = result.count + 1
                result += arguments[(index - 1)...]
                break
            }
            if let flag = try flagWithArgument(named: argument) {
                result.append(flag)
                if index < arguments.endIndex, arguments[index].hasPrefix("-"), try !readsAsOption(arguments[index]) {
                    dashedFlagArguments.append(arguments[index])
                    index += 1
                }
                continue
            }
            let valued: Option
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                guard let option = try resolve(String(name)) else {
                    result.append(argument)
                    continue
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
                result.append("--" + option.long + joined)
                guard option.takesValue && joined.isEmpty else { continue }
                valued = option
            } else if argument.count == 2, argument.hasPrefix("-"),
                let option = options.first(where: { $0.short == argument.last && $0.takesValue })
            {
                result.append(argument)
                valued = option
            } else {
                result.append(argument)
                continue
            }
            let first = index
            while index < arguments.endIndex, index == first || valued.takesSeveralValues {
                let value = arguments[index]
                guard try !readsAsOption(value) else { break }
                if value.hasPrefix("-") {
                    let joined = "--\(valued.long)=\(value)"
                    // The first value takes the option's place; a later one follows the values before it.
                    if index == first { result[result.count - 1] = joined } else { result.append(joined) }
                } else {
                    result.append(value)
                }
                index += 1
            }
        }
        guard !dashedFlagArguments.isEmpty else { return result }
        guard let operandsStart else { return result + ["--"] + dashedFlagArguments }
        result.insert(contentsOf: dashedFlagArguments, at: operandsStart)
        return result
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

    /// The option `name` (a long name or a prefix of one) stands for; `nil` when it stands for none.
    private func resolve(_ name: String) throws -> Option? {
        if let exact = options.first(where: { $0.long == name }) { return exact }
        guard !name.isEmpty else { return nil }
        let candidates = options.filter { $0.long.hasPrefix(name) }
        let parallelrs = candidates.filter { parallelrNames.contains($0.long) }
        if parallelrs.count == 1 { return parallelrs[0] }
        if parallelrs.isEmpty && candidates.count <= 1 { return candidates.first }
        throw AmbiguousOption(prefix: name, candidates: candidates.map(\.long))
    }
}
