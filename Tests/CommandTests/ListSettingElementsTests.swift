import Foundation
import PRXTesting
import Testing

/// A list setting's elements reach the plugin as they were given, from every front end: `-T`, a configuration file's
/// YAML list, a recipe's Lua array, and `--set` in its comma-separated form. They travelled as one comma-joined
/// text, split again and trimmed by the plugin, so a directory named `d,1` became `d` and `1`, and ` sp` became `sp`;
/// a YAML list item holding a comma was refused.
@Suite(.runsProcesses) struct ListSettingElementsTests {
    /// A workbench with `d,1/a.sh` and ` sp/b.sh`, each appending its name to `ran`.
    private func benchWithAwkwardNames() throws -> Workbench {
        let bench = try Workbench()
        try bench.root.write("d,1/a.sh", "echo a >> \(bench.root.file("ran"))\n")
        try bench.root.write(" sp/b.sh", "echo b >> \(bench.root.file("ran"))\n")
        return bench
    }

    /// That the run ran both scripts, by the CSV summary and by what they wrote.
    private func expectBothRan(in bench: Workbench, _ outcome: PRXProcess.Outcome) async throws {
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        let ran = records.compactMap { $0["task_file"] }.sorted()
        #expect(ran == [bench.root.file(" sp/b.sh"), bench.root.file("d,1/a.sh")])
        #expect(records.map { $0["status"] } == ["SUCCESS", "SUCCESS"])
        #expect(try bench.root.read("ran").split(separator: "\n").sorted() == ["a", "b"])
    }

    @Test func eachTaskPathOfTheFlagsIsOnePattern() async throws {
        let bench = try benchWithAwkwardNames()
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["-T", "d,1/*.sh", "-T", " sp", "-C", "bash @TASK@", "-r"])
        try await expectBothRan(in: bench, outcome)
    }

    @Test func eachItemOfAYAMLListIsOnePattern() async throws {
        let bench = try benchWithAwkwardNames()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", """
            plugins:
              glob:
                patterns: ["d,1/*.sh", " sp"]
                command: bash @TASK@
            """)
        let outcome = try await bench.prx(["--source", "glob", "-r"])
        try await expectBothRan(in: bench, outcome)
        let shown = try await bench.prx(["--show-config"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(
            shown.stdout.contains(
                "    \"patterns\": [\"d,1/*.sh\", \" sp\"]  # user: \(bench.home)/cfg/prx.yaml\n"),
            "\(shown.stdout)")
    }

    @Test func eachItemOfALuaArrayIsOnePattern() async throws {
        let bench = try benchWithAwkwardNames()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.source("glob", { patterns = { "d,1/*.sh", " sp" }, command = "bash @TASK@" })
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        try await expectBothRan(in: bench, outcome)
    }

    /// `--set` gives a list as one text, split at its commas with the spaces around each element dropped, as the
    /// README says; a backslash keeps a comma or a space in an element.
    @Test func aBackslashKeepsACommaOrASpaceInAnElementOfSet() async throws {
        let bench = try benchWithAwkwardNames()
        defer { bench.root.remove() }
        let outcome = try await bench.prx([
            "--source", "glob", "--set", #"glob.patterns=d\,1/*.sh, \ sp"#, "--set", "glob.command=bash @TASK@", "-r",
        ])
        try await expectBothRan(in: bench, outcome)
    }

    /// An `args-file` source's `env` list names one variable by item: a list of names sets them in order, with
    /// `--parser` too (which reads the source's settings itself), and an item holding a comma is refused as the name
    /// it is, where it was refused, as a list item holding a comma, with a warning, and the run went on without the
    /// names.
    @Test func eachItemOfAnEnvironmentListIsOneName() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hosts.txt", "h1 22\n")
        func configuration(names: String) throws {
            try bench.root.write("home/cfg/prx.yaml", """
                plugins:
                  args-file:
                    file: hosts.txt
                    separator: space
                    env: \(names)
                    command: sh -c 'echo $HOST:$PORT'
                """)
        }
        try configuration(names: "[HOST, PORT]")
        let outcome = try await bench.prx(["--source", "args-file", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let output = try String(
            contentsOfFile: try #require(bench.logFiles(endingWith: "_output.txt").first), encoding: .utf8)
        #expect(output.contains("h1:22"), "\(output)")
        try bench.root.write("parse.lua", "return function(line) return { line:match(\"(%S+) (%S+)\") } end\n")
        let parsed = try await bench.prx(["-A", "hosts.txt", "--parser", "parse.lua"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.stdout.hasPrefix("HOST=h1 PORT=22 "), "\(parsed.stdout)")
        try configuration(names: "[HOST, \"PORT,X\"]")
        let refused = try await bench.prx(["--source", "args-file", "-r"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("invalid environment variable name 'PORT,X'"), "\(refused.stderr)")
    }
}
