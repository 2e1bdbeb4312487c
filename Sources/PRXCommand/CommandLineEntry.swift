import ArgumentParser
import CSystem
import Foundation
import PRXPlugins

/// The `prx` command as a library: parse arguments, run, and turn every outcome into an exit status.
///
/// Errors a person must act on are one line on standard error, `prx: error: <what>`, with exit status 2
/// (parallelr's usage status, rather than swift-argument-parser's 64).
public enum CommandLineEntry {
    /// Runs `prx` with this process's own arguments and the plugins of `registry`, and exits with its status:
    /// what a `main` calls.
    ///
    /// It exits from the thread the command ends on: a `main` that awaited the status went back to the main actor
    /// to exit, and that needs a thread of Dispatch's own, which at the process limit (`ulimit -u`) Dispatch
    /// retries to make every second until a process ends.
    ///
    /// An argument that is not UTF-8 is refused (exit status 2) rather than run with U+FFFD in place of its bytes,
    /// which is how Swift's `CommandLine.arguments` hands it over: a command would run with other bytes than it
    /// was given, and a path would name a file that does not exist. So is a directory variable prx reads
    /// (`PRX_HOME`, `PRX_CONFIG_DIR`, `HOME`) that is not: the script configuration's caps would go unread. The
    /// error shows the bytes that are not UTF-8 as `\xNN`, read from `argv` and the environment themselves, before
    /// anything decodes them. A relative `PRX_HOME` or `PRX_CONFIG_DIR` is made absolute from the directory prx starts
    /// in.
    public static func main(registry: PluginRegistry = .builtin) async -> Never {
        exit(await status(registry: registry))
    }

