import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct ConfigurationWiringTests {
    @Test func theUserConfigurationSetsWorkersAndFlagsWin() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 3\n")
        let folder = try bench.tasks(2) { _ in "true\n" }
        let fromFile = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(fromFile.stdout.contains("- Workers: 3"), "\(fromFile.stdout)")
        let fromFlag = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "5"])
        #expect(fromFlag.stdout.contains("- Workers: 5"))
    }

    /// A script configuration that raises `max_allowed_workers` above 100 or `max_allowed_timeout` above 3600, as
    /// parallelr's may (they are the system's limits), is taken: a run of the user file's `max_workers: 120` runs 120
    /// workers, one of `timeout_seconds: 5400` runs without a warning, `--show-config` shows both values and
    /// `--validate-config` passes. They were refused with a warning, `--validate-config` failing, and 100 workers or
    /// 3600 seconds used (the workers' until 20e8332, the timeout's until now). The flags keep parallelr's ranges.
    @Test(arguments: [
        ("max_allowed_workers: 150", "max_workers: 120", "✓ Workers: 120 (max allowed: 150)",
         ["-m", "120"], "-m/--max must be between 1 and 100 (got 120)"),
        ("max_allowed_timeout: 7200", "timeout_seconds: 5400", "✓ Timeout: 5400s (max allowed: 7200s)",
         ["-t", "5400"], "-t/--timeout must be between 1 and 3600 seconds (got 5400)"),
    ])
    func aScriptConfigurationMayRaiseACap(
        cap: String, asked: String, validated: String, flag: [String], flagRefusal: String
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("script/prx.yaml", "limits:\n  \(cap)\n")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  \(asked)\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let folder = try bench.tasks(2) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(run.stdout.contains(asked == "max_workers: 120" ? "- Workers: 120\n" : "- Workers: 20\n"))
        let shown = try await bench.prx(["--show-config"], environment: environment)
        #expect(shown.stdout.contains("\n  \(asked)  # user: "), "\(shown.stdout)")
        #expect(shown.stdout.contains("\n  \(cap)  # script: "), "\(shown.stdout)")
        let validation = try await bench.prx(["--validate-config"], environment: environment)
        #expect(validation.status == 0, "\(validation.stdout)")
        #expect(validation.stdout.contains(validated + "\n"), "\(validation.stdout)")
        let flagged = try await bench.prx(["--validate-config"] + flag, environment: environment)
        #expect(flagged.status == 2)
        #expect(flagged.stderr.contains(flagRefusal), "\(flagged.stderr)")
    }

    /// A whole number above 64 bits for a capped key is held to its cap with the cap's warning, quoting the number as
    /// the file writes it, from a run, `--show-config` and `--validate-config` alike, which passes: the number was
    /// refused as out of range, 20 workers used, and `--validate-config` failed listing it. So is one past a `Double`'s
    /// range too (400 digits, plain or quoted, or `0x` and 300 `F`s), which Python's `int()` reads and parallelr caps:
    /// it was still refused (`must be a whole number between 1 and 9223372036854775807`), as out of range.
    @Test(arguments: [
        ("99999999999999999999", "99999999999999999999"),
        (String(repeating: "9", count: 400), String(repeating: "9", count: 400)),
        ("\"" + String(repeating: "9", count: 400) + "\"", String(repeating: "9", count: 400)),
        ("0x" + String(repeating: "F", count: 300), "0x" + String(repeating: "F", count: 300)),
    ])
    func aWholeNumberAboveSixtyFourBitsIsHeldToItsCap(written: String, quoted: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = bench.root.file("script/prx.yaml")
        let user = bench.root.file("home/cfg/prx.yaml")
        try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_workers: 3\n")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: \(written)\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let warning = "prx: warning: \(user):2: limits.max_workers \(quoted) is above "
            + "limits.max_allowed_workers 3 (script: \(script)); using 3\n"
        let folder = try bench.tasks(2) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == warning)
        #expect(run.stdout.contains("- Workers: 3\n"), "\(run.stdout)")
        let shown = try await bench.prx(["--show-config"], environment: environment)
        #expect(shown.stderr == warning)
        #expect(shown.stdout.contains(
            "  max_workers: 3  # user: \(user), \(quoted) held to limits.max_allowed_workers\n"),
            "\(shown.stdout)")
        let validation = try await bench.prx(["--validate-config"], environment: environment)
        #expect(validation.status == 0, "\(validation.stdout)")
        #expect(validation.stderr == warning)
        #expect(validation.stdout.contains("✓ Workers: 3 (max allowed: 3)\n"), "\(validation.stdout)")
    }

    /// `limits.wait_time`, parallelr's polling interval, is taken and shown without a warning, whatever its value in
    /// range: prx does not poll, so any value is met, and parallelr's sample configuration (its `limits:` block here,
    /// `wait_time` changed) sets it; README says so.
    @Test func waitTimeIsTakenWithoutAWarning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("script/prx.yaml", """
            limits:
              max_workers: 20
              timeout_seconds: 600
              wait_time: 2.5
              task_start_delay: 0.0
              max_output_capture: 1000
              max_allowed_workers: 100
              max_allowed_timeout: 3600
              max_allowed_output: 10000
              stop_limits_enabled: false
              max_consecutive_failures: 5
              max_failure_rate: 0.5
              min_tasks_for_rate_check: 10

            """)
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let shown = try await bench.prx(["--show-config"], environment: environment)
        #expect(shown.stdout.contains("wait_time: 2.5  # script: "), "\(shown.stdout)")
        let validation = try await bench.prx(["--validate-config"], environment: environment)
        #expect(validation.status == 0, "\(validation.stdout)")
    }

    /// A run takes a file's numbers as parallelr (PyYAML, YAML 1.1) reads them: `010` is eight workers (it was ten),
    /// `0b11` three (it was refused), and `1e1`, text to PyYAML that parallelr's `int()` refuses, is warned of and
    /// the default kept (it was ten).
    @Test(arguments: [("010", "8", false), ("0b11", "3", false), ("1e1", "20", true)])
    func aRunReadsTheFilesNumbersAsParallelrDoes(written: String, workers: String, warned: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: \(written)\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- Workers: \(workers)\n"), "\(run.stdout)")
        #expect(run.stderr.contains("limits.max_workers must be a whole number") == warned, "\(run.stderr)")
    }

    /// `max_consecutive_failures: 0` and `min_tasks_for_rate_check: 0` are taken as parallelr takes them (its
    /// configuration checks neither, and its `>=` makes each a limit the first failure reaches): the stop limits halt
    /// at the first failure, as with 1, and the summary, `--show-config` and `--validate-config` show the 0 or take it
    /// without a word. Both were refused, a warning naming the line, failing `--validate-config`, and 5 and 10 used.
    @Test(arguments: [
        ("max_consecutive_failures", "1 consecutive failures (limit: 0)"),
        ("min_tasks_for_rate_check", "100.0% failure rate exceeds limit (50%)"),
    ])
    func aStopLimitOfZeroIsTakenAsParallelrTakesIt(key: String, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let user = try bench.root.write("home/cfg/prx.yaml", "limits:\n  stop_limits_enabled: true\n  \(key): 0\n")
        let folder = try bench.tasks(3) { _ in "exit 1\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "1"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(run.stdout.contains("Cancelled: 2\n"), "\(run.stdout)")
        #expect(run.stdout.contains("- Halted: \(reason)\n"), "\(run.stdout)")
        let consecutive = key == "max_consecutive_failures" ? "0" : "5"
        #expect(run.stdout.contains("- Max Consecutive Failures: \(consecutive)\n"), "\(run.stdout)")
        let shown = try await bench.prx(["--show-config"])
        #expect(shown.stderr.isEmpty, "\(shown.stderr)")
        #expect(shown.stdout.contains("\n  \(key): 0  # user: \(user)\n"), "\(shown.stdout)")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 0, "\(validation.stdout)")
        #expect(validation.stderr.isEmpty, "\(validation.stderr)")
    }

    /// A YAML list gives a source's list settings: two task paths and two extensions, each file of them run once.
    @Test func aYAMLListGivesASourceItsPatternsAndExtensions() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for name in ["one/a.sh", "one/b.txt", "one/c.log", "two/d.sh"] {
            try bench.root.write(name, "echo ran >> \(bench.root.file("ran"))\n")
        }
        try bench.root.write(
            "home/cfg/prx.yaml", "plugins:\n  glob:\n    patterns: [one, two]\n    ext: [sh, txt]\n"
                + "    command: sh @TASK@\n")
        let outcome = try await bench.prx(["--source", "glob", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(try bench.root.read("ran") == "ran\nran\nran\n")
    }

    /// parallelr's `logging.file_format` lays out the main log's lines; it was read and left unused.
    @Test func theFileFormatLaysOutTheLog() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml", "logging:\n  file_format: \"%(levelname)s|%(threadName)s|%(message)s\"\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("\nINFO|ThreadPoolExecutor-0_0|Worker 1: Starting task \(folder)/task1.sh\n"), "\(log)")
        #expect(log.hasPrefix("INFO|MainThread|"))
    }

    /// Every printf-style conversion of Python's logging lays out the log as Python would: prx refused `%(name)r`,
    /// `%(process)x`, `%(process)+8d` and `%(levelno)#o` ("needs a conversion s, d, i or f"), warned and wrote its
    /// default layout; `--validate-config` failed.
    @Test func theFileFormatTakesEveryPythonConversion() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml",
            "logging:\n  file_format: \"%(name)r|%(process)x|%(process)+8d|%(levelno)#o|%(message)s\"\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("file_format"), "\(outcome.stderr)")
        let path = try #require(bench.logFiles(endingWith: ".log").first)
        let match = try #require(path.firstMatch(of: #/parallelr_(\d+)_/#))
        let pid = try #require(Int(match.output.1))
        let log = try String(contentsOfFile: path, encoding: .utf8)
        let fields = "'P\(pid)'|\(String(pid, radix: 16))|" + String(repeating: " ", count: 7 - String(pid).count)
            + "+\(pid)|0o24|"
        #expect(log.contains("\n\(fields)Worker 1: Starting task \(folder)/task1.sh\n"), "\(log)")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 0, "\(validation.stdout)")
    }

    /// A conversion with two length modifiers (`%(levelno)lld`), which Python's `%` refuses ("unsupported format
    /// character 'l'"), is refused as any format Python refuses: a warning naming file and line, the default layout
    /// kept, and `--validate-config` fails. prx took it, and wrote lines parallelr could not. One modifier, which
    /// Python ignores, is taken.
    @Test func twoLengthModifiersAreRefusedAsPythonRefusesThem() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let configuration = try bench.root.write(
            "home/cfg/prx.yaml", "logging:\n  file_format: \"%(levelno)lld|%(message)s\"\n")
        let refusal = "\(configuration):2: logging.file_format must be a Python logging format prx can write: "
            + "%(levelno) needs a conversion: flags -0+ #, a width, a .precision, one of h l L, then one of "
            + "d i o u x X e E f F g G c r s a (at '%(levelno)lld|%(message)')"
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("prx: warning: \(refusal)"), "\(outcome.stderr)")
        let refusedLog = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(refusedLog.contains(" - INFO - [ThreadPoolExecutor-0_0] - Worker 1: Starting task "), "\(refusedLog)")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1)
        #expect(
            validation.stdout.hasPrefix("✗ Configuration validation failed:\n  - \(refusal)"), "\(validation.stdout)")

        try bench.root.write("home/cfg/prx.yaml", "logging:\n  file_format: \"%(levelno)ld|%(message)s\"\n")
        try FileManager.default.removeItem(atPath: bench.logs)
        let taken = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stderr.isEmpty, "\(taken.stderr)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("\n20|Worker 1: Starting task \(folder)/task1.sh\n"), "\(log)")
    }

    /// A YAML merge key brings the anchored mapping's pairs in, as parallelr's PyYAML reads it: prx ignored
    /// `limits.<<` as an unknown key, ran with 20 workers and failed `--validate-config` for it. The anchor's own
    /// section, unknown to parallelr too, is still reported; a merged value's message names the line it is written on.
    @Test func aMergeKeyBringsInTheAnchoredSettings() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write("home/cfg/prx.yaml", "common: &c\n  max_workers: 3\nlimits:\n  <<: *c\n")
        let folder = try bench.tasks(2) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- Workers: 3"), "\(run.stdout)")
        #expect(!run.stderr.contains("<<"), "\(run.stderr)")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1)
        #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(path):1: unknown section 'common' "
            + "(valid: limits, security, execution, logging, advanced, history, plugins); ignored\n",
            "\(validation.stdout)")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  <<: &c {max_workers: 3}\n")
        let clean = try await bench.prx(["--validate-config"])
        #expect(clean.status == 0, "\(clean.stdout)")
    }

    @Test func recipesTakeTheConfigurationToo() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml", "limits:\n  max_workers: 3\nplugins:\n  csv:\n    path: \(bench.root.file("r.csv"))\n")
        try bench.root.write("recipe.lua", "prx.task { \"true\", name = \"one\" }\n")
        let outcome = try await bench.prx(["run", bench.root.file("recipe.lua"), "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Workers: 3"))
        #expect(FileManager.default.fileExists(atPath: bench.root.file("r.csv")))
    }

    @Test func aScriptCapLimitsTheUserAndTheFlag() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = bench.root.file("script")
        try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_workers: 4\n")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 9\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"],
            environment: ["PRX_CONFIG_DIR": script])
        #expect(outcome.stdout.contains("- Workers: 4"))
        #expect(outcome.stderr.contains("prx: warning:"))
        #expect(outcome.stderr.contains("max_allowed_workers"))
    }

    /// A flag that replaces a user value above the script's cap leaves no warning about that value, in the run's
    /// standard error, its main log or `--show-config`: it said "limits.max_workers 80 is above … 50; using 50" while
    /// the run used the flag's 10. A flag above the cap is capped with a warning naming the flag.
    @Test func aFlagReplacingAValueAboveTheCapLeavesNoWarningAboutIt() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_workers: 50\n")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 80\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-m", "10", "-r"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(run.stdout.contains("- Workers: 10"), "\(run.stdout)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(!log.contains("is above"), "\(log)")
        let shown = try await bench.prx(["--show-config", "-m", "10"], environment: environment)
        #expect(shown.stderr.isEmpty, "\(shown.stderr)")
        #expect(shown.stdout.contains("  max_workers: 10  # flag: -m\n"), "\(shown.stdout)")
        let above = try await bench.prx(["--show-config", "-m", "70"], environment: environment)
        #expect(above.stderr == "prx: warning: -m: limits.max_workers 70 is above limits.max_allowed_workers 50 "
            + "(script: \(script)); using 50\n")
        #expect(above.stdout.contains("  max_workers: 50  # flag: -m, 70 held to limits.max_allowed_workers\n"),
            "\(above.stdout)")
    }

    /// So does a `--set` that replaces a file's value above the cap, given as the key (`limits.max_output_capture`) or
    /// the plugin's setting: the run and `--validate-config` said "… 900 is above … 500; using 500" and used the
    /// `--set`'s 100. A `--set` above the cap is capped with a warning.
    @Test(arguments: ["limits:\n  max_output_capture: 900\n", "plugins:\n  local:\n    max_output_capture: 900\n"])
    func aSetReplacingAValueAboveTheCapLeavesNoWarningAboutIt(user: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_output: 500\n")
        try bench.root.write("home/cfg/prx.yaml", user)
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let folder = try bench.tasks(1) { _ in "printf '%0200d' 0\n" }
        let set = ["--set", "local.max_output_capture=100"]
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"] + set, environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let output = try String(contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first),
            encoding: .utf8)
        #expect(output.contains("\n" + String(repeating: "0", count: 100) + "\n"), "\(output)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(!log.contains("is above"), "\(log)")
        let validated = try await bench.prx(["--validate-config"] + set, environment: environment)
        #expect(validated.status == 0 && validated.stderr.isEmpty, "\(validated.stderr)")
        let shown = try await bench.prx(["--show-config"] + set, environment: environment)
        #expect(shown.stderr.isEmpty, "\(shown.stderr)")
        let above = try await bench.prx(["--validate-config", "--set", "local.max_output_capture=700"],
            environment: environment)
        #expect(above.stderr.contains(" 700 is above limits.max_allowed_output 500 "), "\(above.stderr)")
        #expect(!above.stderr.contains(" 900 "), "\(above.stderr)")
    }

    /// A `custom_date_format` that makes log file names longer than a file name can be fails `--validate-config`,
    /// saying it is too long, and a run keeps the default format: it was valid, and every run failed with exit 2
    /// ("cannot open …_summary.csv: File name too long"); one expanding past 255 bytes was said to make no file
    /// name part.
    @Test func aDateFormatMakingNamesTooLongIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        for (format, bytes) in [(String(repeating: "x", count: 235), 265), (String(repeating: "%Y", count: 70), 310)] {
            let path = try bench.root.write("home/cfg/prx.yaml", "logging:\n  custom_date_format: \"\(format)\"\n")
            let problem = "\(path):2: logging.custom_date_format is too long: it makes log file names of up to "
                + "\(bytes) bytes (parallelr_PID_TIMESTAMP_summary.csv), over the 255 a file name can have (got "
                + "'\(format)'); using %d%b%y_%H%M%S (default)"
            let validation = try await bench.prx(["--validate-config"])
            #expect(validation.status == 1)
            let failure = "✗ Configuration validation failed:\n  - \(problem)\n"
            #expect(validation.stdout == failure, "\(validation.stdout)")
            let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr == "prx: warning: \(problem)\n")
            #expect(bench.logFiles(endingWith: "_summary.csv").count == 1)
            try FileManager.default.removeItem(atPath: bench.logs)
        }
    }

    /// A `custom_date_format` naming the weekday was checked with today's name: `--validate-config` took one that
    /// fits only without "Wednesday", except on Wednesdays. It is held to the longest name on every day: at any
    /// moment the days at UTC−12 and UTC+14 differ, and both refuse it.
    @Test func aDateFormatIsCheckedTheSameOnEveryDay() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        // parallelr_4194304_ (18 bytes), then 217 + "Wednesday" (9), then _summary.csv (12): 256.
        let format = String(repeating: "x", count: 217) + "%A"
        let path = try bench.root.write("home/cfg/prx.yaml", "logging:\n  custom_date_format: \"\(format)\"\n")
        let problem = "\(path):2: logging.custom_date_format is too long: it makes log file names of up to 256 bytes "
            + "(parallelr_PID_TIMESTAMP_summary.csv), over the 255 a file name can have (got '\(format)'); "
            + "using %d%b%y_%H%M%S (default)"
        for zone in ["WEST12", "EAST-14"] {
            let validation = try await bench.prx(["--validate-config"], environment: ["TZ": zone])
            #expect(validation.status == 1, "\(zone)")
            #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(problem)\n", "\(zone)")
        }
    }

    @Test func malformedYAMLIsOneLineNamingFileAndLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 3\n bad: [\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: \(path):"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1)
    }

    /// A file holding values prx cannot take fails `--validate-config`, listing them, as parallelr's checks do; it
    /// said "✓ Configuration is valid" with exit status 0 beside the warnings. A notice (a setting with no effect)
    /// stays a warning.
    @Test func validateConfigFailsOnValuesItCannotTake() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write(
            "home/cfg/prx.yaml",
            "limits:\n  max_workers: 0\n  bogus: 1\nlogging:\n  level: VERBOSE\n  console_format: x\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1)
        #expect(validation.stdout == """
            ✗ Configuration validation failed:
              - \(path):2: limits.max_workers must be a whole number, 1 or more (got '0'); using 20 (default)
              - \(path):3: unknown key limits.bogus; ignored
              - \(path):5: logging.level must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'VERBOSE'); \
            using INFO (default)

            """)
        #expect(validation.stderr.split(separator: "\n").count == 1)
        #expect(validation.stderr.contains("\(path):6: logging.console_format has no effect"), "\(validation.stderr)")
    }

    /// The `plugins:` settings a run refuses at its start for their value, and that run: (setting, value, run
    /// flags, the run's message).
    static let settingsARunRefuses: [(String, String, [String], String)] = [
        ("glob.ext", ".", ["-T", "tasks", "-C", "bash @TASK@"],
            "glob.ext '.' names no extension, so no task file would match: write them as txt,log"),
        ("dir.ext", ",", ["--source", "dir", "--set", "dir.path=tasks", "--set", "dir.command=bash @TASK@"],
            "dir.ext ',' names no extension, so no task file would match: write them as txt,log"),
        ("args-file.separator", "bogus", ["-A", "args.txt", "-C", "echo @ARG@"],
            "unknown separator 'bogus' (args-file.separator); use one of: space, whitespace, tab, comma, semicolon, "
                + "pipe, colon"),
        ("args-file.env", "A,,B", ["-A", "args.txt", "-C", "echo @ARG@"],
            "environment variable list 'A,,B' has an empty entry; write the names as NAME1,NAME2 (args-file.env)"),
        ("glob.command", "  ", ["--source", "glob", "--set", "glob.patterns=tasks"],
            "command template is empty (glob.command)"),
        ("glob.patterns", ",", ["--source", "glob", "--set", "glob.command=bash @TASK@"],
            "source 'glob' needs the setting glob.patterns"),
    ]

    /// An empty `json.path`, `dir.path` or `args-file.file` in `plugins:` is a value the setting does not take, as an
    /// empty `csv.path` is: `--validate-config` reports it at its line, and it stays unset. They were taken, and
    /// refused only by a run that chose the plugin, as missing (`sink 'json' needs the setting json.path`).
    @Test(arguments: ["json.path", "dir.path", "args-file.file", "csv.path"])
    func anEmptyPathInTheFileIsAValueTheSettingDoesNotTake(setting: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (plugin, key) = (setting.prefix { $0 != "." }, setting.drop { $0 != "." }.dropFirst())
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(plugin):\n    \(key): \"\"\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1, "\(validation.stderr)")
        #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(path):3: plugins.\(setting) must be "
            + "text that is not empty (got ''); it stays unset\n")
    }

    /// A `plugins:` value that a run refuses at its start, exit 2, naming file and line, fails `--validate-config`,
    /// alone and with the run's flags, with a line of its report naming file, line and setting with the run's
    /// message, exit 1; it said "✓ Configuration is valid", exit 0 (a `glob.ext` of `.`, an unknown separator). Given
    /// by `--set`, the value is refused with the run's line, named by the `--set` in place of file and line, exit 2, as
    /// the run refuses it. A command template a setting gave is named by that setting, not by `-C`, which the user
    /// never gave.
    @Test(arguments: settingsARunRefuses)
    func validateConfigRefusesWhatARunRefuses(setting: String, value: String, flags: [String], message: String)
        async throws
    {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("args.txt", "a b\n")
        let (plugin, key) = (setting.prefix { $0 != "." }, setting.drop { $0 != "." }.dropFirst())
        let path = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(plugin):\n    \(key): \"\(value)\"\n")
        let run = try await bench.prx(flags + ["-r"])
        #expect(run.status == 2)
        #expect(run.stderr == "prx: error: \(path):3: \(message)\n")
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
        for runFlags in [[], flags] {
            let validation = try await bench.prx(["--validate-config"] + runFlags)
            #expect(validation.status == 1, "\(runFlags): \(validation.stderr)")
            #expect(validation.stdout == "✗ Configuration validation failed:\n  - \(path):3: \(message)\n")
            #expect(validation.stderr.isEmpty, "\(validation.stderr)")
        }
        try bench.root.write("home/cfg/prx.yaml", "")
        let given = try await bench.prx(["--validate-config", "--set", "\(setting)=\(value)"])
        #expect(given.status == 2)
        #expect(given.stderr == "prx: error: --set \(setting)=\(value): \(message)\n")
    }

    /// A value a run refuses beside entries a run ignores: `--validate-config` lists both, exit 1, where it warned of
    /// the entries and stopped at the value, exit 2.
    @Test func validateConfigListsARefusedValueBesideIgnoredEntries() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.tasks(1) { _ in "true\n" }
        let path = try bench.root.write(
            "home/cfg/prx.yaml", "limits:\n  max_workers: 0\nplugins:\n  glob:\n    ext: \".\"\n")
        let run = try await bench.prx(["-T", "tasks", "-C", "bash @TASK@", "-r"])
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").count == 2, "\(run.stderr)")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1)
        #expect(validation.stderr.isEmpty, "\(validation.stderr)")
        #expect(validation.stdout == """
            ✗ Configuration validation failed:
              - \(path):2: limits.max_workers must be a whole number, 1 or more (got '0'); using 20 (default)
              - \(path):5: glob.ext '.' names no extension, so no task file would match: write them as txt,log

            """)
    }

    /// Values the plugins take pass `--validate-config`: an extension list with an empty entry beside an
    /// extension, a known separator, environment variable names, a command and patterns.
    @Test func validateConfigPassesValuesARunTakes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write(
            "home/cfg/prx.yaml",
            "plugins:\n  glob:\n    ext: \"txt, ,.\"\n    patterns: tasks\n    command: bash @TASK@\n"
                + "  args-file:\n    separator: comma\n    env: \"HOST, PORT\"\n  dir:\n    ext: \"\"\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 0, "\(validation.stdout) \(validation.stderr)")
        #expect(validation.stdout.hasPrefix("✓ Configuration is valid\n"), "\(validation.stdout)")
        #expect(validation.stderr.isEmpty, "\(validation.stderr)")
    }

    /// A key only the script configuration may set, or a key that is not text, is ignored when the user file holds
    /// it, and so fails `--validate-config` naming key, file and line; it was only a warning at run time, and the
    /// report said "✓ Configuration is valid". The same key in the script file is valid. (Keys the file's YAML
    /// cannot give are listed before the keys it gives that prx cannot take.)
    @Test func validateConfigFailsOnEntriesTheUserFileCannotSet() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = bench.root.file("script")
        try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_workers: 50\n")
        let path = try bench.root.write(
            "home/cfg/prx.yaml",
            "limits:\n  max_workers: 4\n  max_allowed_workers: 60\nsecurity:\n  max_argument_length: 10\n"
                + "advanced:\n  ? [a, b]\n  : 1\n")
        let environment = ["PRX_CONFIG_DIR": script]
        let validation = try await bench.prx(["--validate-config"], environment: environment)
        #expect(validation.status == 1, "\(validation.stdout) \(validation.stderr)")
        #expect(validation.stdout == """
            ✗ Configuration validation failed:
              - \(path):7: a key must be text; ignored
              - \(path):3: limits.max_allowed_workers can only be set in the script configuration; ignored
              - \(path):5: security.max_argument_length can only be set in the script configuration; ignored

            """)
        #expect(validation.stderr.isEmpty, "\(validation.stderr)")
        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 4\n")
        let clean = try await bench.prx(["--validate-config"], environment: environment)
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
        #expect(clean.stdout.contains("✓ Configuration is valid"))
        #expect(clean.stdout.contains("✓ Workers: 4 (max allowed: 50)"))
        #expect(clean.stderr.isEmpty, "\(clean.stderr)")
    }

    /// A file that is both the script and the user configuration (parallelr's own layout: `~/parallelr/bin/prx`
    /// beside `~/parallelr/cfg/parallelr.yaml`; or `PRX_CONFIG_DIR=$PRX_HOME/cfg`) is read once, as the script
    /// configuration, and so may set the caps and the security section: read again as the user file, its
    /// `max_allowed_*` and `security` keys were warned about on every run and failed `--validate-config`.
    @Test func oneFileThatIsBothConfigurationsIsReadOnceAsTheScriptOne() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let contents = "limits:\n  max_workers: 30\n  max_allowed_workers: 50\n  max_allowed_timeout: 900\n"
            + "  max_allowed_output: 2000\nsecurity:\n  max_argument_length: 2000\n"
        let binary = bench.root.file("user/parallelr/bin/prx")
        try FileManager.default.createDirectory(
            atPath: (binary as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            try FileManager.default.linkItem(atPath: PRXProcess.executablePath, toPath: binary)
        } catch {
            try FileManager.default.copyItem(atPath: PRXProcess.executablePath, toPath: binary)
        }
        let parallelrFile = try bench.root.write("user/parallelr/cfg/parallelr.yaml", contents)
        let parallelrLayout = ["PRX_HOME": "", "PRX_CONFIG_DIR": "", "HOME": bench.root.file("user")]
        let prxFile = try bench.root.write("home/cfg/prx.yaml", contents)
        let configDirectory = ["PRX_CONFIG_DIR": bench.home + "/cfg"]
        for (executable, environment, path, named) in [
            (binary, parallelrLayout, parallelrFile, parallelrFile + " (fallback from prx.yaml)"),
            (PRXProcess.executablePath, configDirectory, prxFile, prxFile),
        ] {
            let validation = try await PRXProcess.run(
                ["--validate-config"], executable: executable, home: bench.home, environment: environment)
            #expect(validation.status == 0, "\(validation.stdout) \(validation.stderr)")
            #expect(validation.stderr.isEmpty, "\(validation.stderr)")
            #expect(validation.stdout.contains("✓ Configuration is valid\n✓ Script config: \(named)\n"
                + "✓ User config: \(named) (the script config too: read once, as the script config)\n"))
            #expect(validation.stdout.contains("✓ Workers: 30 (max allowed: 50)\n"))
            #expect(validation.stdout.contains("✓ Timeout: 600s (max allowed: 900s)\n"))
            let shown = try await PRXProcess.run(
                ["--show-config"], executable: executable, home: bench.home, environment: environment)
            #expect(shown.stdout.contains("  max_argument_length: 2000  # script: \(path)\n"), "\(shown.stdout)")
            let folder = try bench.tasks(1) { _ in "true\n" }
            let run = try await PRXProcess.run(
                ["-T", folder, "-C", "bash @TASK@", "-r", "--log-dir", bench.logs], executable: executable,
                home: bench.home, environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.isEmpty, "\(run.stderr)")
            #expect(run.stdout.contains("- Workers: 30"), "\(run.stdout)")
        }
    }

    @Test func validateAndShowConfigReport() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write("home/cfg/prx.yaml", "limits:\n  timeout_seconds: 30\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 0)
        #expect(validation.stdout.contains("✓ Configuration is valid"))
        #expect(validation.stdout.contains("User config: \(path)"))
        #expect(validation.stdout.contains("Timeout: 30s (max allowed: 3600s)"))
        let shown = try await bench.prx(["--show-config", "-m", "7"])
        #expect(shown.stdout.contains("timeout_seconds: 30"))
        #expect(shown.stdout.contains("max_workers: 7"))
        let dependencies = try await bench.prx(["--check-dependencies"])
        #expect(dependencies.stdout.contains("Lua 5.4"))
    }

    /// `--check-dependencies` says what prx finds of the system, which no configuration changes, as parallelr's reads
    /// no configuration: a malformed file stopped it, exit 2, and a file's warnings came with its report.
    @Test func checkDependenciesDoesNotReadTheConfiguration() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for text in ["limits: [\n", "limits:\n  max_workers: many\n"] {
            try bench.root.write("home/cfg/prx.yaml", text)
            let dependencies = try await bench.prx(["--check-dependencies"])
            #expect(dependencies.status == 0)
            #expect(dependencies.stderr.isEmpty, "\(dependencies.stderr)")
            #expect(dependencies.stdout.contains("Lua 5.4"))
        }
    }

    /// `--validate-config` and `--show-config` refuse a `-m`, `-t` or `-s` a run refuses, with the run's one line and
    /// exit 2: they said "✓ Configuration is valid" and "✓ Workers: 0" for `-m 0`, printed `task_start_delay: nan`
    /// for `-s nan`, and capped `-m 150` to 100 with a warning, which a run refuses (parallelr's `-m` has "max: 100").
    @Test(arguments: [
        ["-m", "0"], ["-m", "150"], ["-t", "0"], ["-t", "3601"], ["-s", "-1"], ["-s", "100"], ["-s", "nan"],
        ["--heartbeat-timeout", "0"],
    ])
    func showAndValidateConfigRefuseTheFlagValuesARunRefuses(flag: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@"] + flag)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("prx: error: \(flag[0])"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        for report in ["--validate-config", "--show-config"] {
            let outcome = try await bench.prx([report] + flag)
            #expect(outcome.status == 2, "\(report) \(flag): \(outcome.stdout)")
            #expect(outcome.stdout.isEmpty, "\(report) \(flag): \(outcome.stdout)")
            #expect(outcome.stderr == run.stderr, "\(report) \(flag)")
        }
    }

    /// `--show-config` shows the value a run uses of a key a plugin's setting stands for, in both places, naming the
    /// one that gave it: with the script's `plugins.local.max_output_capture: 300` it showed
    /// `limits.max_output_capture: 1000  # default` beside the plugin's 300, which the run used. It lists the plugin
    /// settings that `--feedback`, `--heartbeat-timeout` and `--sync` give, as it lists a `--set`'s, which it took
    /// and left out.
    @Test func showConfigShowsTheSettingsARunUses() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write("script/prx.yaml", "plugins:\n  local:\n    max_output_capture: 300\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let fromPlugins = try await bench.prx(["--show-config"], environment: environment)
        #expect(fromPlugins.stdout.contains(
            "  max_output_capture: 300  # script: \(script), as plugins.local.max_output_capture\n"),
            "\(fromPlugins.stdout)")
        #expect(fromPlugins.stdout.contains("    \"max_output_capture\": 300  # script: \(script)\n"))

        let user = try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_output_capture: 900\n")
        let fromKey = try await bench.prx(["--show-config"], environment: environment)
        #expect(fromKey.stdout.contains("  max_output_capture: 900  # user: \(user)\n"), "\(fromKey.stdout)")
        #expect(fromKey.stdout.contains(
            "    \"max_output_capture\": 900  # user: \(user), as limits.max_output_capture\n"),
            "\(fromKey.stdout)")

        let flags = try await bench.prx(["--show-config", "--feedback", "--heartbeat-timeout", "5", "--sync"])
        #expect(flags.status == 0, "\(flags.stderr)")
        #expect(flags.stdout.hasSuffix("""
            plugins:
              "csv":
                "sync": true  # flag: --sync
              "local":
                "feedback": true  # flag: --feedback
                "heartbeat_timeout": 5  # flag: --heartbeat-timeout


            """), "\(flags.stdout)")
    }

    /// A value held to a `max_allowed_*` cap shows, after its source, the value asked for and the cap, for every capped
    /// key: a default held to the script's cap read `timeout_seconds: 10  # default`, as if prx's default were 10
    /// (it is 600), and a file's value held read as the file's own. The cap's line shows its value and source.
    @Test(arguments: [
        ("max_allowed_timeout", "timeout_seconds", "600"), ("max_allowed_workers", "max_workers", "20"),
        ("max_allowed_output", "max_output_capture", "1000"),
    ])
    func showConfigNamesTheValueACapHeld(cap: String, key: String, defaultValue: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write("script/prx.yaml", "limits:\n  \(cap): 10\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let fromDefault = try await bench.prx(["--show-config"], environment: environment)
        #expect(fromDefault.status == 0, "\(fromDefault.stderr)")
        #expect(fromDefault.stdout.contains("\n  \(key): 10  # default, \(defaultValue) held to limits.\(cap)\n"),
            "\(fromDefault.stdout)")
        #expect(fromDefault.stdout.contains("\n  \(cap): 10  # script: \(script)\n"), "\(fromDefault.stdout)")
        let user = try bench.root.write("home/cfg/prx.yaml", "limits:\n  \(key): 50\n")
        let fromUser = try await bench.prx(["--show-config"], environment: environment)
        #expect(fromUser.stdout.contains("\n  \(key): 10  # user: \(user), 50 held to limits.\(cap)\n"),
            "\(fromUser.stdout)")
    }

    /// `--show-config` and `--validate-config` take `--set` as they take `-m`: the value shown, named as the flag's,
    /// held to its cap; a setting no plugin takes is a usage error, exit 2, as a run refuses it, and so is text of
    /// another form. They left `--set` out: `plugins: {}`, and "valid" for `--set bogus.x=1`.
    @Test func showAndValidateConfigTakeSet() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_output: 3000\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let shown = try await bench.prx(
            ["--show-config", "--set", "local.termination_grace=7", "--set", "local.max_output_capture=5000"],
            environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasSuffix("""
            plugins:
              "local":
                "max_output_capture": 3000  # flag: --set, 5000 held to limits.max_allowed_output
                "termination_grace": 7  # flag: --set


            """), "\(shown.stdout)")
        #expect(shown.stderr == "prx: warning: --set: local.max_output_capture 5000 is above "
            + "limits.max_allowed_output 3000 (script: \(script)); using 3000\n")
        let valid = try await bench.prx(["--validate-config", "--set", "local.termination_grace=7"],
            environment: environment)
        #expect(valid.status == 0, "\(valid.stdout) \(valid.stderr)")
        #expect(valid.stdout.hasPrefix("✓ Configuration is valid\n"))
        let invalid = try await bench.prx(["--validate-config", "--set", "bogus.x=1", "--set", "csv.pth=1"])
        #expect(invalid.status == 2)
        #expect(invalid.stdout.isEmpty, "\(invalid.stdout)")
        #expect(invalid.stderr == "prx: error: --set bogus.x=1: unknown plugin 'bogus' (see 'prx plugins')\n")
        let malformed = try await bench.prx(["--validate-config", "--set", "nothing"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "prx: error: --set takes NAME.KEY=VALUE (got 'nothing')\n")
    }

    /// `--show-config` lists under `plugins:` the settings parallelr's source flags and `--json` give, as it lists
    /// `--sync`'s: it left out `-A`, `-T`, `-C`, `-S`, `-E`, `--file-extension` and `--json`, which a run gives its
    /// plugins. They go to the source the flags choose (`-A` `args-file`, `-T` `glob`, each `-T` one pattern of the
    /// list, as given); with neither, to each source that takes them, as a run choosing it has them.
    @Test(arguments: [
        (["-A", "args.txt", "-T", "tmpl", "-C", "echo @ARG@", "-S", "comma", "-E", "X", "--json", "out.jsonl"], """
            plugins:
              "args-file":
                "command": "echo @ARG@"  # flag: -C
                "env": "X"  # flag: -E
                "file": "args.txt"  # flag: -A
                "separator": "comma"  # flag: -S
                "template": "tmpl"  # flag: -T
              "json":
                "path": "out.jsonl"  # flag: --json


            """),
        (["-T", "a,1", "-T", "b", "--file-extension", "txt", "-C", "cat @TASK@"], """
            plugins:
              "glob":
                "command": "cat @TASK@"  # flag: -C
                "ext": "txt"  # flag: --file-extension
                "patterns": ["a,1", "b"]  # flag: -T


            """),
        (["-C", "echo @ARG@", "-S", "comma", "--set", "args-file.env=HOST"], """
            plugins:
              "args-file":
                "command": "echo @ARG@"  # flag: -C
                "env": "HOST"  # flag: --set
                "separator": "comma"  # flag: -S
              "glob":
                "command": "echo @ARG@"  # flag: -C


            """),
    ])
    func showConfigListsTheSettingsOfSourceFlagsAndJSON(flags: [String], plugins: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let shown = try await bench.prx(["--show-config"] + flags)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasSuffix("\n" + plugins), "\(shown.stdout)")
    }

    /// A `--set` held to a configured cap is warned of in the same words by a run, `--validate-config` and
    /// `--show-config`: the reports said `--set: plugins.local.max_output_capture 5000 is above …`, the run
    /// `local.max_output_capture 5000 is above …`, naming no `--set`.
    @Test func aSetAboveACapIsWarnedOfAlikeByARunAndTheReports() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write("script/prx.yaml", "limits:\n  max_allowed_output: 3000\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let folder = try bench.tasks(1) { _ in "true\n" }
        let set = ["--set", "local.max_output_capture=5000"]
        let warning = "prx: warning: --set: local.max_output_capture 5000 is above limits.max_allowed_output 3000 "
            + "(script: \(script)); using 3000\n"
        let run = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"] + set, environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == warning)
        for report in ["--validate-config", "--show-config"] {
            let outcome = try await bench.prx([report] + set, environment: environment)
            #expect(outcome.status == 0, "\(report): \(outcome.stderr)")
            #expect(outcome.stderr == warning, "\(report)")
        }
    }

    /// A `--set` that a run refuses for its key or value, exit 2, is refused so by `--validate-config` and
    /// `--show-config`, with the run's line, as `-m 0` is: `--validate-config` printed its report of a file's entries
    /// a run ignores, with "a run refuses it", exit 1 (and `--show-config` showed the rest, exit 0), for all but a
    /// required setting given empty (`--set dir.path=`), which had the run's line, exit 2. The same entry in a
    /// file, which a run ignores with a warning, is still a line of the report, exit 1.
    @Test(arguments: [
        "csv.path=", "local.max_output_capture=abc", "log.backup_count=1001", "local.bogus=1", "csv.sync=maybe",
    ])
    func showAndValidateConfigRefuseTheSetValuesARunRefuses(assignment: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "--set", assignment, "-r"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("prx: error: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(bench.logFiles(endingWith: "").isEmpty, "\(bench.logFiles(endingWith: ""))")
        for report in ["--validate-config", "--show-config"] {
            let outcome = try await bench.prx([report, "--set", assignment])
            #expect(outcome.status == 2, "\(report) \(assignment): \(outcome.stdout)")
            #expect(outcome.stdout.isEmpty, "\(report) \(assignment): \(outcome.stdout)")
            #expect(outcome.stderr == run.stderr, "\(report) \(assignment)")
        }
        let (setting, value) = (assignment.prefix { $0 != "=" }, assignment.drop { $0 != "=" }.dropFirst())
        let (plugin, key) = (setting.prefix { $0 != "." }, setting.drop { $0 != "." }.dropFirst())
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  \(plugin):\n    \(key): \"\(value)\"\n")
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.status == 1, "\(validation.stderr)")
        #expect(validation.stdout.hasPrefix("✗ Configuration validation failed:\n  - "), "\(validation.stdout)")
        // The report says what is used in the value's place, where the plugin has the setting.
        let kept = key == "bogus" ? "; ignored\n" : key == "path" ? "; it stays unset\n" : " (default)\n"
        #expect(validation.stdout.hasSuffix(kept), "\(validation.stdout)")
    }

    /// A `plugins:` value a run cannot take is warned of with the value used in its place, as a section key's is: it
    /// said "plugins.local.termination_grace: setting local.termination_grace must be a number (got 'abc'); ignored".
    @Test func aWrongPluginValueIsWarnedOfWithTheValueUsed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = try bench.root.write("script/prx.yaml", "plugins:\n  local:\n    termination_grace: 5\n")
        let user = try bench.root.write("home/cfg/prx.yaml", "plugins:\n  local:\n    termination_grace: abc\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(
            ["-T", folder, "-C", "bash @TASK@", "-r"], environment: ["PRX_CONFIG_DIR": bench.root.file("script")])
        #expect(run.status == 0)
        #expect(run.stderr == "prx: warning: \(user):3: plugins.local.termination_grace must be a number (got 'abc'); "
            + "using 5 (script: \(script))\n")
    }

    @Test func pluginSettingsComeFromTheConfiguration() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let csv = bench.root.file("from-config.csv")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  csv:\n    path: \(csv)\n")
        let folder = try bench.tasks(2) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count == 3)
    }

    @Test func isolatedWorkspacesGiveEachWorkerItsDirectory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "execution:\n  workspace_isolation: true\n")
        let folder = try bench.tasks(4) { _ in "pwd\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r", "-m", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let workspaces = try FileManager.default.contentsOfDirectory(atPath: bench.home + "/workspace")
        #expect(!workspaces.isEmpty)
        #expect(workspaces.allSatisfy { $0.wholeMatch(of: /pid\d+_worker[12]/) != nil })
        #expect(outcome.stdout.contains("Workspace Type: Isolated per worker"))
    }

    /// (A `tasker` on the `PATH`: a dry run reports a task whose program it cannot find as not runnable.)
    @Test func ptaskerBuildsTheTaskerCommand() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let hosts = try bench.root.write("hosts.txt", "alpha\n")
        let files = try await PRXProcess.run(
            ["-T", folder, "-p", "demo"], executable: link, home: bench.home, environment: ["PATH": path])
        #expect(files.stdout.contains("tasker \(folder)/task1.sh -p demo -r"), "\(files.stdout) \(files.stderr)")
        let template = try await PRXProcess.run(["-T", "\(folder)/task1.sh", "-A", hosts],
            executable: link, home: bench.home, environment: ["PATH": path])
        let project = try #require(
            template.stdout.firstMatch(of: /^Auto-generated project: (parallelr_[0-9a-f]{6})\n/)?.1)
        #expect(template.stdout.contains("HOSTNAME=alpha tasker \(folder)/task1.sh -p \(project) -r"))
    }

    /// As parallelr has it, any name that starts with `ptasker` is ptasker mode (prx needed exactly `ptasker`), whose
    /// files are named after the name without its extension, as parallelr's `Path.stem` names them: `ptasker.py`'s
    /// are ptasker's, `ptasker2`'s are `ptasker2.yaml` and `~/ptasker2/logs`.
    @Test(arguments: [("ptasker.py", "ptasker"), ("ptasker2", "ptasker2")])
    func aNameStartingWithPtaskerIsPtaskerMode(name: String, stem: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let link = bench.root.file(name)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        let path = try bench.ptasker(tasker: "exit 0\n").path
        let folder = try bench.tasks(1) { _ in "true\n" }
        let dryRun = try await PRXProcess.run(
            ["-T", folder, "-p", "demo"], executable: link, home: bench.home, environment: ["PATH": path])
        #expect(dryRun.stdout.contains("tasker \(folder)/task1.sh -p demo -r"), "\(dryRun.stdout) \(dryRun.stderr)")

        let user = bench.root.file("user")
        let own = try bench.root.write("user/\(stem)/cfg/\(stem).yaml", "limits:\n  max_workers: 3\n")
        let report = try await PRXProcess.run(
            ["--validate-config"], executable: link, home: bench.home, environment: ["PRX_HOME": "", "HOME": user])
        #expect(report.stdout.contains("✓ User config: \(own)\n"), "\(report.stdout) \(report.stderr)")
        #expect(report.stdout.contains("✓ Log dir: \(user)/\(stem)/logs\n"), "\(report.stdout)")
        #expect(report.stdout.contains("✓ Workers: 3 "), "\(report.stdout)")
    }

    /// Without `PRX_HOME`, a ptasker's logs go to `~/ptasker/logs`, as parallelr's validation report shows them
    /// (they went to `~/parallelr/logs`).
    @Test func aPtaskerLogsInItsOwnDirectory() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let link = bench.root.file("ptasker")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        let user = bench.root.file("user")
        let report = try await PRXProcess.run(
            ["--validate-config"], executable: link, home: bench.home, environment: ["PRX_HOME": "", "HOME": user])
        #expect(report.stdout.contains("✓ Log dir: \(user)/ptasker/logs\n"), "\(report.stdout) \(report.stderr)")
        #expect(report.stdout.contains("✓ Working dir: \(user)/prx/workspace\n"))
    }

    /// A made-up project is named at the run's start (on standard output and in the log), as the user needs it to
    /// find TASKER's results (it was only in the CSV's commands); an empty `-p` gets one too (tasker got `-p ''`);
    /// `-A` without the template `-T` is refused before anything runs (every task was an ERROR); a `-C` that
    /// leaves `-p` unused says so.
    @Test func ptaskerNamesItsProjectAndNeedsItsTemplate() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let hosts = try bench.root.write("hosts.txt", "alpha\n")
        func ptasker(_ arguments: [String]) async throws -> PRXProcess.Outcome {
            try await PRXProcess.run(arguments, executable: link, home: bench.home, environment: ["PATH": path])
        }
        let run = try await ptasker(["-T", folder, "-p", "", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        let project = try #require(run.stdout.firstMatch(of: /^Auto-generated project: (parallelr_[0-9a-f]{6})\n/)?.1)
        #expect(try await bench.summaryRecords().first?["command"] == "tasker \(folder)/task1.sh -p \(project) -r")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains(" - Auto-generated project: \(project)\n"))

        let untemplated = try await ptasker(["-A", hosts, "-p", "demo"])
        #expect(untemplated.status == 2)
        #expect(untemplated.stderr.hasPrefix(
            "prx: error: ptasker's command, tasker @TASK@ -p <project> -r, needs the template file with -A"))
        let replaced = try await ptasker(["-T", folder, "-p", "demo", "-C", "echo @TASK@"])
        #expect(replaced.status == 0)
        #expect(replaced.stderr == "prx: warning: ptasker: -C/--Command replaces the tasker command, so -p/--project "
            + "is not used\n")
    }

    /// ptasker's `-A` without `-T` takes the template file a configuration file (`plugins: args-file: template:`) or
    /// a `--set` gives, as `-C`'s `@TASK@` does in flags mode: it was refused before the configuration was read. With
    /// none, the refusal comes once the configuration is read, after the configuration file's own error.
    @Test func ptaskerTakesItsTemplateFromTheConfiguration() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        let hosts = try bench.root.write("hosts.txt", "alpha\n")
        let template = try bench.root.write("template.txt", "job\n")
        func ptasker(_ arguments: [String]) async throws -> PRXProcess.Outcome {
            try await PRXProcess.run(arguments, executable: link, home: bench.home, environment: ["PATH": path])
        }
        let configuration = try bench.root.write(
            "home/cfg/prx.yaml", "plugins:\n  args-file:\n    template: \(template)\n")
        let fromFile = try await ptasker(["-A", hosts, "-p", "demo", "-r"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(try await bench.summaryRecords().first?["command"] == "tasker \(template) -p demo -r")

        try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 3\n---\nb: 2\n")
        let broken = try await ptasker(["-A", hosts, "-p", "demo"])
        #expect(broken.status == 2)
        #expect(broken.stderr == "prx: error: \(configuration):3: a configuration file holds one YAML document; "
            + "a second one starts here\n")

        try FileManager.default.removeItem(atPath: configuration)
        let fromSet = try await ptasker(["-A", hosts, "-p", "demo", "--set", "args-file.template=\(template)"])
        #expect(fromSet.status == 0, "\(fromSet.stderr)")
        #expect(fromSet.stdout.contains("tasker \(template) -p demo -r"), "\(fromSet.stdout)")
        let untemplated = try await ptasker(["-A", hosts, "-p", "demo"])
        #expect(untemplated.status == 2)
        #expect(untemplated.stderr.hasPrefix(
            "prx: error: ptasker's command, tasker @TASK@ -p <project> -r, needs the template file with -A"))
    }

    /// A ptasker run refused for want of a template names no project it made up (it printed `Auto-generated
    /// project: parallelr_…` before the refusal), and `--validate-config` refuses it in the run's words (it said
    /// `-C/--Command uses @TASK@ …`, a flag the user never typed); with the configuration's template it validates.
    @Test func aPtaskerRunWithoutTemplateIsRefusedInItsOwnWordsAlone() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        let hosts = try bench.root.write("hosts.txt", "alpha\n")
        func ptasker(_ arguments: [String]) async throws -> PRXProcess.Outcome {
            try await PRXProcess.run(arguments, executable: link, home: bench.home, environment: ["PATH": path])
        }
        let words = "prx: error: ptasker's command, tasker @TASK@ -p <project> -r, needs the template file with -A: "
            + "give it with -T (see 'ptasker --help')\n"
        for arguments in [["-A", hosts], ["-A", hosts, "-r"], ["-A", hosts, "--validate-config"]] {
            let refused = try await ptasker(arguments)
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stdout == "", "\(arguments)")
            #expect(refused.stderr == words, "\(arguments)")
        }
        let template = try bench.root.write("template.txt", "job\n")
        try bench.root.write("home/cfg/prx.yaml", "plugins:\n  args-file:\n    template: \(template)\n")
        let validated = try await ptasker(["-A", hosts, "--validate-config"])
        #expect(validated.status == 0, "\(validated.stdout) \(validated.stderr)")
    }

    @Test func aPtaskerRunLogsTheFallbackItUsed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let link = bench.root.file("ptasker")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        let script = try bench.root.write("script/parallelr.yaml", "limits:\n  max_workers: 2\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await PRXProcess.run(
            ["-T", folder, "-p", "demo", "-r"], executable: link, home: bench.home,
            environment: ["PRX_CONFIG_DIR": bench.root.file("script")])
        #expect(outcome.stdout.contains("- Workers: 2"), "\(outcome.stdout) \(outcome.stderr)")
        let log = try String(contentsOfFile: try #require(bench.logFiles(endingWith: ".log").first), encoding: .utf8)
        #expect(log.contains("Script config: \(script) (fallback from ptasker.yaml)"), "\(log)")
        #expect(log.contains("User config: Not found in PRX_HOME \(bench.home)/cfg (using defaults)"))
    }

    /// A ptasker run is resumed as ptasker, whatever name resumes it: with ptasker's configuration files and log
    /// directory (it had prx's: 5 workers in `~/parallelr/logs`), as its summary's hint and `prx history` name it
    /// (with the words the user typed); a journal that does not record the name (an older prx's, which recorded
    /// ptasker's command as -C) is resumed under the resuming prx's, as before.
    @Test func aPtaskerRunIsResumedAsPtasker() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 1\n")
        let user = bench.root.file("user")
        try bench.root.write("user/ptasker/cfg/ptasker.yaml", "limits:\n  max_workers: 2\n  timeout_seconds: 7\n")
        try bench.root.write("user/prx/cfg/prx.yaml", "limits:\n  max_workers: 5\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let environment = ["PATH": path, "PRX_HOME": "", "HOME": user]
        let first = try await PRXProcess.run(
            ["-T", folder, "-p", "x", "-r"], executable: link, home: bench.home, environment: environment)
        let runID = try #require(first.stdout.firstMatch(of: /Run: (\S+)/)?.1)
        #expect(first.stdout.contains("- Run: \(runID) (ptasker history \(runID); ptasker --resume \(runID))"),
            "\(first.stdout) \(first.stderr)")

        let again = try await PRXProcess.run(
            ["--resume-failed", String(runID)], home: bench.home, environment: environment)
        #expect(again.status == 1, "\(again.stdout) \(again.stderr)")
        #expect(again.stdout.contains("- Workers: 2\n"), "\(again.stdout)")
        #expect(again.stdout.contains("- Log Dir: \(user)/ptasker/logs\n"), "\(again.stdout)")
        #expect(again.stdout.contains("ptasker --resume "), "\(again.stdout)")
        let history = try await PRXProcess.run(["history"], home: bench.home, environment: environment)
        #expect(history.stdout.contains("  ptasker -T \(folder) -p x -r\n"), "\(history.stdout)")

        let second = try await PRXProcess.run(
            ["-T", folder, "-p", "x", "-r"], executable: link, home: bench.home, environment: environment)
        let secondID = try #require(second.stdout.firstMatch(of: /Run: (\S+)/)?.1)
        let journal = user + "/prx/history/\(secondID).jsonl"
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"program\":\"ptasker\",") && text.contains("\"-r\"],\"cwd\""), "\(text)")
        // As an older prx wrote it: no name, and ptasker's command among the arguments, as -C.
        try text.replacingOccurrences(of: "\"program\":\"ptasker\",", with: "")
            .replacingOccurrences(of: "\"-r\"],\"cwd\"", with: "\"-r\",\"-C\",\"tasker @TASK@ -p x -r\"],\"cwd\"")
            .write(toFile: journal, atomically: true, encoding: .utf8)
        let older = try await PRXProcess.run(
            ["--resume-failed", String(secondID)], home: bench.home, environment: environment)
        #expect(older.stdout.contains("- Workers: 5\n"), "\(older.stdout) \(older.stderr)")
        #expect(older.stdout.contains("- Log Dir: \(user)/parallelr/logs\n"), "\(older.stdout)")
    }

    /// A resumption of a ptasker run whose project prx made up builds the same tasker commands, under either name, and
    /// says the project is the resumed run's (`Project of the resumed run: X`), where it said it made it up.
    @Test func aPtaskerRunResumesUnderEitherNameWithItsProject() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "case \"$1\" in *task2.sh) exit 1;; esac\n")
        let folder = try bench.tasks(3) { _ in "true\n" }
        let first = try await PRXProcess.run(
            ["-T", folder, "-r"], executable: link, home: bench.home, environment: ["PATH": path])
        #expect(first.status == 1, "\(first.stdout) \(first.stderr)")
        let runID = try #require(first.stdout.firstMatch(of: /Run: (\S+)/)?.1)
        let commands = try await bench.summaryRecords().compactMap { $0["command"] }
        let project = try #require(commands.first?.firstMatch(of: /-p (parallelr_[0-9a-f]{6}) -r/)?.1)

        // Each resume takes up the run before it: the chain's last run carries it on.
        var last = String(runID)
        for resumer in [link, PRXProcess.executablePath] {
            let before = Set(bench.logFiles(endingWith: "_summary.csv"))
            let logsBefore = Set(bench.logFiles(endingWith: ".log"))
            let again = try await PRXProcess.run(
                ["--resume-failed", last], executable: resumer, home: bench.home, environment: ["PATH": path])
            #expect(again.status == 1, "\(resumer): \(again.stdout) \(again.stderr)")
            // It names the project as the resumed run's, in the output and the log: it said it made it up.
            #expect(again.stdout.hasPrefix("Project of the resumed run: \(project)\n"), "\(again.stdout)")
            #expect(!again.stdout.contains("Auto-generated"), "\(again.stdout)")
            let logs = Set(bench.logFiles(endingWith: ".log")).subtracting(logsBefore)
            #expect(logs.contains { log in
                (try? String(contentsOfFile: log, encoding: .utf8))?
                    .contains(" - Project of the resumed run: \(project)\n") == true
            }, "\(logs)")
            last = try #require(again.stdout.firstMatch(of: /Run: (\S+)/).map { String($0.1) })
            let newest = try #require(Set(bench.logFiles(endingWith: "_summary.csv")).subtracting(before).first)
            let rows = try String(contentsOfFile: newest, encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(rows.count == 1)
            #expect(rows.first?.contains("task2.sh -p \(project) -r") == true, "\(rows)")
        }
    }

    /// A script's `max_allowed_timeout` above 1000000000 let a file's `timeout_seconds` above it too be taken without
    /// a word (`✓ Timeout: 5000000000s`), though prx waits at most 1000000000 s: the value is now held to that, with a
    /// cap's warning, from a run, `--show-config` and `--validate-config` alike, which passes, as with any cap; a value
    /// `max_allowed_timeout` holds first is warned about once, in these words.
    @Test(arguments: [("99999999999", "5000000000"), ("5000000000", "9000000000")])
    func aTimeoutAboveTheLongestTimeLimitIsHeldToIt(cap: String, asked: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let script = bench.root.file("script/prx.yaml")
        try bench.root.write(
            "script/prx.yaml", "limits:\n  max_allowed_timeout: \(cap)\n  timeout_seconds: \(asked)\n")
        let environment = ["PRX_CONFIG_DIR": bench.root.file("script")]
        let warning = "prx: warning: \(script):3: limits.timeout_seconds \(asked) is above prx's longest time limit "
            + "1000000000; using 1000000000\n"
        let folder = try bench.tasks(1) { _ in "true\n" }
        let run = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == warning)
        let shown = try await bench.prx(["--show-config"], environment: environment)
        #expect(shown.stderr == warning)
        #expect(shown.stdout.contains(
            "  timeout_seconds: 1000000000  # script: \(script), \(asked) held to prx's longest time limit\n"),
            "\(shown.stdout)")
        let validation = try await bench.prx(["--validate-config"], environment: environment)
        #expect(validation.status == 0, "\(validation.stdout)")
        #expect(validation.stderr == warning)
        #expect(validation.stdout.contains("✓ Timeout: 1000000000s (max allowed: \(cap)s)\n"), "\(validation.stdout)")
    }
}
