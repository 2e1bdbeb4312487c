import Foundation
import PRXTesting
import Testing

@Suite struct RecipePluginTests {
    @Test func aRecipeChoosesSourcesSinksTheExecutorAndSettings() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { _ in "printf 'abcdefgh'\n" }
        let json = bench.root.file("run.jsonl")
        try bench.root.write("recipe.lua", """
            prx.config { executor = "local" }
            prx.set("local.max_output_capture", 3)
            prx.task { "true", name = "first" }
            prx.source("dir", { path = "\(folder)", command = "bash @TASK@" })
            prx.sink("json", { path = "\(json)" })
            """)
        let outcome = try bench.prx(["run", bench.root.file("recipe.lua"), "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n")
        let tasks = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["type"] as? String == "task" }
        #expect(tasks.count == 3)
        #expect(Set(tasks.compactMap { $0["id"] as? Int }) == [1, 2, 3])
        #expect(tasks.filter { ($0["label"] as? String)?.hasSuffix(".sh") == true }.allSatisfy { $0["stdout"] as? String == "fgh" })
    }

    @Test(arguments: [
        ("prx.sink(\"promethus\", {})", "unknown sink 'promethus' (valid: csv, json, log, output)"),
        ("prx.source(\"dir\", { pth = \"x\" })", "unknown setting 'pth' for source 'dir'"),
        ("prx.config { executor = \"slurm\" }", "unknown executor 'slurm' (valid: local)"),
        ("prx.set(\"slurm.partition\", \"x\")", "prx.set: no chosen plugin is called 'slurm'"),
    ])
    func aWrongPluginChoiceStopsBeforeAnythingRuns(line: String, message: String) throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", "prx.task { \"touch\", \"\(bench.root.file("ran"))\" }\n\(line)\n")
        for arguments in [["run", bench.root.file("recipe.lua")], ["run", bench.root.file("recipe.lua"), "-r"]] {
            let outcome = try bench.prx(arguments)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }
}
