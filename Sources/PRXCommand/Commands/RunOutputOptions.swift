import ArgumentParser
import PRXPlugins

/// The flags that say where a run's files go and which are written, shared by flags mode and `prx run`.
struct RunOutputOptions: ParsableArguments {
    @Flag(name: [.customShort("d"), .customLong("debug")], help: "Log at DEBUG level.")
    var debug = false

    @Flag(name: .customLong("no-task-output-log"), help: "Do not write the per-task output file.")
    var noTaskOutputLog = false

    @Option(
        name: .customLong("log-dir"),
        help: ArgumentHelp(
            "Directory for the log, summary and output files (default: "
                + "~/\(InvocationName.ofThisProcess.homeDirectoryName)/logs, or $PRX_HOME/logs with PRX_HOME set).",
            valueName: "dir"))
    var logDir: String?

    @Option(
        name: .customLong("json"),
        help: ArgumentHelp(
            "Also write every result and the run summary as JSON Lines to this file.", valueName: "file"))
    var jsonFile: String?

    @Flag(
        name: .customLong("sync"),
        help: ArgumentHelp(
            "Flush each result to the disk (fdatasync) in the CSV summary, the --json file and the journal, so "
                + "that a machine crash loses none; slower."))
    var sync = false

    /// Checks the paths: an empty one would put the logs in `/` (`--log-dir ''`) or name no file at all.
    func checkPaths() throws {
        if logDir?.isEmpty == true {
            throw ValidationError("--log-dir must name a directory")
        }
        if jsonFile?.isEmpty == true {
            throw ValidationError("--json must name a file")
        }
    }

    /// The sinks' settings these flags give: `--sync`'s `csv.sync=true` (and `json.sync=true` with `--json`, whose
    /// file is synced as the CSV is, before the journal: beside its own, so a `--set json.sync` is taken),
    /// `--json FILE`'s `json.path=FILE`.
    var pluginSettings: [FlagPluginSetting] {
        var settings: [FlagPluginSetting] = []
        if sync {
            settings.append(FlagPluginSetting(
                plugin: "csv", key: "sync", value: "true", flag: "--sync",
                meaning: "whether the CSV summary is synced to the disk"))
        }
        if sync && jsonFile != nil {
            settings.append(FlagPluginSetting(plugin: "json", key: "sync", value: "true", flag: "--sync"))
        }
        if let jsonFile {
            settings.append(FlagPluginSetting(
                plugin: "json", key: "path", value: .text(jsonFile), flag: "--json", meaning: "the JSON file"))
        }
        return settings
    }

    /// The sinks' settings these flags give through a parallelr key, which a `--set` of the setting would replace
    /// without a word (``FlagPluginSetting/refuseSets(of:in:spelling:)``): `-d`'s `log.level=DEBUG`, which reaches
    /// the log as the configuration's `logging.level` (``defaultSinks``), so that `--show-config` shows it there.
    var settingsGivenThroughKeys: [FlagPluginSetting] {
        guard debug else { return [] }
        return [
            FlagPluginSetting(
                plugin: BuiltinPlugins.log.name, key: "level", value: "DEBUG", flag: "-d/--debug",
                meaning: "the log level")
        ]
    }

    /// The sinks every run writes: the log, the CSV summary, the task output unless turned off, JSON with `--json`,
    /// with the settings these flags give them (``pluginSettings``). (`-d` reaches the log through the
    /// configuration's `logging.level`.)
    var defaultSinks: [RunPlan.Selection] {
        func selection(_ name: String) -> RunPlan.Selection {
            let given = pluginSettings.filter { $0.plugin == name }
            return RunPlan.Selection(
                name: name, settings: Dictionary(uniqueKeysWithValues: given.map { ($0.key, $0.value) }),
                givenByFlags: Dictionary(uniqueKeysWithValues: given.map { ($0.key, $0.flag) }))
        }
        var sinks = [selection("log"), selection("csv")]
        if !noTaskOutputLog { sinks.append(selection("output")) }
        if jsonFile != nil { sinks.append(selection("json")) }
        return sinks
    }
}
