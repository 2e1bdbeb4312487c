import ArgumentParser
import PRXPlugins

/// `prx run recipe.lua`: run the task graph a Lua recipe declares.
///
/// ``CommandLineEntry`` parses it and calls ``run(registry:arguments:)`` with the registry prx runs with;
/// swift-argument-parser never runs it (its `run()` is the library's default).
struct RunRecipeCommand: ListFillingCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandName.run.asTyped,
            abstract: "Run the task graph of a Lua recipe.",
            discussion: """
                Without -r, prx prints the tasks in start order with their dependencies and runs nothing (a dry run).
                The recipe file runs once, when it is loaded; arguments after -- are prx.args. See docs/RECIPES.md.

                Exit status: 0 all tasks succeeded, 1 a task did not (or a dry run printed one that cannot run), \
                2 a bad recipe or usage (nothing ran) or input that cannot be read as the run goes (an args-file \
                source's line over 16 MiB: the run stops there, running tasks finish, the line is an error, the rest \
                are cancelled), 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP; an integer returned by on_done \
                replaces 0 and 1, not 2 or a signal's status, but a result that could not be written (a full disk) \
                makes a 0 a 1, as an error in on_done under on_error = "halt" does.
                """)
    }

    /// The letters of the short options below, to split clusters such as `-rm2` before parsing.
    static let shortOptions = ShortOptionClusters(flags: ["r", "d", "h"], valued: ["m"])

    /// The command `arguments` give, read as ``spelled(_:plugins:)`` reads them, its `--set` values and the
    /// arguments for the recipe filled in after the parser has read the rest (``ListFillingCommand``).
    static func parsed(_ arguments: [String], plugins: [PluginDescriptor] = []) throws -> Self {
        try parse(spelled(arguments, plugins: plugins))
    }

    static var listsFilledAfterParsing: [String: WritableKeyPath<Self, [String]>] {
        [
            "set": \.settings, "--": \.arguments,
        ]
    }

    /// `arguments` read as flags mode reads its own, shortened for swift-argument-parser (``SpelledArguments``), the
    /// values of ``listsFilledAfterParsing`` handed over: short option clusters split (``shortOptions``), a unique
    /// prefix of a long option taken for it (`--ma 4` is `--max 4`) and values starting with `-` taken
    /// (``LongOptionSpelling``). No option is read first, as parallelr's are in flags mode: `run` is not
    /// parallelr's command line, so a prefix two options share is an error naming them (`--d`: `--debug`,
    /// `--dry-run`). An option `run` does not have is refused by name (``UnknownOptionMessage``, which offers
    /// `--set NAME.…` for the name of one of `plugins`), and a word after the recipe that is not behind `--` with the
    /// command line that puts it there
    /// (``LongOptionSpelling/spelled(_:of:plugins:wordsAfterTerminator:handingOver:)``).
    static func spelled(_ arguments: [String], plugins: [PluginDescriptor] = []) throws -> SpelledArguments {
        try LongOptionSpelling.spelled(
            shortOptions.split(arguments), of: Self.self, plugins: plugins,
            wordsAfterTerminator: "arguments for the recipe", handingOver: Set(listsFilledAfterParsing.keys))
    }

    @Argument(help: ArgumentHelp("The recipe file; - reads it from standard input.", valueName: "recipe.lua"))
    var recipe: String

    @Flag(name: [.customShort("r"), .customLong("run")], help: "Run the tasks (default: dry run, print only).")
    var run = false

    @Flag(name: .customLong("dry-run"), help: "Print the tasks and run nothing (the default; overrides -r).")
    var dryRun = false

    @Option(
        name: [.customShort("m", allowingJoined: true), .customLong("max")],
        help: ArgumentHelp(
            "Parallel workers, 1–100, or up to the cap of an executor that declares its own "
                + "(default: prx.config's workers, else 20).",
            valueName: "n"))
    var maxWorkersText: String?

    @OptionGroup var output: RunOutputOptions

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set a plugin setting over the recipe's, e.g. csv.path=out.csv (repeatable).", valueName: "name.key=value"))
    var settings: [String] = []

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp("Arguments for the recipe, after --: prx.args.", valueName: "args"))
    var arguments: [String] = []

    func validate() throws {
        try output.checkPaths()
    }

    /// `-m`'s number, read as flags mode reads it (``PythonNumberText/integer(_:)``); `nil` when not given, or not a
    /// number, which ``run(registry:arguments:)`` refuses before the recipe loads.
    var maxWorkers: Int? { maxWorkersText.flatMap(PythonNumberText.integer) }

    /// Runs with the plugins of `registry`; `arguments` (prx's own, `run` included) go into the run's journal.
    /// `--json` or `--sync` beside a `--set` of the setting it gives is refused first, as flags mode refuses it: the
    /// `--set` replaced the flag without a word (`--json a.jsonl --set json.path=b.jsonl` wrote b.jsonl alone). The
    /// `--set`s are filled in after parsing (``listsFilledAfterParsing``), so `validate()` cannot see them.
    func run(registry: PluginRegistry, arguments: [String]) async throws {
        try FlagPluginSetting.refuseSets(
            of: output.pluginSettings + output.settingsGivenThroughKeys, in: settings)
        // Before the recipe loads, up to the most workers any executor allows: 100 but for an executor that declares
        // more, whose recipe the run holds to its own cap once the recipe has chosen it.
        try checkMaxWorkers(within: registry.mostAllowedWorkers)
        try await RecipeRun(options: self, registry: registry, arguments: arguments).execute()
    }

    /// Refuses `-m` when it is no whole number, or one outside 1…`mostWorkers`, in flags mode's words.
    func checkMaxWorkers(within mostWorkers: Int) throws {
        try PythonNumberText.checkWholeNumber(maxWorkersText, of: "-m/--max", within: 1...mostWorkers)
    }
}
