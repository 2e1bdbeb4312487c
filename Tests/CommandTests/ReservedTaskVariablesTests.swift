import Foundation
import PRXTesting
import Testing

/// The variables prx gives its tasks itself (`PRX_ORPHAN_GUARD`, `PRX_TASK_TOKEN`, `PRX_FEEDBACK_FILE`) are not a
/// user's to set: `-E PRX_ORPHAN_GUARD` replaced the orphan guard's token in each task's environment with the task's
/// field (the tasks printed `a` and `c`), so that the guard would not find them, while `-E PRX_FEEDBACK_FILE` kept
/// prx's value.
@Suite(.runsProcesses) struct ReservedTaskVariablesTests {
    static let reservedNames = ["PRX_ORPHAN_GUARD", "PRX_TASK_TOKEN", "PRX_FEEDBACK_FILE"]

    /// The error line refusing `name`, given by `origin`, at `place` in a configuration file if one gave it.
    private static func refusal(of name: String, by origin: String, at place: String? = nil) -> String {
        "prx: error: \(place.map { "\($0): " } ?? "")environment variable name '\(name)' is reserved: prx sets it "
            + "in its tasks' environment itself (\(origin))\n"
    }

    /// `-E` (alone or in a list), or `args-file.env` from `--set`, naming a reserved variable is refused before
    /// anything runs, naming the flag or setting (and the `--set` in front) and the name, exit 2.
    @Test(arguments: reservedNames, [
        (["-E", "NAME"], "-E"), (["-S", "comma", "-E", "HOST,NAME"], "-E"),
        (["--set", "args-file.env=NAME"], "args-file.env"),
    ])
    func aReservedNameForEachLinesFieldIsRefused(name: String, flags: ([String], String)) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("e2.txt", "a,x\nc,y\n")
        let given = flags.0.map { $0.replacingOccurrences(of: "NAME", with: name) }
        let touch = "touch \(bench.root.file("ran"))-@ARG@"
        let outcome = try await bench.prx(["-A", "e2.txt"] + given + ["-C", touch, "-r", "--feedback"])
        #expect(outcome.status == 2)
        let place = flags.0[0] == "--set" ? "--set \(given[1])" : nil
        #expect(outcome.stderr == Self.refusal(of: name, by: flags.1, at: place), "\(outcome.stderr)")
        let made = try FileManager.default.contentsOfDirectory(atPath: bench.root.path)
        #expect(made.allSatisfy { !$0.hasPrefix("ran") }, "\(made)")
        #expect(!FileManager.default.fileExists(atPath: bench.logs))
    }

    /// A configuration file's `args-file.env` naming a reserved variable is refused the same way, naming the
    /// file, line and setting.
    @Test func aReservedNameInAConfigurationFileIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("e2.txt", "a\nc\n")
        let path = try bench.root.write("home/cfg/prx.yaml", """
            plugins:
              args-file:
                env: "PRX_ORPHAN_GUARD"
            """)
        let outcome = try await bench.prx(["-A", "e2.txt", "-C", "touch \(bench.root.file("ran"))-@ARG@", "-r"])
        #expect(outcome.status == 2)
        let refusal = Self.refusal(of: "PRX_ORPHAN_GUARD", by: "args-file.env", at: "\(path):3")
        #expect(outcome.stderr == refusal, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran-a")))
    }

    /// A recipe task's `env` naming a reserved variable is refused at the recipe's line, exit 2, nothing run.
    @Test(arguments: reservedNames)
    func aReservedNameInARecipeTasksEnvIsRefused(name: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.task { "touch", "ran" }
            prx.task { "printenv", "\(name)", env = { \(name) = "mine" } }

            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr == "prx: error: recipe.lua:2: prx.task: env '\(name)' is reserved: prx sets it in its "
                + "tasks' environment itself\n",
            "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// prx's own environment cannot be refused: a reserved variable prx inherits is replaced in its tasks'
    /// environment by prx's value, the guard's 32-digit token and the task's feedback file.
    @Test func prxsValueReplacesAnInheritedOne() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("one.txt", bench.root.file("out.txt") + "\n")
        let outcome = try await bench.prx(
            ["-A", "one.txt", "-C", "sh -c 'printenv PRX_ORPHAN_GUARD PRX_FEEDBACK_FILE > @ARG@'", "-r", "--feedback"],
            environment: ["PRX_ORPHAN_GUARD": "inherited", "PRX_FEEDBACK_FILE": "inherited"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let values = try bench.root.read("out.txt").split(separator: "\n")
        #expect(values.count == 2)
        #expect(values.first?.count == 32 && values.first?.allSatisfy(\.isHexDigit) == true, "\(values)")
        #expect(values.last?.hasPrefix("/") == true, "\(values)")
    }
}
