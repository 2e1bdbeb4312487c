import ArgumentParser
import PRXPlugins

extension RunPlan {
    /// Refuses a source that parallelr's flags chose (`-T`, `-A`) with no command: neither `-C` nor a `--set` or the
    /// configuration's `plugins:` gave one. A run and `--validate-config` refuse it before anything is made.
    ///
    /// - Throws: `ValidationError` `-C/--Command is required`.
    func refuseSourceWithoutCommand() throws {
        if let source, source.chosenByFlags, source.settings["command"] == nil {
            throw ValidationError("-C/--Command is required")
        }
    }

    /// Refuses, for `--validate-config`, a setting that the source, executor, stop policies or sinks of the run need
    /// and nothing gives, as making them at the run's start refuses it and in the same words, without making them:
    /// `sink 'json' needs the setting json.path (--set json.path=… or a configuration file)` for `--sink json`.
    ///
    /// - Throws: ``CommandFailure`` with the run's message, exit status 2.
    func refuseMissingSettings(registry: PluginRegistry) throws(CommandFailure) {
        let made: [(Selection, PluginKind)] = (source.map { [($0, .source)] } ?? []) + [(executor, .executor)]
            + stopPolicies.map { ($0, .stopPolicy) } + sinks.map { ($0, .sink) }
        for (selection, kind) in made {
            _ = try built(making: selection, kind, with: registry) {
                try registry.checkedSettings(kind, named: selection.name, selection.settings)
            }
        }
    }
}
