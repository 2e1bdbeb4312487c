import ArgumentParser
import PRXPlugins

extension PRX {
    /// What the built-in sinks a run may have without `--sink` write, by name, as a refusal names them.
    private static let builtInSinkFiles = [
        "log": "the main log", "csv": "the CSV summary", "output": "the task output file",
        "json": "the JSON Lines file",
    ]

    /// Refuses a `--sink` that would add nothing, which was taken without a word: a sink the run has without it (the
    /// log, the CSV summary, the task output file, and JSON with `--json`), one that `--no-task-output-log` turns off
    /// (the output file was written all the same, the summary saying `disable with --no-task-output-log`), and a
    /// name given twice, as a run has one sink of each name (a recipe's `prx.sink` makes a second file of a kind). A
    /// sink that `registry` does not have is refused first, as the run refuses it, by a run and `--validate-config`
    /// alike: `--sink bogus --sink bogus` was refused as given twice, and `--validate-config` passed `--sink bogus`.
    func checkSinkFlags(registry: PluginRegistry) throws {
        for name in sinkNames {
            try registry.refuseUnknown(.sink, named: name)
        }
        var given: Set<String> = []
        for name in sinkNames {
            guard given.insert(name).inserted else {
                throw ValidationError(
                    "--sink \(name) is given twice, and a run has one sink of each name: give it once")
            }
            if name == "output" && output.noTaskOutputLog {
                throw ValidationError(
                    "--sink output and --no-task-output-log exclude each other: one writes the task output file, "
                        + "the other turns it off")
            }
            guard output.defaultSinks.contains(where: { $0.name == name }), let file = Self.builtInSinkFiles[name]
            else { continue }
            let why = name == "json"
                ? "--json \(ShellWords.quote(output.jsonFile ?? "")) writes \(file) already"
                : "every run writes \(file)" + (name == "output" ? " unless --no-task-output-log turns it off" : "")
            throw ValidationError(
                "--sink \(name) adds nothing: \(why) (give it settings with --set \(name).KEY=VALUE)")
        }
    }
}
