import Foundation
import PRXPlugins
import Testing

@testable import PRXCommand

@Suite struct ConfigurationPluginsSectionTests {
    @Test func pluginsSectionIsReadIntoNameKeyValue() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            script: "plugins:\n  csv:\n    path: /data/summary.csv\n  log:\n    level: WARNING\n    backup_count: 2\n",
            user: "plugins:\n  log:\n    backup_count: \"9\"\n  stop-limits:\n    max_failure_rate: 0.2\n")
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.effective.plugins == [
            "csv": ["path": "/data/summary.csv"],
            "log": ["level": "WARNING", "backup_count": "9"],
            "stop-limits": ["max_failure_rate": "0.2"],
        ])
        #expect(loaded.source(of: "plugins.log.level") == .scriptFile(path: fixture.scriptPath, line: 5))
        #expect(loaded.source(of: "plugins.log.backup_count") == .userFile(path: fixture.userPath, line: 3))
    }

    @Test func wrongPluginEntriesWarnWithFileAndLine() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: """
            plugins:
              lgo:
                level: DEBUG
              log:
                levle: DEBUG
                backup_count: many
                path: [a, b]
              csv: out.csv
            """)
        #expect(loaded.effective.plugins.isEmpty)
        #expect(loaded.warnings == [
            "\(fixture.userPath):2: unknown plugin 'lgo' in plugins (see '\(CommandName.plugins.asTyped)'); ignored",
            "\(fixture.userPath):5: plugins.log.levle: unknown setting 'levle' for sink 'log' (valid: backup_count, "
                + "format, level, max_log_size_mb, path); ignored",
            "\(fixture.userPath):6: plugins.log.backup_count must be a whole number (got 'many'); using 5 (default)",
            "\(fixture.userPath):7: plugins.log.path must be a single value, not a list; it stays unset",
            "\(fixture.userPath):8: plugins.csv must be a mapping of settings; ignored",
        ])
    }

    /// A plugin's list setting takes a YAML list as a recipe's `prx.source` takes a Lua list, each item one element
    /// as written, a comma or a space in it included (an item holding a comma was refused, as it would have split in
    /// two); it was refused as "must be a single value, not a list", though `prx plugins` calls the setting a list.
    /// An item that is not a single value, or a list for a setting that is not one, stays refused with the file and
    /// line.
    @Test func aListSettingTakesAYAMLList() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: """
            plugins:
              glob:
                ext: [sh, txt]
                patterns:
                  - tasks
                  - more/*.sh
                command: [sh, "@TASK@"]
              args-file:
                env: [HOST, "A,B", " C"]
              dir:
                ext: [sh, [txt]]
            """)
        #expect(loaded.effective.plugins == [
            "glob": ["ext": .list(["sh", "txt"]), "patterns": .list(["tasks", "more/*.sh"])],
            "args-file": ["env": .list(["HOST", "A,B", " C"])],
        ])
        #expect(loaded.source(of: "plugins.glob.patterns") == .userFile(path: fixture.userPath, line: 4))
        #expect(loaded.warnings == [
            "\(fixture.userPath):7: plugins.glob.command must be a single value, not a list; it stays unset",
            "\(fixture.userPath):11: plugins.dir.ext takes a list of single values; it stays unset",
        ])
    }

    /// A value out of a setting's bounds is a warning naming the file and line, and the lower tier's value stays,
    /// as for a value of the wrong type: such a value used to pass the files and stop every run with an error that
    /// named neither. The warning says which value is used, as a section key's does (it said "ignored", and named
    /// the setting twice: "plugins.local.termination_grace: setting local.termination_grace must be …").
    @Test func aPluginValueOutOfItsBoundsWarnsAndTheLowerTierStays() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            script: "plugins:\n  local:\n    termination_grace: 5\n",
            user: "plugins:\n  local:\n    termination_grace: -1\n    max_output_capture: -5\n"
                + "  log:\n    level: LOUD\n  csv:\n    sync: maybe\n  json:\n    path: [a, b]\n"
                + "  stop-limits:\n    max_failure_rate: abc\n")
        #expect(loaded.effective.plugins == ["local": ["termination_grace": "5"]])
        #expect(loaded.warnings == [
            "\(fixture.userPath):3: plugins.local.termination_grace must be from 0 to 1000000000 (got '-1'); using 5 "
                + "(script: \(fixture.scriptPath))",
            "\(fixture.userPath):4: plugins.local.max_output_capture must be 0 or more (got '-5'); using 1000 "
                + "(default)",
            "\(fixture.userPath):6: plugins.log.level must be DEBUG, INFO, WARNING, ERROR or CRITICAL (got 'LOUD'); "
                + "using INFO (default)",
            "\(fixture.userPath):8: plugins.csv.sync must be true or false (got 'maybe'); using false (default)",
            "\(fixture.userPath):10: plugins.json.path must be a single value, not a list; it stays unset",
            "\(fixture.userPath):12: plugins.stop-limits.max_failure_rate must be a number (got 'abc'); using 0.5 "
                + "(default)",
        ])
    }

    /// A plugin setting that stands for a capped key is held to the cap however it is given: a `plugins:` entry
    /// when the files are read, with its file and line (the warning named neither, and `--show-config` showed the
    /// value above the cap), and `--set` when the run is assembled.
    @Test func aPluginSettingForACappedKeyIsHeldToTheCap() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            script: "limits:\n  max_allowed_output: 100\n", user: "plugins:\n  local:\n    max_output_capture: 5000\n")
        #expect(loaded.effective.plugins["local"]?["max_output_capture"] == "100")
        #expect(loaded.warnings == [
            "\(fixture.userPath):3: plugins.local.max_output_capture 5000 is above limits.max_allowed_output 100 "
                + "(script: \(fixture.scriptPath)); using 100",
        ])
        var warnings: [String] = []
        var selection = RunPlan.Selection(name: "local", settings: loaded.pluginSettings(for: "local"))
        selection.set(try PluginAssignment(parsing: "local.max_output_capture=7000"))
        let held = loaded.holdingCaps(of: selection, warn: { warnings.append($0) })
        #expect(held["max_output_capture"] == "100")
        #expect(warnings == [
            "--set: local.max_output_capture 7000 is above limits.max_allowed_output 100 "
                + "(script: \(fixture.scriptPath)); using 100",
        ])
    }

    /// The settings the log gets from nothing but the defaults.
    private static let logDefaults: [String: PluginSettingValue] = [
        "level": "INFO", "max_log_size_mb": "10", "backup_count": "5", "format": .text(LogLineFormat.parallelrFormat),
    ]

    /// The settings a plugin gets: parallelr keys and `plugins:` entries, the higher tier winning.
    @Test(arguments: [
        ("", "", FlagOverrides(), logDefaults),
        ("logging:\n  level: ERROR\n", "", FlagOverrides(), logDefaults.merging(["level": "ERROR"]) { $1 }),
        ("plugins:\n  log:\n    level: ERROR\n    path: /x.log\n", "", FlagOverrides(),
         logDefaults.merging(["level": "ERROR", "path": "/x.log"]) { $1 }),
        ("logging:\n  level: ERROR\nplugins:\n  log:\n    level: WARNING\n", "", FlagOverrides(),
         logDefaults.merging(["level": "WARNING"]) { $1 }),
        ("plugins:\n  log:\n    level: WARNING\n", "logging:\n  level: ERROR\n", FlagOverrides(),
         logDefaults.merging(["level": "ERROR"]) { $1 }),
        ("", "plugins:\n  log:\n    level: WARNING\n", FlagOverrides(debug: true),
         logDefaults.merging(["level": "DEBUG"]) { $1 }),
    ] as [(String, String, FlagOverrides, [String: PluginSettingValue])])
    func pluginSettingsTakeTheHigherTier(
        script: String, user: String, flags: FlagOverrides, expected: [String: PluginSettingValue]
    ) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: script, user: user, flags: flags)
        #expect(loaded.pluginSettings(for: "log") == expected)
    }

    @Test func parallelrKeysMapOntoTheBuiltInPlugins() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: """
            limits:
              max_output_capture: 4000
              max_consecutive_failures: 2
              max_failure_rate: 0.3
              min_tasks_for_rate_check: 6
            execution:
              use_process_groups: false
            """)
        #expect(loaded.pluginSettings(for: "local") == ["max_output_capture": "4000", "use_process_groups": "false"])
        #expect(loaded.pluginSettings(for: "stop-limits")
            == ["max_consecutive_failures": "2", "max_failure_rate": "0.3", "min_tasks_for_rate_check": "6"])
        #expect(loaded.pluginSettings(for: "csv") == [:])
    }
}
