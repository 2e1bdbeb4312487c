import Foundation
import PRXTesting
import Testing

/// `--show-config` writes a plugin setting as its type reads it, as it writes the configuration's own keys: a number
/// and a whole number as numbers, a truth value as `true` or `false`, a list given as a list as a YAML list, text
/// quoted. It wrote every plugin setting as quoted text (`"max_log_size_mb": "0.5"` for `--set
/// log.max_log_size_mb=0.5`, under `logging:` `max_log_size_mb: 0.5`), which a YAML reader (PyYAML, parallelr's) reads
/// as a string. Its output, read back as the script configuration, shows the same values again, read as the same types.
@Suite(.runsProcesses) struct ShowConfigPluginValueTypesTests {
    /// Each setting, its `--set` or flags, the line `--show-config` writes of it, and how PyYAML reads it back.
    static let settings: [(given: [String], line: String, read: String)] = [
        (["--set", "log.max_log_size_mb=0.5"], #""max_log_size_mb": 0.5"#, "log.max_log_size_mb float 0.5"),
        (["--set", "local.termination_grace=1e1"], #""termination_grace": 10"#, "local.termination_grace int 10"),
        (["--set", "local.heartbeat_timeout=1e-7"], #""heartbeat_timeout": 1.0e-07"#,
            "local.heartbeat_timeout float 1e-07"),
        (["--set", "log.backup_count=010"], #""backup_count": 10"#, "log.backup_count int 10"),
        (["--set", "local.max_output_capture=1_000"], #""max_output_capture": 1000"#,
            "local.max_output_capture int 1000"),
        (["--set", "json.sync=yes"], #""sync": true"#, "json.sync bool True"),
        (["--set", "local.use_process_groups=off"], #""use_process_groups": false"#,
            "local.use_process_groups bool False"),
        // Text stays text, a number's digits among it.
        (["--set", "log.path=010"], #""path": "010""#, "log.path str '010'"),
        // A list given as text stays the text the setting reads, as an extension list's text is read.
        (["--set", "stop-limits.max_failure_rate=.25", "--set", "glob.ext=txt,log"], #""ext": "txt,log""#,
            "glob.ext str 'txt,log'"),
        (["-T", "a", "-T", "b c"], #""patterns": ["a", "b c"]"#, "glob.patterns list ['a', 'b c']"),
    ]

    @Test func eachSettingIsWrittenAsItsTypeReadsAndReadsBackSo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let shown = try await bench.prx(["--show-config"] + Self.settings.flatMap(\.given))
        #expect(shown.status == 0, "\(shown.stderr)")
        for setting in Self.settings {
            #expect(shown.stdout.contains("    \(setting.line)  # flag: "), "\(setting.line): \(shown.stdout)")
        }
        #expect(shown.stdout.contains(#"    "max_failure_rate": 0.25  # flag: --set"#), "\(shown.stdout)")
        let script = try bench.root.write("script/prx.yaml", shown.stdout)
        let again = try await bench.prx(["--show-config"], environment: ["PRX_CONFIG_DIR": bench.root.file("script")])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        #expect(Self.values(of: again.stdout) == Self.values(of: shown.stdout), "\(again.stdout)")
        for setting in Self.settings {
            #expect(again.stdout.contains("    \(setting.line)  # script: \(script)"), "\(again.stdout)")
        }
        let read = try await Self.pluginsAsPyYAMLReadsThem(bench.root.file("script/prx.yaml"), home: bench.home)
        for setting in Self.settings {
            #expect(read.contains(setting.read), "\(setting.read): \(read)")
        }
        #expect(read.contains("stop-limits.max_failure_rate float 0.25"), "\(read)")
    }

    /// The report's values, its lines without their comments, but for the first two, which name the files read.
    private static func values(of report: String) -> [Substring] {
        report.split(separator: "\n").dropFirst(2).map { line in
            line.ranges(of: "  # ").last.map { line[..<$0.lowerBound] } ?? line
        }
    }

    /// Each plugin setting of the configuration at `path` as PyYAML reads it, one line each: `NAME.KEY TYPE VALUE`,
    /// Python's type name and `repr` of the value.
    private static func pluginsAsPyYAMLReadsThem(_ path: String, home: String) async throws -> [String] {
        let script = """
            import sys, yaml
            for plugin, settings in sorted(yaml.safe_load(open(sys.argv[1]))["plugins"].items()):
                for key, value in sorted(settings.items()):
                    print(f"{plugin}.{key} {type(value).__name__} {value!r}")
            """
        let read = try await PRXProcess.run(["python3", "-c", script, path], executable: "/usr/bin/env", home: home)
        #expect(read.status == 0, "\(read.stderr)")
        return read.stdout.split(separator: "\n").map(String.init)
    }
}
