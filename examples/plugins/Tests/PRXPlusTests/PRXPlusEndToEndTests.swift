import ExampleTesting
import Foundation
import PRXTesting
import Testing

/// The built `prx-plus` run on real files, as a user would run it, with `PRX_HOME` in a temporary directory.
@Suite(.runsProcesses) struct PRXPlusEndToEndTests {
    private static let runArguments = [
        "--source", "jsonl", "--set", "jsonl.file=tasks.jsonl",
        "--sink", "prometheus", "--set", "prometheus.path=metrics.prom", "-r",
    ]

    @Test(.enabled(if: PrometheusTextfile.python != nil, "python3 is not installed: cannot parse the metrics file"))
    func runsTheTasksAndWritesTheMetrics() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try directory.write("tasks.jsonl", """
            {"argv": ["touch", "\(out)/argv"], "name": "touch"}
            {"sh": "echo \\"$GREETING\\" > \(out)/sh", "env": {"GREETING": "hello"}}

            {"sh": "pwd > here", "cwd": "\(out)"}
            {"sh": "exit 3", "name": "fails"}
            {"sh": "sleep 5", "timeout": 0.5, "name": "slow"}

            """)
        let outcome = try await PRXPlus.run(Self.runArguments, home: directory.file("home"), directory: directory.path)

        #expect(outcome.status == 1, "a failed task makes the run fail: \(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(out)/argv"))
        #expect(try directory.read("out/sh") == "hello\n")
        #expect(try directory.read("out/here") == "\(out)\n")

        let metrics = try await PrometheusTextfile(path: directory.file("metrics.prom"))
        #expect(metrics.value("prx_tasks_total", ["status": "SUCCESS"]) == 3)
        #expect(metrics.value("prx_tasks_total", ["status": "FAILED"]) == 1)
        #expect(metrics.value("prx_tasks_total", ["status": "TIMEOUT"]) == 1)
        #expect(metrics.value("prx_task_duration_seconds_count") == 5)
        #expect(metrics.value("prx_task_duration_seconds_bucket", ["le": "+Inf"]) == 5)
        #expect(metrics.value("prx_task_duration_seconds_bucket", ["le": "0.25"]).map { $0 >= 3 && $0 <= 4 } == true)
        #expect(metrics.value("prx_tasks_running") == 0)
        let start = try #require(metrics.value("prx_run_start_timestamp_seconds"))
        let end = try #require(metrics.value("prx_run_end_timestamp_seconds"))
        #expect(start <= end && end <= Date().timeIntervalSince1970)

        let logs = directory.file("home/logs")
        let summary = try #require(try FileManager.default.contentsOfDirectory(atPath: logs).first { $0.hasSuffix("_summary.csv") })
        let rows = try String(contentsOfFile: "\(logs)/\(summary)", encoding: .utf8).split(separator: "\n").dropFirst()
        let statusByLabel = Dictionary(uniqueKeysWithValues: rows.map { row in
            let fields = row.split(separator: ";", omittingEmptySubsequences: false)
            return (String(fields[5]), String(fields[2]))
        })
        #expect(statusByLabel == ["touch": "SUCCESS", "2": "SUCCESS", "4": "SUCCESS", "fails": "FAILED", "slow": "TIMEOUT"])
    }

    @Test func aMalformedLineStopsTheRunNamingFileAndLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", """
            {"sh": "touch first"}
            {"sh": "touch second", "timout": 5}
            """)
        let outcome = try await PRXPlus.run(Self.runArguments, home: directory.file("home"), directory: directory.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").last
            == "prx: error: source 'jsonl': tasks.jsonl:2: unknown key 'timout' (valid: argv, cwd, env, name, sh, timeout)")
        #expect(FileManager.default.fileExists(atPath: directory.file("home/workspace/first")))
        #expect(!FileManager.default.fileExists(atPath: directory.file("home/workspace/second")))
        #expect(try directory.read("metrics.prom").contains("prx_tasks_total{status=\"SUCCESS\"} 1\n"))
    }

    @Test(arguments: [
        (["--sink", "promethus"], "prx: error: unknown sink 'promethus' (valid: csv, json, log, output, prometheus)"),
        (["--sink", "prometheus", "--set", "prometheus.evry=3"],
            "prx: error: --set prometheus.evry=3: unknown setting 'evry' for sink 'prometheus' (valid: every, path)"),
        (["--sink", "prometheus"],
            "prx: error: sink 'prometheus' needs the setting prometheus.path (--set prometheus.path=… or a "
                + "configuration file)"),
        (["--source", "jsonl"],
            "prx: error: source 'jsonl' needs the setting jsonl.file (--set jsonl.file=… or a configuration file)"),
        (["--source", "jsonl", "--set", "jsonl.file=missing.jsonl"],
            "prx: error: --set jsonl.file=missing.jsonl: source 'jsonl': missing.jsonl: No such file or directory"),
    ])
    func aBadSelectionIsOneLineAndExitStatus2(_ extra: [String], _ message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", #"{"sh": "touch ran"}"# + "\n")
        var arguments = extra.contains("--source") ? [] : ["--source", "jsonl", "--set", "jsonl.file=tasks.jsonl"]
        arguments += extra + ["-r"]
        let outcome = try await PRXPlus.run(arguments, home: directory.file("home"), directory: directory.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == message + "\n")
        #expect(!FileManager.default.fileExists(atPath: directory.file("home/workspace/ran")))
    }

    /// The settings neither plugin can do without are declared required, so a dry run and `--validate-config`, which
    /// make no sink, refuse a missing `prometheus.path` as the run does; checked in the factory alone, both passed it
    /// (exit 0) and only `-r` said it was missing.
    @Test(arguments: [[], ["--validate-config"]])
    func aMissingPathIsRefusedWithoutRunning(_ extra: [String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", #"{"sh": "touch ran"}"# + "\n")
        let arguments = ["--source", "jsonl", "--set", "jsonl.file=tasks.jsonl", "--sink", "prometheus"] + extra
        let outcome = try await PRXPlus.run(arguments, home: directory.file("home"), directory: directory.path)
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "prx: error: sink 'prometheus' needs the setting prometheus.path "
            + "(--set prometheus.path=… or a configuration file)\n")
    }

    @Test func theNewPluginsAreListed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try await PRXPlus.run(["plugins"], home: directory.file("home"), directory: directory.path)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("source jsonl — "))
        #expect(outcome.stdout.contains("sink prometheus — "))
        #expect(outcome.stdout.contains("prometheus.every <integer, 0 or more> (default: 0)"))
        #expect(outcome.stdout.contains("prometheus.path <string> (required): the .prom file, replaced atomically\n"))
        #expect(outcome.stdout.contains("jsonl.file <string> (required): the JSON Lines file\n"))
        #expect(outcome.stdout.contains("sink csv — "), "the built-ins are still there")
    }
}
