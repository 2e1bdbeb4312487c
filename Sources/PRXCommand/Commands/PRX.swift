import ArgumentParser
import Foundation
import PRXKernel
import PRXPlugins

/// `prx` with parallelr's flags: run every task file or arguments line through a command template, N at a time.
public struct PRX: AsyncParsableCommand, ListFillingCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: InvocationName.command,
            abstract: "Run many independent tasks in parallel, with timeouts, logs, a summary and stop limits.",
            discussion: """
                Without -r, prx prints every command it would run and runs nothing (a dry run).

                Placeholders in -C: @TASK@ (absolute path of the task or template file), @ARG@ (first field of an \
                arguments line), @ARG_1@ … @ARG_N@ (field N). The template is split like a POSIX shell would split \
                it, without running a shell: a substituted value is always one argument.

                Logs go to ~/\(InvocationName.ofThisProcess.homeDirectoryName)/logs (or $PRX_HOME/logs, or \
                --log-dir).

                Exit status: 0 all tasks succeeded, 1 a task failed, timed out or was cancelled, a result could not \
                be written, or a dry run printed a task that cannot run ("not runnable"), 2 bad usage or input \
                (before anything runs, or an -A line that cannot be read, over 16 MiB or one the --parser throws for, \
                which stops the run there: that line is ERROR and the rest CANCELLED, which --resume-failed runs \
                again), 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP.

                Other commands:
                \(otherCommands)
                """
        )
    }

    /// The help's list of prx's other commands, each under the name prx was started by (``CommandName/asTyped``),
    /// what it does in a column after the longest.
    private static var otherCommands: String {
        let commands: [(CommandName, String, String)] = [
            (.plugins, "[--json]", "every plugin and its settings"),
            (.history, "[RUN] [--json] [--clear]", "past runs from their journals"),
            (.status, "[RUN]", "runs going on now"),
            (.feedback, "RUN TASK", "a task's [key]value feedback"),
            (.run, "recipe.lua [-r] [-- ARGS]", "a Lua recipe (task graphs, hooks)"),
        ]
        let usages = commands.map { "\($0.0.asTyped) \($0.1)" }
        let width = usages.map(\.count).max() ?? 0
        return zip(usages, commands).map { usage, command in
            "  " + usage + String(repeating: " ", count: width - usage.count + 2) + command.2
        }.joined(separator: "\n")
    }

    /// The letters of the short options below, to split clusters such as `-rm2` before parsing.
    static let shortOptions = ShortOptionClusters(
        flags: ["r", "d", "D", "h"], valued: ["T", "C", "m", "t", "s", "A", "E", "S", "p"], flagsWithArgument: ["k"])

    /// The command `arguments` give, read as ``spelled(_:plugins:)`` reads them, its `-T` paths, `--sink`,
    /// `--stop-policy` and `--set` values filled in after the parser has read the rest (``ListFillingCommand``).
    static func parsed(_ arguments: [String], plugins: [PluginDescriptor] = []) throws -> PRX {
        try parse(spelled(arguments, plugins: plugins))
    }

    static var listsFilledAfterParsing: [String: WritableKeyPath<PRX, [String]>] {
        [
            "TasksDir": \.tasks, "sink": \.sinkNames, "stop-policy": \.stopPolicyNames, "set": \.settings,
        ]
    }

    /// Flags mode's long options, as parallelr's argparse reads them: its own names first, so that a prefix of one
    /// (`--se`, `--separator`) is not made ambiguous by an option prx adds (`--set`).
    static let longOptions = LongOptionSpelling(
        options: LongOptionSpelling.options(of: PRX.self),
        parallelrNames: [
            "TasksDir", "Command", "run", "max", "timeout", "sleep", "file-extension", "arguments-file",
            "env-var", "separator", "project", "debug", "daemon", "enable-stop-limits", "list-workers", "kill",
            "validate-config", "show-config", "check-dependencies", "no-task-output-log", "yes", "help",
        ],
        flagsWithArgument: ["kill"], operands: LongOptionSpelling.Operands())

    /// `arguments` as parallelr's argparse reads them, in the spelling swift-argument-parser takes and shortened for
    /// it (``SpelledArguments``), the values of ``listsFilledAfterParsing`` handed over: short option clusters split
    /// (``ShortOptionClusters``), long option prefixes and values starting with `-` taken (``LongOptionSpelling``),
    /// and a word that is no option, no option's value and not `-k`'s PID refused by name
    /// (``UnexpectedArgumentMessage``), as argparse refuses it, as is an option prx does not have
    /// (``UnknownOptionMessage``, which offers `--set NAME.…` for the name of one of `plugins`).
    static func spelled(_ arguments: [String], plugins: [PluginDescriptor] = []) throws -> SpelledArguments {
        do {
            return try longOptions.spelled(
                shortOptions.split(arguments), command: InvocationName.command, plugins: plugins,
                handingOver: Set(listsFilledAfterParsing.keys))
        } catch let unexpected as LongOptionSpelling.UnexpectedArgument {
            throw CommandFailure(
                message: UnexpectedArgumentMessage.message(
                    for: unexpected, commands: CommandName.allCases.map(\.rawValue)))
        }
    }

    @Option(
        name: [.customShort("T", allowingJoined: true), .customLong("TasksDir")], parsing: .upToNextOption,
        help: ArgumentHelp(
            "Task directories, files or glob patterns (repeatable); with -A, the one template file.",
            valueName: "paths"))
    var tasks: [String] = []

    @Option(
        name: [.customShort("C", allowingJoined: true), .customLong("Command")],
        help: ArgumentHelp("Command template with @TASK@, @ARG@, @ARG_N@ placeholders.", valueName: "command"))
    var command: String?

    @Flag(name: [.customShort("r"), .customLong("run")], help: "Run the tasks (default: dry run, print only).")
    var run = false

    @Option(
        name: [.customShort("m", allowingJoined: true), .customLong("max")], parsing: .unconditional,
        help: ArgumentHelp(
            "Parallel workers, 1–100, or up to the cap of an executor that declares its own (default: 20).",
            valueName: "n"))
    var maxWorkersText: String?

    @Option(
        name: [.customShort("t", allowingJoined: true), .customLong("timeout")], parsing: .unconditional,
        help: ArgumentHelp("Timeout per task in seconds, 1–3600 (default: 600).", valueName: "seconds"))
    var timeoutText: String?

    @Option(
        name: [.customShort("s", allowingJoined: true), .customLong("sleep")], parsing: .unconditional,
        help: ArgumentHelp("Seconds between task starts, 0–60 (default: 0).", valueName: "seconds"))
    var sleepText: String?

    @Option(
        name: .customLong("file-extension"),
        help: ArgumentHelp("Only task files with these extensions, e.g. txt,log (default: all).", valueName: "ext"))
    var fileExtension: String?

    @Option(
        name: [.customShort("A", allowingJoined: true), .customLong("arguments-file")],
        help: ArgumentHelp("One task per line of this file (# comments and blank lines skipped).", valueName: "file"))
    var argumentsFile: String?

    @Option(
        name: [.customShort("E", allowingJoined: true), .customLong("env-var")],
        help: ArgumentHelp(
            "Environment variables to set from each line's fields, e.g. HOSTNAME,PORT.", valueName: "names"))
    var envVars: String?

    @Option(
        name: [.customShort("S", allowingJoined: true), .customLong("separator")],
        help: ArgumentHelp(
            "Field separator of the arguments file: space, whitespace, tab, comma, semicolon, pipe, colon "
                + "(default: whole line).",
            valueName: "name"))
    var separator: String?

    @OptionGroup var output: RunOutputOptions

    @Flag(
        name: .customLong("enable-stop-limits"),
        help: ArgumentHelp(
            "After each failure (not after a success, as in parallelr), halt if it is the 5th in a row, or if over "
                + "50% of the finished tasks, 10 at least, failed."))
    var enableStopLimits = false

    @Flag(
        name: .customLong("feedback"),
        help: ArgumentHelp(
            "Give each task a feedback file for [key]value lines, named in $PRX_FEEDBACK_FILE; "
                + "results keep the last values."))
    var feedback = false

    @Option(
        name: .customLong("heartbeat-timeout"), parsing: .unconditional,
        help: ArgumentHelp(
            "Stop a task (TIMEOUT) that leaves its feedback file unchanged this many seconds; implies --feedback.",
            valueName: "seconds"))
    var heartbeatTimeoutText: String?

    @Flag(
        name: [.customShort("D"), .customLong("daemon")],
        help: "Run in the background, detached from the terminal: print the PID and log files, then exit.")
    var daemon = false

    @Flag(name: .customLong("list-workers"), help: "List the running prx processes and exit.")
    var listWorkers = false

    @Flag(
        name: [.customShort("k"), .customLong("kill")],
        help: "Stop the prx process PID (SIGTERM; SIGKILL 11s later if it still runs), or all after confirmation.")
    var kill = false

    @Argument(help: ArgumentHelp("The PID for -k/--kill, or all (the default).", valueName: "pid"))
    var killTarget: String?

    @Flag(name: .customLong("yes"), help: "Kill every prx process with -k without asking.")
    var yes = false

    @Flag(name: .customLong("validate-config"), help: "Check the configuration files, say which were loaded, and exit.")
    var validateConfig = false

    @Flag(name: .customLong("show-config"), help: "Print the effective configuration, with where each value came from.")
    var showConfig = false

    @Flag(name: .customLong("check-dependencies"), help: "Say which optional parts prx finds, and exit.")
    var checkDependencies = false

    @Option(
        name: [.customShort("p", allowingJoined: true), .customLong("project")],
        help: ArgumentHelp("ptasker mode: the TASKER project (default: parallelr_<6 hex digits>).", valueName: "name"))
    var project: String?

    @Option(
        name: .customLong("resume"),
        help: ArgumentHelp(
            "Run a past run (see '\(CommandName.history.asTyped)') again, leaving out the tasks that succeeded in it.",
            valueName: "run"))
    var resumeRun: String?

    @Option(
        name: .customLong("resume-failed"),
        help: ArgumentHelp(
            "Run again only the tasks of a past run that failed, timed out, could not start or never finished.",
            valueName: "run"))
    var resumeFailedRun: String?

    @Option(
        name: .customLong("source"),
        help: ArgumentHelp(
            "Take tasks from this source plugin, set with --set, instead of -T/-A "
                + "(see '\(CommandName.plugins.asTyped)').",
            valueName: "name"))
    var sourceName: String?

    @Option(
        name: .customLong("executor"),
        help: ArgumentHelp("Run tasks with this executor plugin (default: local).", valueName: "name"))
    var executorName: String?

    @Option(
        name: .customLong("sink"),
        help: ArgumentHelp("Also send the run's events to this sink plugin (repeatable).", valueName: "name"))
    var sinkNames: [String] = []

    @Option(
        name: .customLong("stop-policy"),
        help: ArgumentHelp(
            "Halt the run by this stop policy plugin (--enable-stop-limits adds stop-limits), or by a Lua file "
                + "(NAME.lua, or a path with a /) returning a stop_when function; repeatable: the first policy to "
                + "halt decides.",
            valueName: "name"))
    var stopPolicyNames: [String] = []

    @Option(
        name: .customLong("parser"),
        help: ArgumentHelp(
            "Split each arguments line with the function this Lua file returns (fields, or nil to skip the line).",
            valueName: "file"))
    var parserFile: String?

    @Option(
        name: .customLong("hook"),
        help: ArgumentHelp(
            "Call the hooks of the table this Lua file returns: "
                + "{ on_start = fn, on_placed = fn, on_finish = fn, on_done = fn }.",
            valueName: "file"))
    var hookFile: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Set a plugin setting, e.g. csv.path=out.csv (repeatable).", valueName: "name.key=value"))
    var settings: [String] = []

    public init() {}

    /// Checks the flags that depend on each other or have ranges, for prx running under the name `invocation`
    /// (ptasker mode builds the command `-C` would give), with the plugins of `registry` (the executor's cap on
    /// workers bounds `-m`).
    ///
    /// Not `validate()`: swift-argument-parser validates every command on the way to a subcommand, and
    /// `prx plugins` needs none of these flags.
    func checkUsage(invokedAs invocation: InvocationName, registry: PluginRegistry) throws {
        // Each was read as the file named '', and refused as `cannot open : No such file or directory`; a value every
        // run refuses, which `--validate-config` passed.
        for (file, flag) in [(parserFile, "--parser"), (hookFile, "--hook")] where file?.isEmpty == true {
            throw ValidationError("\(flag) must name a Lua file")
        }
        if checksAndExits {
            // A resumption runs before the configuration is read: the report would never be made.
            if resumeRun != nil || resumeFailedRun != nil {
                let flag = resumeRun != nil ? "--resume" : "--resume-failed"
                throw ValidationError(
                    "--validate-config, --show-config and --check-dependencies are not taken with \(flag)")
            }
        }
        try output.checkPaths()
        if checksAndExits {
            // What every run refuses of these flags, before any task starts, the checks refuse in the same words: each
            // passed `-A args.txt -C x --set args-file.command=y` and `-A a -T t1 -T t2`.
            try checkCommandLine(registry: registry)
            return
        }
        if daemon && !run && resumeRun == nil && resumeFailedRun == nil {
            throw ValidationError("-D/--daemon needs -r/--run")
        }
        if resumeRun != nil || resumeFailedRun != nil {
            guard resumeRun == nil || resumeFailedRun == nil else {
                throw ValidationError("--resume and --resume-failed exclude each other")
            }
            _ = try resumeRun.map { runID throws(CommandFailure) in
                try RunIDArgument.checked(runID, argument: "--resume")
            }
            _ = try resumeFailedRun.map { runID throws(CommandFailure) in
                try RunIDArgument.checked(runID, argument: "--resume-failed")
            }
            if let flag = runShapingFlags.first {
                throw ValidationError(
                    "\(flag) is not taken with --resume and --resume-failed, which run RUN again with its own flags")
            }
            return
        }
        try checkCommandLine(registry: registry, needsSource: true, invokedAs: invocation)
    }

    /// Checks the flags as every run does, `--validate-config` and `--show-config` too: their plugins' flags, the
    /// paths and the command `-T` and `-A` give, the ranges; with `needsSource` (a run), that a source is chosen.
    private func checkCommandLine(
        registry: PluginRegistry, needsSource: Bool = false, invokedAs invocation: InvocationName = .ofThisProcess
    ) throws {
        try checkSourceFlags(registry: registry)
        try checkStopPolicyFlags(registry: registry)
        try checkSinkFlags(registry: registry)
        if tasks.contains(where: \.isEmpty) {
            throw ValidationError("-T/--TasksDir takes paths, and one given is empty")
        }
        if argumentsFile?.isEmpty == true {
            throw ValidationError("-A/--arguments-file takes a file, and the one given is empty")
        }
        if needsSource && tasks.isEmpty && argumentsFile == nil && sourceName == nil {
            throw missingSourceRefusal(invokedAs: invocation, registry: registry)
        }
        try refuseSetsOfFlagSettings()
        // Empty as the template is split (by code point, at a space, tab, line feed or carriage return), not by Swift's
        // characters: a space and a combining mark after it are one Character, which is whitespace, and the template
        // one word, the mark.
        if let command, (try? ShellWords.split(command))?.isEmpty == true {
            throw ValidationError("-C/--Command must not be empty")
        }
        if argumentsFile != nil && tasks.count > 1 {
            throw ValidationError("-T/--TasksDir with -A/--arguments-file must be a single template file")
        }
        try checkConfigurationFlagRanges(registry: registry)
        if parserFile != nil && (argumentsFile == nil || separator != nil || sourceName != nil) {
            throw ValidationError("--parser needs -A/--arguments-file, and replaces -S/--separator and --source")
        }
    }

    /// Checks the numbers and the ranges of the flags that set configuration keys and plugin settings (`-m`, `-t`,
    /// `-s`, `--heartbeat-timeout`): a run refuses a value out of them, and so do `--validate-config` and
    /// `--show-config`, which show the configuration a run would have. The numbers are read as parallelr reads them
    /// (``PythonNumberText``); `-m` goes up to 100, or to the cap of the executor `--executor` names, when it declares
    /// one (``ExecutorLimits/maxAllowedWorkers``).
    private func checkConfigurationFlagRanges(registry: PluginRegistry) throws {
        let mostWorkers = registry.executorLimits(of: executorName ?? BuiltinPlugins.local.name).maxAllowedWorkers
            ?? ExecutorLimits.parallelrMaxWorkers
        try PythonNumberText.checkWholeNumber(maxWorkersText, of: "-m/--max", within: 1...mostWorkers)
        try PythonNumberText.checkWholeNumber(timeoutText, of: "-t/--timeout", within: 1...3600, unit: " seconds")
        if let sleep = try PythonNumberText.decimalNumber(sleepText, of: "-s/--sleep"), !(0...60).contains(sleep) {
            throw ValidationError("-s/--sleep must be between 0 and 60 seconds (got \(Self.shown(sleepText)))")
        }
        if let heartbeat = try PythonNumberText.decimalNumber(heartbeatTimeoutText, of: "--heartbeat-timeout"),
            !(heartbeat > 0 && heartbeat <= Duration.longestSeconds)
        {
            throw ValidationError(
                "--heartbeat-timeout must be above 0 and at most 1e9 seconds (got \(Self.shown(heartbeatTimeoutText)))")
        }
    }

    /// A number flag's value as a range's refusal quotes it.
    private static func shown(_ text: String?) -> String {
        PythonNumberText.trimmed(text ?? "")
    }

    /// Whether prx is asked for a check of its own (`--validate-config`, `--show-config`, `--check-dependencies`),
    /// which it prints and exits: in the foreground whatever `-D` and `-r` say, as `--list-workers` and `-k` are, and
    /// as parallelr makes them before it would detach. A daemon made them with its output on `/dev/null`, and the user
    /// was told that the daemon had ended before its run began, exit 1.
    var checksAndExits: Bool { validateConfig || showConfig || checkDependencies }

    /// `-m`'s number, read as parallelr reads it (``PythonNumberText/integer(_:)``); `nil` when not given, or not a
    /// number, which ``checkUsage(invokedAs:registry:)`` refuses before it is used.
    var maxWorkers: Int? { maxWorkersText.flatMap(PythonNumberText.integer) }

    /// `-t`'s number, as ``maxWorkers`` is read.
    var timeout: Int? { timeoutText.flatMap(PythonNumberText.integer) }

    /// `-s`'s number, read as parallelr reads it (``PythonNumberText/decimal(_:)``), as ``maxWorkers`` is.
    var sleep: Double? { sleepText.flatMap(PythonNumberText.decimal) }

    /// `--heartbeat-timeout`'s number, as ``sleep`` is read.
    var heartbeatTimeout: Double? { heartbeatTimeoutText.flatMap(PythonNumberText.decimal) }

    /// The flags given that shape a run (its tasks, command, limits, files and plugins), by their names: a
    /// resumption takes them from the run it resumes, and would leave these unused, as `--list-workers` and `-k` do
    /// (``processManagementWarning``).
    var runShapingFlags: [String] {
        let given: [(Bool, String)] = [
            (!tasks.isEmpty, "-T/--TasksDir"), (command != nil, "-C/--Command"), (maxWorkersText != nil, "-m/--max"),
            (timeoutText != nil, "-t/--timeout"), (sleepText != nil, "-s/--sleep"),
            (fileExtension != nil, "--file-extension"), (argumentsFile != nil, "-A/--arguments-file"),
            (envVars != nil, "-E/--env-var"), (separator != nil, "-S/--separator"),
            (enableStopLimits, "--enable-stop-limits"), (feedback, "--feedback"),
            (heartbeatTimeoutText != nil, "--heartbeat-timeout"), (project != nil, "-p/--project"),
            (sourceName != nil, "--source"), (executorName != nil, "--executor"), (!sinkNames.isEmpty, "--sink"),
            (!stopPolicyNames.isEmpty, "--stop-policy"), (parserFile != nil, "--parser"), (hookFile != nil, "--hook"),
            (!settings.isEmpty, "--set"), (output.debug, "-d/--debug"),
            (output.noTaskOutputLog, "--no-task-output-log"), (output.logDir != nil, "--log-dir"),
            (output.jsonFile != nil, "--json"), (output.sync, "--sync"),
        ]
        return given.filter(\.0).map(\.1)
    }

    public func run() async throws {
        try await run(registry: .builtin, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Runs with the plugins of `registry`.
    func run(registry: PluginRegistry, arguments: [String]) async throws {
        let stage = DaemonStage.claim()
        // A resumption detaches, and keeps standard input, as the run it takes up did.
        let resumed = resumedRun
        let readsStandardInput = resumed.map(\.readsStandardInput)
            ?? argumentsFile.map(DaemonLauncher.isStandardInput) ?? false
        if stage == .sessionLeader {
            try DaemonLauncher(keepsStandardInput: readsStandardInput).spawnDaemon()
            return
        }
        if stage == .daemon {
            DaemonProcess.noteThisProcessIsOne(keepingStandardInput: readsStandardInput)
            DaemonStarted.tellLauncher()
        }
        // It was taken, and did nothing, without a word (a run, --list-workers, --validate-config), where
        // `prx history` refuses it without --clear; a plain `prx --yes` was told that -T or -A was missing.
        if yes && !kill {
            throw ValidationError("--yes is only taken with -k/--kill, which it answers")
        }
        // Each was done and the resumption dropped without a word, where --validate-config refuses it.
        if listWorkers || kill, resumeRun != nil || resumeFailedRun != nil {
            let flag = resumeRun != nil ? "--resume" : "--resume-failed"
            throw ValidationError("\(listWorkers ? "--list-workers" : "-k/--kill") is not taken with \(flag)")
        }
        if listWorkers {
            if let warning = processManagementWarning { WarningChannel().warn(warning) }
            print(WorkerTable.render(try RunRegistry(home: PRXHome()).liveEntries()), terminator: "")
            return
        }
        if kill {
            let killer = RunKiller(registry: RunRegistry(home: PRXHome()))
            // A PID refused is the one line a usage error is, with no warning before it.
            let pid = try killTarget.flatMap { target -> Int32? in
                guard target != "all" else { return nil }
                guard let pid = Int32(target), pid > 0 else {
                    throw ValidationError("-k/--kill takes a PID or all (got '\(target)')")
                }
                return pid
            }
            if let warning = processManagementWarning { WarningChannel().warn(warning) }
            if let pid {
                print(killer.line(pid: pid, try killer.stop(pid: pid)), terminator: "")
            } else {
                print(try killer.stopAll(confirm: Confirmation(assumeYes: yes).confirmKillingAll), terminator: "")
            }
            return
        }
        try checkUsage(invokedAs: .ofThisProcess, registry: registry)
        if daemon || resumed?.flags.daemon == true, stage == nil, !checksAndExits {
            if readsStandardInput && FileDescriptor.standardInput.isTerminal {
                let path = (resumed?.flags ?? self).argumentsFile ?? ""
                throw ValidationError(
                    "-A \(path) reads the terminal, which a daemon (-D) leaves: pipe the lines in or name a file")
            }
            try (resumed?.flags ?? self).refuseDescriptorsADaemonLacks(keepingStandardInput: readsStandardInput)
            var launcher = DaemonLauncher(keepsStandardInput: readsStandardInput)
            // A ptasker daemon's project is made up here, to be named to the user: the daemon's output is gone. It
            // is handed over in the environment, not as -p, so that the daemon's log names it as made up too.
            var generated: String?
            if InvocationName.ofThisProcess.isPtasker && command == nil && PTaskerMode.given(project) == nil
                && resumeRun == nil && resumeFailedRun == nil
            {
                let made = PTaskerMode.generatedProject()
                launcher.environment.set(PTaskerMode.madeUpProjectVariable, to: made)
                generated = made
            }
            try SignalTrap.install()
            let report = try launcher.launch(signals: DaemonLaunchSignals()) {
                try? FileDescriptor.standardError.writeAll(Array($0.utf8))
            }
            report.announce(after: generated.map { ["Auto-generated project: \($0)"] } ?? [])
            return
        }
        let launcher = stage == .daemon ? DaemonStage.claimLauncher() : nil
        try await FlagsRun(
            options: self, registry: registry, arguments: arguments, isDaemon: stage == .daemon,
            daemonLauncher: launcher
        ).execute()
    }
}
