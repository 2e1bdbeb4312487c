import Foundation
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
            "\(fixture.userPath):2: unknown plugin 'lgo' in plugins (see 'prx plugins'); ignored",
            "\(fixture.userPath):5: plugins.log.levle: unknown setting 'levle' for sink 'log' (valid: backup_count, level, max_log_size_mb, path); ignored",
            "\(fixture.userPath):6: plugins.log.backup_count: setting log.backup_count must be a whole number (got 'many'); ignored",
            "\(fixture.userPath):7: plugins.log.path must be a single value, not a list; ignored",
            "\(fixture.userPath):8: plugins.csv must be a mapping of settings; ignored",
        ])
    }

    /// The settings a plugin gets: parallelr keys and `plugins:` entries, the higher tier winning.
    @Test(arguments: [
        ("", "", FlagOverrides(), ["level": "INFO", "max_log_size_mb": "10", "backup_count": "5"]),
        ("logging:\n  level: ERROR\n", "", FlagOverrides(), ["level": "ERROR", "max_log_size_mb": "10", "backup_count": "5"]),
        ("plugins:\n  log:\n    level: ERROR\n    path: /x.log\n", "", FlagOverrides(),
         ["level": "ERROR", "max_log_size_mb": "10", "backup_count": "5", "path": "/x.log"]),
        ("logging:\n  level: ERROR\nplugins:\n  log:\n    level: WARNING\n", "", FlagOverrides(),
         ["level": "WARNING", "max_log_size_mb": "10", "backup_count": "5"]),
        ("plugins:\n  log:\n    level: WARNING\n", "logging:\n  level: ERROR\n", FlagOverrides(),
         ["level": "ERROR", "max_log_size_mb": "10", "backup_count": "5"]),
        ("", "plugins:\n  log:\n    level: WARNING\n", FlagOverrides(debug: true),
         ["level": "DEBUG", "max_log_size_mb": "10", "backup_count": "5"]),
    ] as [(String, String, FlagOverrides, [String: String])])
    func pluginSettingsTakeTheHigherTier(script: String, user: String, flags: FlagOverrides, expected: [String: String]) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: script, user: user).applying(flags)
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
