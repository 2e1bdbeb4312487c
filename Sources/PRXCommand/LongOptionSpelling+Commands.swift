import ArgumentParser
import PRXPlugins

extension LongOptionSpelling {
    /// `arguments` of `command`, one of prx's commands beside flags mode (`prx run`, `prx history`, …), in the
    /// spelling swift-argument-parser takes, read as flags mode reads its own: a unique prefix of a long option is
    /// that option, and an option the command does not have, an operand beyond those it takes and one it lacks are
    /// refused in prx's one line, with the fix where there is one (``UnknownOptionMessage``,
    /// ``UnexpectedArgumentMessage``). No option is read first: none of these commands is parallelr's command line.
    /// `wordsAfterTerminator` says what the words after `--` are to a command that passes them on (`arguments for the
    /// recipe`), for the fix of a word given before it. With `--help` (or another of the parser's own options) the
    /// arguments are the parser's as they are, which shows the help whatever else is given, as argparse does.
    ///
    /// These were swift-argument-parser's words, capitalised and without prx's fixes: `Unknown option '--jsn'. Did you
    /// mean '--json'?`, `Unexpected argument 'release'` for a recipe's argument before `--`, `Missing expected
    /// argument '<task>'`.
    ///
    /// Shortened for the parser (``SpelledArguments``), with the values of the options of several values `lists` names
    /// handed over (``spelled(_:handingOver:)``).
    static func spelled(
        _ arguments: [String], of command: any ParsableCommand.Type, plugins: [PluginDescriptor] = [],
        wordsAfterTerminator: String = "", handingOver lists: Set<String>
    ) throws -> SpelledArguments {
        // Given by a prefix (`--he`), one is read as the command's options are, and needs no operand
        // (``spelled(_:handingOver:)``).
        if arguments.prefix(while: { $0 != "--" }).contains(where: parsersOwnOptions.contains) {
            return SpelledArguments(arguments: arguments)
        }
        let name = command.configuration.commandName ?? InvocationName.command
        // The parser's description is made once (its help as JSON, parsed), for both.
        let description = parserDescription(of: command)
        let operands = operands(in: description)
        let spelling = LongOptionSpelling(options: options(in: description), parallelrNames: [], operands: operands)
        do {
            return try spelling.spelled(arguments, command: name, plugins: plugins, handingOver: lists)
        } catch let unexpected as UnexpectedArgument {
            throw CommandFailure(
                message: UnexpectedArgumentMessage.message(
                    for: unexpected, in: arguments, command: name, operands: operands,
                    wordsAfterTerminator: wordsAfterTerminator))
        }
    }
}
