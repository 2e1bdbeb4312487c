import PRXPlugins

/// The one line that refuses a word prx's flags mode takes no place for (``LongOptionSpelling/UnexpectedArgument``),
/// naming the word and, where the likely mistake can be told from the command line, its fix:
/// - a word after `-C`'s value: a command template the shell split into words, `-C bash @TASK@`;
/// - a Lua file: a recipe, which `prx run FILE` runs;
/// - a first word close to a command's name: `prx stauts`, `prx histroy`;
/// - a first word `help` or `version`, another tool's command: `prx --help` (`prx run --help` for `prx help run`), and
///   that prx has no version;
/// - a word after the value of another option of one value: `-A hosts.txt more.txt`;
/// - a number: a PID, which only `-k` takes.
///
/// It used to be `a PID is only taken by -k/--kill` whatever the word, which named neither it nor the mistake. A word
/// beyond the operands of prx's other commands is refused here too, in the same form
/// (``message(for:in:command:operands:wordsAfterTerminator:)``).
enum UnexpectedArgumentMessage {
    /// The line for `argument`, without `prx: error: `; `commands` are the names of prx's commands (`run`, …).
    static func message(for argument: LongOptionSpelling.UnexpectedArgument, commands: [String]) -> String {
        let word = argument.word
        let refusal = "unexpected argument '\(word)'"
        if let (option, value) = argument.following, option.long == "Command" {
            let template = ([value, word] + argument.wordsAfter).joined(separator: " ")
            return "\(refusal) after \(option.shown) '\(value)': quote the whole command template, as in "
                + "-C \(ShellWords.quote(template))"
        }
        if word.lowercased().hasSuffix(".lua") {
            return "\(refusal): a Lua recipe is run with \(CommandName.run.asTyped) \(ShellWords.quote(word))"
        }
        // Commands of other tools, which prx has as options or not at all: they were told only that prx takes options.
        if argument.isFirst, word.lowercased() == "help" {
            let command = argument.wordsAfter.first.flatMap(CommandName.init(rawValue:))
            let help = command.map { "\($0.asTyped) --help" } ?? "\(InvocationName.command) --help"
            return "\(refusal): \(InvocationName.command) has no help command: did you mean \(help)?"
        }
        if argument.isFirst, word.lowercased() == "version" {
            return "\(refusal): \(InvocationName.command) has no version command or option"
        }
        if argument.isFirst, let command = Misspelling.closest(to: word, among: commands) {
            return "\(refusal): did you mean \(InvocationName.command) \(command)?"
        }
        if let (option, value) = argument.following {
            return "\(refusal) after \(option.shown) '\(value)': \(option.shown) takes one value"
        }
        if word.allSatisfy(\.isNumber) {
            return "\(refusal): a PID is taken by -k/--kill only (\(InvocationName.command) -k \(word))"
        }
        return "\(refusal): prx takes options and their values only (see '\(InvocationName.command) --help')"
    }

    /// The line for `argument`, a word of `arguments` beyond the operands `command` takes (`prx plugins foo`, `prx run
    /// r.lua release`), without `prx: error: `: for a command that passes the words after `--` on, what they are
    /// (`wordsAfterTerminator`) and the command line with the word, and those after it up to the next option, moved
    /// after `--`: `arguments for the recipe go after --, as in prx run r.lua -- release`; for another, what it takes.
    static func message(
        for argument: LongOptionSpelling.UnexpectedArgument, in arguments: [String], command: String,
        operands: LongOptionSpelling.Operands, wordsAfterTerminator: String
    ) -> String {
        let refusal = "unexpected argument '\(argument.word)'"
        guard operands.passesWordsAfterTerminator else {
            let takes = operands.names.isEmpty ? "options only" : "\(operands.usage) and options only"
            return "\(refusal): \(command) takes \(takes) (see '\(command) --help')"
        }
        let moved = [argument.word] + argument.wordsAfter
        var line = Array(arguments[..<argument.position] + arguments[(argument.position + moved.count)...])
        if let terminator = line.firstIndex(of: "--") {
            line.insert(contentsOf: moved, at: terminator + 1)
        } else {
            line += ["--"] + moved
        }
        return "\(refusal): \(wordsAfterTerminator) go after --, as in \(command) "
            + line.map(ShellWords.quote).joined(separator: " ")
    }
}