    /// The status ``main(registry:)`` exits with.
    private static func status(registry: PluginRegistry) async -> Int32 {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
            printError(
                "argument \(index) is not UTF-8 (it reads '\(shown(raw))'); prx takes its arguments, "
                    + "commands and paths as UTF-8")
            return 2
        }
        for name in ["PRX_HOME", "PRX_CONFIG_DIR", "HOME"] {
            guard let raw = getenv(name), String(validatingCString: raw) == nil else { continue }
            printError("\(name) is not UTF-8 (it reads '\(shown(raw))'); prx takes its paths as UTF-8")
            return 2
        }
        // A relative directory means the directory prx starts in, also after `--resume` has moved to the resumed
        // run's (its journal and logs went under that one), and in the copies a daemon starts.
        for name in ["PRX_HOME", "PRX_CONFIG_DIR"] {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty,
                !PathSlashes.isAbsolute(value)
            else { continue }
            setenv(name, FileManager.default.currentDirectoryPath + "/" + value, 1)
        }
        return await run(arguments: Array(CommandLine.arguments.dropFirst()), registry: registry)
    }

    /// The C string `raw`, which is not UTF-8, as a message shows it: its bytes that are not UTF-8 written `\xNN`
    /// (``ControlCharacterEscaping/escaped(bytes:)``), where `String(cString:)` puts U+FFFD for them all alike.
    private static func shown(_ raw: UnsafePointer<CChar>) -> String {
        ControlCharacterEscaping.escaped(bytes: UnsafeRawBufferPointer(start: raw, count: strlen(raw)))
    }

    /// Runs `prx` with `arguments` (without the program name), with the plugins of `registry`, and returns the
    /// process exit status.
    ///
    /// A custom build of prx with plugins of its own calls ``main(registry:)`` with a registry that has them;
    /// tests call this.
    public static func run(arguments: [String], registry: PluginRegistry = .builtin) async -> Int32 {
        // A reader that goes away (`prx … | head -1`) must cost prx its output, not its run: with SIGPIPE's
        // default action, the write of the summary would end prx before the journal and the log were finished. So
        // would SIGXFSZ a write past the file size limit (`ulimit -f`).
        // Tasks get every signal at its default again.
        ProcessWideSettings.ignoreBrokenPipes()
        ProcessWideSettings.ignoreFileSizeLimitSignal()
        ProcessWideSettings.restoreChildEndSignal()
        // The subcommands are dispatched by their first word rather than declared as swift-argument-parser
        // subcommands of `PRX`: parallelr's flags (`--json FILE` among them) would otherwise claim their flags.
        if let command = arguments.first.flatMap(CommandName.init(rawValue:)) {
            return await run(command, Array(arguments.dropFirst()), registry: registry, arguments: arguments)
        }
        return await run(PRX.self, arguments, parse: {
            try PRX.parsed($0, plugins: registry.descriptors)
        }) { flags in
            try await flags.run(registry: registry, arguments: arguments)
        }
    }

    /// Runs `command` with `operands`, the arguments after its name (`arguments` being them all, for the journal of
    /// a recipe's run), and returns the process exit status.
    private static func run(
        _ command: CommandName, _ operands: [String], registry: PluginRegistry, arguments: [String]
    ) async -> Int32 {
        switch command {
        case .run:
            await run(RunRecipeCommand.self, operands, parse: {
                try RunRecipeCommand.parsed($0, plugins: registry.descriptors)
            }) { recipe in
                try await recipe.run(registry: registry, arguments: arguments)
            }
        case .plugins:
            await run(PluginsCommand.self, operands, parse: parsing(PluginsCommand.self)) { listing in
                print(listing.render(registry))
            }
        case .feedback:
            await run(FeedbackCommand.self, operands, parse: {
                try parsing(FeedbackCommand.self)(FeedbackCommand.argparseSpelling($0))
            }) { feedback in
                try feedback.run()
            }
        case .status:
            await run(StatusCommand.self, operands, parse: parsing(StatusCommand.self)) { status in
                try status.run()
            }
        case .history:
            await run(HistoryCommand.self, operands, parse: parsing(HistoryCommand.self)) { history in
                try history.run()
            }
        }
    }

    /// How `command`'s arguments are read: as flags mode reads its own, refused in prx's words, and shortened for the
    /// parser (``LongOptionSpelling/spelled(_:of:plugins:wordsAfterTerminator:handingOver:)``).
    private static func parsing<Command: ParsableCommand>(_ command: Command.Type) -> ([String]) throws -> Command {
        { try command.parse(LongOptionSpelling.spelled($0, of: command, handingOver: []).arguments) }
    }

    /// Parses `arguments` as `Command` with `parse` and runs `body` with it, turning every outcome into an exit status;
    /// a command that succeeded but whose printed output could not all be written fails (exit status 1).
    private static func run<Command: ParsableCommand>(
        _ type: Command.Type, _ arguments: [String], parse: ([String]) throws -> Command,
        body: (Command) async throws -> Void
    ) async -> Int32 {
        let status = await outcome(type, arguments, parse: parse, body: body)
        return status == 0 ? printedOutputStatus() : status
    }

    /// 0 when everything `print` wrote reached standard output; otherwise 1, with an error line, except for a reader
    /// that went away (`prx history | head -1`), which chose to read no more.
    ///
    /// The corresponding C functions are `fflush` and `ferror` (``csystem_flush_standard_output()``).
    private static func printedOutputStatus() -> Int32 {
        let failure = csystem_flush_standard_output()
        guard failure != 0 else { return 0 }
        if failure == EPIPE { return 1 }
        printError(SinkFileError.standardOutput(writing: "what prx printed", errorNumber: failure).description)
        return 1
    }

    /// Parses `arguments` as `Command` with `parse` and runs `body` with it, turning every outcome into an exit status.
    private static func outcome<Command: ParsableCommand>(
        _ type: Command.Type, _ arguments: [String], parse: ([String]) throws -> Command,
        body: (Command) async throws -> Void
    ) async -> Int32 {
        do {
            let command = try parse(arguments)
            try await body(command)
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let exit as ExitCodeError {
            return exit.status
        } catch let failure as CommandFailure {
            printError(failure.message)
            return failure.exitStatus
        } catch {
            let status = Command.exitCode(for: error)
            if status == .success {
                print(Command.fullMessage(for: error))
                return 0
            }
            // swift-argument-parser's message may run over several lines of its own: one line, each after a `;`;
            // the values it quotes as they were given, their line breaks escaped first.
            let message = escapingValues(of: arguments, in: Command.message(for: error))
                .trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "\n").joined(separator: "; ")
            let name = Command.configuration.commandName ?? InvocationName.command
            printError("\(message.replacingOccurrences(of: "Error: ", with: "")) (see '\(name) --help')")
            return 2
        }
    }

    /// `message` with each of `arguments`, and the value after an `=` in one (`--max=1\n2`), that holds a control
    /// character written as ``printError(_:)`` writes it, where the message quotes it: swift-argument-parser quotes a
    /// value it refuses as given, and its own message's line breaks are turned into `; ` after. So are the parts of an
    /// argument it quotes alone (``partsQuotedAlone(of:)``), where they stand between quotes.
    private static func escapingValues(of arguments: [String], in message: String) -> String {
        var message = message
        for argument in arguments where ControlCharacterEscaping.escaped(argument) != argument {
            let value = argument.firstIndex(of: "=").map { String(argument[argument.index(after: $0)...]) }
            for quoted in [argument] + (value.map { [$0] } ?? []) {
                message = message.replacingOccurrences(of: quoted, with: ControlCharacterEscaping.escaped(quoted))
            }
            // Only between quotes: a part as short as a line break must not take the message's own.
            for part in partsQuotedAlone(of: argument) where ControlCharacterEscaping.escaped(part) != part {
                message = message.replacingOccurrences(
                    of: "'\(part)'", with: "'\(ControlCharacterEscaping.escaped(part))'")
            }
        }
        return message
    }

    /// The parts of `argument` that swift-argument-parser quotes without the rest: a long option's name before an
    /// `=` (`Unknown option '--bo\ngus'` for `--bo\ngus=1`); in a group of short options, each option
    /// (`Unknown option '-\n'` for `-r\n`) and the value attached to one (`The value '1\n2'` for `-m1\n2`).
    private static func partsQuotedAlone(of argument: String) -> [String] {
        if argument.hasPrefix("--") {
            return argument.firstIndex(of: "=").map { [String(argument[..<$0])] } ?? []
        }
        guard argument.hasPrefix("-") else { return [] }
        let letters = argument.dropFirst()
        return letters.indices.flatMap { index in ["-" + String(letters[index]), String(letters[index...])] }
    }

    /// Writes `prx: error: <message>` as one line on standard error, if standard error can be written: closed or
    /// full, it costs the message, not the exit status. The message's control characters are written as escapes
    /// (``ControlCharacterEscaping``), here and nowhere before: a line break in a file's name or a flag's value
    /// (`-T`, a configuration path) split the line in two, an escape sequence acted on the terminal. The line is a line
    /// of its own after a line Lua code left begun there (``StandardErrorLine``).
    static func printError(_ message: String) {
        StandardErrorLine.write("prx: error: \(ControlCharacterEscaping.escaped(message))\n")
    }
}
