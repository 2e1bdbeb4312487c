import Foundation
import PRXPlugins

/// The effective configuration of a run, where each value came from, and what was wrong on the way.
struct LoadedConfiguration: Sendable, Equatable {
    /// The values to use.
    var effective = PRXConfiguration()
    /// The source of each value, by key path: `limits.max_workers` for a section key,
    /// `plugins.NAME.KEY` for a plugin setting. Every key of ``ConfigurationKey/all`` is present.
    var sources: [String: ConfigurationSource] = Dictionary(
        uniqueKeysWithValues: ConfigurationKey.all.map { ($0.path, .defaultValue) })
    /// Where each file's `plugins:` section names a plugin whose settings it gave, by plugin: its `NAME:` line, one a
    /// file, in the files' order (the script's, then the user's), which an error of the plugin about no one of its
    /// values is named at (``entriesInFiles(ofPlugin:)``).
    var pluginEntries: [String: [ConfigurationSource]] = [:]
    /// The values ``enforceCaps()`` held to a `max_allowed_*` cap, by the path of the value (a key's, or a
    /// `plugins.NAME.KEY`), defaults among them: `--show-config` names both the value asked for and the cap.
    var heldToCaps: [String: HeldValue] = [:]
    /// The whole numbers above 64 bits that the files give capped keys (`max_workers: 99999999999999999999`), as
    /// written, by key path: such a key holds its largest number until ``enforceCaps()`` holds it to its cap, and the
    /// warning quotes the number the file gave, as it quotes any value above a cap.
    var askedAbove64Bits: [String: String] = [:]
    /// Problems that did not stop prx, one line each, naming file and line (or flag); for the warning channel.
    var warnings: [String] = []
    /// Those of ``warnings`` that are entries of a file prx could not take or ignores (an unknown key, a value out of
    /// range, a script-only key in the user file), which `--validate-config` reports as failures.
    var rejections: [String] = []
    /// The files read.
    var files = ConfigurationFiles()
    /// The plugin settings the command line's `--set`s give, as `NAME.KEY` (``FlagOverrides/pluginSettings``): the
    /// files' values of these are replaced, and so neither capped nor warned about.
    var pluginSettingsGivenByFlags: Set<String> = []
    /// The parallelr keys that stand for a setting of a built-in plugin (``pluginKeys``) that the plugin registered
    /// under its name does not declare, a plugin of the user's having replaced the built-in (`local` with no
    /// `use_process_groups`): the plugin is not given them (``pluginSettings(for:)``).
    var keysNoPluginTakes: Set<String> = []

    /// The script configuration file, if one was found.
    var scriptFile: ConfigurationFile? { files.script }

    /// The user configuration file, if one was found.
    var userFile: ConfigurationFile? { files.user }

    /// Which files were read, one line each, as `--show-config` and a run's main log say it:
    /// `Script config: /opt/prx/cfg/parallelr.yaml (fallback from ptasker.yaml)`,
    /// `User config: Not found (using defaults)`.
    var fileLines: [String] {
        [
            "Script config: \(scriptFile?.description ?? files.scriptNotFound)",
            "User config: \(files.userDescription ?? files.userNotFound)",
        ]
    }

    /// The configuration files read, from `/`, each named as the run's errors name it: files the run reads, which no
    /// result file may be (``ResultFileClaims``), so that `--json ~/prx/cfg/prx.yaml` does not empty the user's
    /// configuration. A user file that is the script file is named once, as the script configuration.
    var inputFiles: [ResultFileClaims.InputFile] {
        let base = FileManager.default.currentDirectoryPath
        let read = [
            ("the script configuration", scriptFile), ("the user configuration", files.userIsScript ? nil : userFile),
        ]
        return read.compactMap { name, file in
            file.map { (SourceFileSystem.absolutePath($0.path, base: base), .init(name: name), .reads) }
        }
    }

    /// Warns that a file's entry was not taken.
    mutating func reject(_ message: String) {
        warnings.append(message)
        rejections.append(message)
    }

    /// The source of the value at `path`; ``ConfigurationSource/defaultValue`` for one nothing set.
    func source(of path: String) -> ConfigurationSource {
        sources[path] ?? .defaultValue
    }
}
