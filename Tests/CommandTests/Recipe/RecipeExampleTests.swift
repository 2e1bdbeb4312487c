import Foundation
import PRXTesting
import Testing

@Suite(.runsProcesses) struct RecipeExampleTests {
    @Test func buildTestDeployDeploysTheBuiltVersionAndCleansUp() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("build-test-deploy", into: bench)
        let dryRun = try await bench.prx(["run", "recipe.lua"], in: example)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("test:unit: /bin/sh \(example)/tests/unit.sh  (after build)"))
        #expect(dryRun.stdout.contains("# dry run: 5 tasks"))
        #expect(!FileManager.default.fileExists(atPath: example + "/out"))
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "--", "release"], in: example)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOfFile: example + "/deployed.txt", encoding: .utf8) == "deployed v1.2 to release\n")
        #expect(!FileManager.default.fileExists(atPath: example + "/out"))
        #expect(try await bench.summaryRecords().map { $0["status"] } == Array(repeating: "SUCCESS", count: 5))
    }

    /// `clean` (`rm -rf out`) ran as soon as a test failed, under the tests still running: a slower test that passes
    /// found no build and was reported `FAILED`. It runs once every test has ended.
    @Test func buildTestDeploySkipsTheDeployWhenATestFails() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("build-test-deploy", into: bench)
        try "exit 1\n".write(toFile: example + "/tests/unit.sh", atomically: true, encoding: .utf8)
        let smoke = example + "/tests/smoke.sh"
        try ("sleep 1\n" + String(contentsOfFile: smoke, encoding: .utf8)).write(
            toFile: smoke, atomically: true, encoding: .utf8)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"], in: example)
        #expect(outcome.status == 1)
        let statuses = Dictionary(
            uniqueKeysWithValues: try await bench.summaryRecords().map { ($0["task_file"]!, $0["status"]!) })
        #expect(statuses["test:unit"] == "FAILED")
        #expect(statuses["test:smoke"] == "SUCCESS")
        #expect(statuses["deploy"] == "SKIPPED")
        #expect(statuses["clean"] == "SUCCESS")
        #expect(!FileManager.default.fileExists(atPath: example + "/deployed.txt"))
    }

    @Test func hostsFanOutDeploysToEveryHostTheParserKeeps() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("hosts-fanout", into: bench)
        let dryRun = try await bench.prx(["run", "recipe.lua"], in: example)
        #expect(dryRun.stdout.contains("deploy:alpha: ./deploy.sh alpha 22  (after check)"))
        #expect(!dryRun.stdout.contains("gamma"))
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"], in: example)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let collected = try String(contentsOfFile: example + "/all-deployed.txt", encoding: .utf8)
        #expect(collected == "deployed to alpha on port 22 (HOST=alpha)\ndeployed to beta on port 2222 (HOST=beta)\n")
    }

    @Test func hostsFanOutParserWorksInFlagsMode() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("hosts-fanout", into: bench)
        let arguments = ["-A", "hosts.txt", "--parser", "parse.lua", "-C", "\(example)/deploy.sh @ARG_1@ @ARG_2@"]
        let dryRun = try await bench.prx(arguments, in: example)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("\(example)/deploy.sh alpha 22\n"))
        #expect(dryRun.stdout.contains("# dry run: 2 tasks"))
        try "broken line\n".write(toFile: example + "/bad.txt", atomically: true, encoding: .utf8)
        let bad = try await bench.prx(["-A", "bad.txt", "--parser", "parse.lua", "-C", "echo @ARG@"], in: example)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("parse.lua:5: not 'name : port': broken line (--parser, on bad.txt:1)"))
    }

    @Test func stopPolicyHaltsWithTheReasonInTheSummary() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("stop-policy", into: bench)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"], in: example)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("- Halted: stop_when: 3 failures in a row, last shard5"))
        #expect(try String(contentsOfFile: example + "/probed.txt", encoding: .utf8) == "shard 1\nshard 2\n")
        #expect(try await bench.summaryRecords().filter { $0["status"] == "CANCELLED" }.count == 15)
    }

    @Test func stopPolicyFileWorksInFlagsMode() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("stop-policy", into: bench)
        let outcome = try await bench.prx(
            ["-A", "shards.txt", "-C", "sh -c @ARG@", "--stop-policy", "policy.lua", "-m", "1", "-r"], in: example)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("- Halted: stop_when: 3 failures in a row, last exit 3"))
        #expect(
            try await bench.summaryRecords().map { $0["status"] }
                == ["SUCCESS", "FAILED", "FAILED", "FAILED", "CANCELLED"])
    }

    /// The report's `on_done` returned the number of failed checks, which, at 2, reads as prx's bad usage: it
    /// returns 3 when a check failed.
    @Test func reportWritesMarkdownAndExitsThreeWhenACheckFailed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("report", into: bench)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r", "-m", "2"], in: example)
        #expect(outcome.status == 3)
        #expect(outcome.stdout.contains("unit\tFAILED\t1\texpected 3, got 4"))
        let report = try String(contentsOfFile: example + "/report.md", encoding: .utf8)
        #expect(report.hasPrefix("# Check report\n\n2 of 4 succeeded.\n"))
        #expect(report.contains("| unit | FAILED | 1 |"))
        #expect(report.contains("| package | SKIPPED | - |"))
        #expect(try await bench.summaryRecords().count == 4)
    }

    /// The hooks' `on_done` returned the number of failed checks: two failed exited 2, prx's bad usage. A check
    /// failed exits 3, however many did.
    @Test func hooksFileWorksInFlagsMode() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let example = try RecipeExamples.copy("report", into: bench)
        try "exit 1\n".write(toFile: example + "/checks/c.sh", atomically: true, encoding: .utf8)
        let outcome = try await bench.prx(["-T", "checks", "-C", "sh @TASK@", "--hook", "hooks.lua", "-r"], in: example)
        #expect(outcome.status == 3, "\(outcome.stderr)")
        let report = try String(contentsOfFile: example + "/report.md", encoding: .utf8)
        #expect(report.contains("2 failed"))
        #expect(report.contains("- \(example)/checks/b.sh: FAILED"))
    }
}
