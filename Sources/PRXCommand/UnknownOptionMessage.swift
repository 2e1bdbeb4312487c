import PRXPlugins

/// The one line that refuses an option the command does not have (``LongOptionSpelling/UnknownOption``), naming it,
/// and its likely fix when one can be told:
/// - the name of a plugin (`--csv x`): its settings are given with `--set`, `--set csv.path=x` for one that writes a
///   file (it has a `path` setting), as there is no option for each;
/// - `--version` or `-V`, which prx has not, as parallelr has not: it says so;
/// - a misspelt option (`--timout`, `-run`, `-c`): `did you mean --timeout?`, and one typed with a dash that only looks
///   like `-` (`—run`, ``DashLookAlike``), saying which: `did you mean --run? (it starts with '—', U+2014, not '-')`;
/// - flags mode's `-D/--daemon`, given to a command that has none (`prx run r.lua -D`, `prx history -D`): only a run
///   of flags mode becomes a daemon, which `prx run`'s line says of a recipe's run too. It was offered `-d`, the debug
///   flag, which parallelr's README warns not to take for it.
/// - another of flags mode's options, given to `prx run` (`prx run r.lua -t 5`): where a recipe gives that setting, or
///   the flags-mode command line that takes it (``FlagsModeOptionInRecipeRun``). It was told only to see `prx run
///   --help`, which does not say.
///
/// It used to be swift-argument-parser's, which named the word after the option (`--csv x`: "unexpected argument
/// 'x'") or offered an option no nearer than any other short name (`--csv=x`: "Did you mean '--run'?").
enum UnknownOptionMessage {
    /// The line for `option`, without `prx: error: `; `command` is the command as typed (`prx`, `prx run`), whose help
    /// the line points to when it has no fix to offer, and `plugins` those the command can be given settings of.
    static func message(
        for option: LongOptionSpelling.UnknownOption, command: String, plugins: [PluginDescriptor]
    ) -> String {
        let refusal = "unknown option '\(option.name)'"
        let name = option.name.drop { $0 == "-" }
        if let plugin = plugins.first(where: { $0.name == name.lowercased() }) {
            guard plugin.settings.contains(where: { $0.name == "path" }), let value = option.value else {
                return "\(refusal): the \(plugin.name) plugin's settings are given with --set \(plugin.name).KEY=VALUE "
                    + "('\(CommandName.plugins.asTyped)' lists them)"
            }
            return "\(refusal): did you mean --set \(ShellWords.quote("\(plugin.name).path=\(value)"))?"
        }
        let isRecipeRun = command == RunRecipeCommand.configuration.commandName
        if option.name == "-D" || (option.name.count > 3 && "--daemon".hasPrefix(option.name)) {
            let recipe = isRecipeRun ? "; a recipe's run cannot be a daemon" : ""
            let debug = option.closest == "-d" ? " (-d is --debug)" : ""
            return "\(refusal): -D/--daemon detaches a run of flags mode (\(InvocationName.command) … -r -D)"
                + recipe + debug
        }
        // Neither prx nor parallelr has one: it was refused as a misspelling would be, pointing to a help without it.
        if option.name == "--version" || option.name == "-V" {
            return "\(refusal): \(InvocationName.command) has no version option"
        }
        if isRecipeRun, let hint = FlagsModeOptionInRecipeRun.hint(for: option.name) {
            return "\(refusal): \(hint)"
        }
        if let closest = option.closest {
            let lookAlike = DashLookAlike.named(in: option.name).map { " (it starts with \($0))" } ?? ""
            return "\(refusal): did you mean \(closest)?\(lookAlike)"
        }
        return "\(refusal) (see '\(command) --help')"
    }
}
