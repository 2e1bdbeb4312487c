import Foundation
import PRXPlugins
import PRXTesting
import Testing

@testable import PRXCommand

@Suite struct ConfigurationReportTests {
    @Test func validateWithoutFiles() {
        let text = ValidateConfigReport.render(
            LoadedConfiguration(), workingDirectory: "/h/parallelr/workspace", logDirectory: "/h/parallelr/logs")
        #expect(text == """
            ✓ Configuration is valid
              Script config: Not found (using defaults)
              User config: Not found (using defaults)
            ✓ Working dir: /h/parallelr/workspace
            ✓ Log dir: /h/parallelr/logs
            ✓ Workspace mode: Shared
            ✓ Workers: 20 (max allowed: 100)
            ✓ Timeout: 600s (max allowed: 3600s)

            """)
    }

    @Test func validateWithPtaskerFallbacks() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        try fixture.root.write("bin/cfg/parallelr.yaml", "limits:\n  max_allowed_workers: 60\n  timeout_seconds: 900\n")
        try fixture.root.write(
            "home/prx/cfg/prx.yaml", "limits:\n  max_workers: 40\nexecution:\n  workspace_isolation: true\n")
        let loaded = try fixture.locateAndLoad(programName: "ptasker")
        #expect(loaded.scriptFile?.isFallback == true)
        #expect(loaded.userFile?.isFallback == true)
        let text = ValidateConfigReport.render(loaded, workingDirectory: "/w", logDirectory: "/l")
        #expect(text == """
            ✓ Configuration is valid
            ✓ Script config: \(fixture.root.file("bin/cfg/parallelr.yaml")) (fallback from ptasker.yaml)
            ✓ User config: \(fixture.root.file("home/prx/cfg/prx.yaml")) (fallback from ptasker.yaml)
            ✓ Working dir: /w
            ✓ Log dir: /l
            ✓ Workspace mode: Isolated
            ✓ Workers: 40 (max allowed: 60)
            ✓ Timeout: 900s (max allowed: 3600s)

            """)
    }

    @Test func validateAnInvalidFile() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        try fixture.root.write("home/prx/cfg/prx.yaml", "limits:\n  max_workers: 5\n  oops: a: b\n")
        let error = #expect(throws: ConfigurationError.self) { try fixture.locateAndLoad() }
        let failure = try #require(error)
        #expect(ValidateConfigReport.render(failure: failure)
            == "✗ Configuration is invalid: \(fixture.userPath):3: mapping values are not allowed in this context\n")
        #expect(ValidateConfigReport.invalidExitStatus == 1)
    }

    @Test func showConfigNamesEachValuesSource() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            script: "limits:\n  timeout_seconds: 900\nplugins:\n  csv:\n    path: /data/s.csv\n",
            user: "limits:\n  max_workers: 50\n", flags: FlagOverrides(debug: true))
        let text = ShowConfigReport.render(loaded, plugins: PluginRegistry.builtin.descriptors)
        let script = fixture.scriptPath
        let user = fixture.userPath
        #expect(text == """
            # Script config: \(script)
            # User config: \(user)
            limits:
              max_workers: 50  # user: \(user)
              timeout_seconds: 900  # script: \(script)
              wait_time: 0.1  # default
              task_start_delay: 0.0  # default
              max_output_capture: 1000  # default
              max_allowed_workers: 100  # default
              max_allowed_timeout: 3600  # default
              max_allowed_output: 10000  # default
              stop_limits_enabled: false  # default
              max_consecutive_failures: 5  # default
              max_failure_rate: 0.5  # default
              min_tasks_for_rate_check: 10  # default
            security:
              max_argument_length: 1000  # default
            execution:
              workspace_isolation: false  # default
              use_process_groups: true  # default
            logging:
              level: "DEBUG"  # flag: -d
              console_format: "%(asctime)s - %(levelname)s - %(message)s"  # default
              file_format: "%(asctime)s - %(name)s - %(levelname)s - [%(threadName)s] - %(message)s"  # default
              custom_date_format: "%d%b%y_%H%M%S"  # default
              max_log_size_mb: 10  # default
              backup_count: 5  # default
            advanced:
              max_file_size: 1048576  # default
              memory_limit_mb: null  # default
              retry_failed_tasks: false  # default
            history:
              keep_runs: 100  # default
            plugins:
              "csv":
                "path": "/data/s.csv"  # script: \(script)

            """)
    }

    @Test func showConfigWithoutFilesSaysSo() {
        let text = ShowConfigReport.render(LoadedConfiguration(), plugins: PluginRegistry.builtin.descriptors)
        #expect(text.hasPrefix(
            "# Script config: Not found (using defaults)\n# User config: Not found (using defaults)\nlimits:\n"))
        #expect(text.hasSuffix("plugins: {}\n"))
    }

    /// `--show-config`'s output, read back as a script configuration, gives the same values with no other warning: the
    /// plugins the same settings, and the keys the same values but `logging.level`, which shows the `log.level` a
    /// run uses in its place.
    @Test func showConfigIsAValidConfigurationFile() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: """
            limits:
              max_workers: 12
              wait_time: 0.25
            logging:
              file_format: "say \\"hi\\"\\t%(message)s # not a comment"
            advanced:
              memory_limit_mb: 64
            plugins:
              json:
                path: "/tmp/odd: name #1.jsonl"
              log:
                level: WARNING
            """)
        // memory_limit_mb is here for a number that may be null; that it does nothing is the one warning.
        let noEffect = { (warnings: [String]) in
            warnings.count == 1 && warnings[0].contains("advanced.memory_limit_mb has no effect (got 64)")
        }
        #expect(noEffect(loaded.warnings), "\(loaded.warnings)")
        let echo = fixture.root.file("echo/prx.yaml")
        try fixture.root.write(
            "echo/prx.yaml", ShowConfigReport.render(loaded, plugins: PluginRegistry.builtin.descriptors))
        let reread = try ConfigurationLoader.load(
            files: ConfigurationFiles(
                script: ConfigurationFile(path: echo, preferredName: "prx.yaml", isFallback: false)),
            plugins: PluginRegistry.builtin.descriptors)
        #expect(noEffect(reread.warnings), "\(reread.warnings)")
        for plugin in ["local", "log", "json", "stop-limits"] {
            #expect(reread.pluginSettings(for: plugin) == loaded.pluginSettings(for: plugin), "\(plugin)")
        }
        var shown = loaded.effective
        shown.logging.level = "WARNING"
        #expect(reread.effective == shown)
    }

    /// A text value holding characters a YAML file cannot hold as they are (DEL, a C1 control) or that a YAML reader
    /// takes for line breaks and folds (U+0085, U+2028, U+2029) is shown with those characters escaped, so that
    /// `--show-config`'s output reads back as a configuration with the same text, in a key and in a plugin setting.
    @Test func showConfigEscapesWhatAFileCannotHoldAsItIs() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(script: #"""
            logging:
              console_format: "del\x7F c1\x9B nel\N ls \L ps \P end %(message)s"
            plugins:
              glob:
                patterns: ["a\x7Fb", "c \Ld"]
              json:
                path: "/tmp/x\Ny.jsonl"
            """#)
        let text = ShowConfigReport.render(loaded, plugins: PluginRegistry.builtin.descriptors)
        for character in ["\u{7F}", "\u{9B}", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect(!text.contains(character), "\(text)")
        }
        let reread = try fixture.load(script: text)
        #expect(reread.effective.logging.consoleFormat
            == "del\u{7F} c1\u{9B} nel\u{85} ls \u{2028} ps \u{2029} end %(message)s")
        #expect(reread.effective.logging.consoleFormat == loaded.effective.logging.consoleFormat)
        for plugin in ["glob", "json"] {
            #expect(reread.pluginSettings(for: plugin) == loaded.pluginSettings(for: plugin), "\(plugin)")
        }
    }

    /// A configuration file, a working directory or a log directory whose path holds a line break or an escape
    /// sequence is named in `--validate-config`'s report with those written as escapes, as its list of rejected
    /// entries and every error line name them: one line each, none starting a line of its own.
    @Test func validateWritesTheControlCharactersOfAPathAsEscapes() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        try fixture.root.write("p\nh\u{1B}[2J/cfg/prx.yaml", "limits:\n  max_workers: 3\n")
        let home = fixture.root.file("p\nh\u{1B}[2J")
        let loaded = try fixture.locateAndLoad(environment: ["PRX_HOME": home])
        let text = ValidateConfigReport.render(
            loaded, workingDirectory: home + "/workspace", logDirectory: home + "/logs")
        let shown = fixture.root.file("p\\nh\\x1b[2J")
        #expect(text == """
            ✓ Configuration is valid
              Script config: Not found (using defaults)
            ✓ User config: \(shown)/cfg/prx.yaml
            ✓ Working dir: \(shown)/workspace
            ✓ Log dir: \(shown)/logs
            ✓ Workspace mode: Shared
            ✓ Workers: 3 (max allowed: 100)
            ✓ Timeout: 600s (max allowed: 3600s)

            """)
    }

    /// `--show-config` names a configuration file whose path holds a line break in its comments (the file lines at
    /// the top, each value's source) with the line break written as an escape, so that the output stays a
    /// configuration file that reads back with the same values, as ``showConfigIsAValidConfigurationFile()`` says.
    @Test func showConfigWritesTheControlCharactersOfAPathAsEscapes() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        try fixture.root.write("p\nh/cfg/prx.yaml", "limits:\n  max_workers: 3\n")
        let loaded = try fixture.locateAndLoad(environment: ["PRX_HOME": fixture.root.file("p\nh")])
        let text = ShowConfigReport.render(loaded, plugins: PluginRegistry.builtin.descriptors)
        let shown = fixture.root.file("p\\nh") + "/cfg/prx.yaml"
        #expect(text.contains("# User config: \(shown)\n"))
        #expect(text.contains("  max_workers: 3  # user: \(shown)\n"))
        let reread = try fixture.load(script: text)
        #expect(reread.warnings.isEmpty, "\(reread.warnings)")
        #expect(reread.effective == loaded.effective)
    }

    /// `--show-config` names a configuration file whose path holds U+2028 or U+2029, which a YAML reader takes for a
    /// line break as it does a control character's, with those written as escapes in its comments: the comment ended
    /// there, and the output read back was refused ('mapping values are not allowed in this context').
    @Test(arguments: ["\u{2028}", "\u{2029}"])
    func showConfigWritesALineSeparatorInAPathAsAnEscape(separator: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        try fixture.root.write("p\(separator)h/cfg/prx.yaml", "limits:\n  max_workers: 3\n")
        let loaded = try fixture.locateAndLoad(environment: ["PRX_HOME": fixture.root.file("p\(separator)h")])
        let text = ShowConfigReport.render(loaded, plugins: PluginRegistry.builtin.descriptors)
        let escape = "\\u{" + String(separator.unicodeScalars.first!.value, radix: 16) + "}"
        let shown = fixture.root.file("p\(escape)h") + "/cfg/prx.yaml"
        #expect(!text.contains(separator), "\(text)")
        #expect(text.contains("  max_workers: 3  # user: \(shown)\n"), "\(text)")
        let reread = try fixture.load(script: text)
        #expect(reread.warnings.isEmpty, "\(reread.warnings)")
        #expect(reread.effective == loaded.effective)
    }

    /// The floats PyYAML reads back as `value` (`float.hex`, exact), one line each, or `text`, `int` for what it reads
    /// as no float, from the YAML list of `texts`.
    private static func pyYAMLFloats(_ texts: [String], in fixture: ConfigurationFixture) async throws -> [String] {
        let path = try fixture.root.write("floats.yaml", texts.map { "- \($0)\n" }.joined())
        let script = """
            import sys, yaml
            for v in yaml.safe_load(open(sys.argv[1])):
                print(v.hex() if isinstance(v, float) else type(v).__name__)
            """
        let read = try await PRXProcess.run(
            ["python3", "-c", script, path], executable: "/usr/bin/env", home: fixture.root.file("home"))
        #expect(read.status == 0, "\(read.stderr)")
        return read.stdout.split(separator: "\n").map(String.init)
    }

    /// Every float is written as one that PyYAML (parallelr's reader) and prx read back as the same number: Swift's
    /// `1e-07` is text to PyYAML, whose floats need a point and a signed exponent, and was what `--show-config` wrote.
    @Test func aFloatIsWrittenAsPyYAMLAndPRXReadItBack() async throws {
        let values: [Double] = [
            1e-07, 1e-10, 0.1, 0.01, 5, 60, 0.000_1, -0.0, 1e20, 1e16, -2.5e-300, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -1e300, .infinity, -.infinity, .nan,
        ]
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let texts = values.map(\.yamlFloat)
        #expect(texts[0] == "1.0e-07" && texts[8] == "1.0e+20", "\(texts)")
        let read = try await Self.pyYAMLFloats(texts, in: fixture)
        #expect(read.count == values.count, "\(read)")
        for (value, (text, pyYAML)) in zip(values, zip(texts, read)) {
            let document = try ConfigurationDocument(parsing: "x: \(text)\n", path: "x.yaml")
            guard case .scalar(.number(.float(let prx), _)) = document.sections.first?.value else {
                Issue.record("prx reads \(text) as no float")
                continue
            }
            let python = try #require(Double(pyYAML), "PyYAML reads \(text) as \(pyYAML)")
            for number in [prx, python] {
                #expect(value.isNaN ? number.isNaN : number.bitPattern == value.bitPattern, "\(text): \(number)")
            }
        }
    }

    /// `--show-config` writes every number a key shows as PyYAML and prx read back as the same number: a small float
    /// (`task_start_delay: 0.0000001`) was written `1e-07`, which PyYAML reads as text, and a key shown with the
    /// value of the plugin setting that stands for it, as the setting was given: `1e-7` (text to PyYAML), and `010`,
    /// which a setting reads as ten and YAML 1.1 as octal eight.
    @Test func showConfigWritesNumbersThatReadBackAsTheSame() async throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: """
            limits:
              task_start_delay: 0.0000001
              wait_time: 0.01
            plugins:
              stop-limits:
                max_failure_rate: 1e-7
              local:
                max_output_capture: "010"
            """)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let text = ShowConfigReport.render(loaded, plugins: PluginRegistry.builtin.descriptors)
        for line in [
            "  task_start_delay: 1.0e-07  #", "  wait_time: 0.01  #", "  max_failure_rate: 1.0e-07  #",
            "  max_output_capture: 10  #",
        ] {
            #expect(text.contains("\n" + line), "\(line) in \(text)")
        }
        let reread = try fixture.load(script: text)
        #expect(reread.warnings.isEmpty, "\(reread.warnings)")
        // The keys the settings stand for are read from the file too, with the settings' values.
        var expected = loaded.effective
        expected.limits.maxOutputCapture = 10
        expected.limits.maxFailureRate = 1e-07
        // The settings are written as the numbers they are, which read back in decimal (`010` is the setting's ten).
        expected.plugins["local"]?["max_output_capture"] = "10"
        expected.plugins["stop-limits"]?["max_failure_rate"] = "1e-07"
        #expect(reread.effective == expected)
        let shown = ["task_start_delay", "wait_time", "max_failure_rate", "max_output_capture"].map { key in
            text.split(separator: "\n").first { $0.hasPrefix("  \(key): ") }.map {
                String($0.dropFirst(key.count + 4).prefix { $0 != " " })
            } ?? ""
        }
        let read = try await Self.pyYAMLFloats(shown, in: fixture)
        #expect(read.map { Double($0) } == [1e-07, 0.01, 1e-07, nil], "\(shown): \(read)")
        #expect(read.last == "int", "\(shown): \(read)")
    }
}
