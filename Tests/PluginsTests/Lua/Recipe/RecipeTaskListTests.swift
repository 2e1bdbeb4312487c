import PRXKernel
@testable import PRXPlugins
import Testing

@Suite struct RecipeTaskListTests {
    /// The tasks' argv words are kept end to end in one store: each task gets back exactly its own, in order, however
    /// many it has (a program alone, 300 words, empty words after the program) and however long they are (0 to 41
    /// bytes, across the 15 a string holds without an allocation of its own), with tasks of a shell line and of a
    /// `cmd` function, which keep no words there, between them. Read from the list, and as the run gives them.
    @Test func eachTaskGetsExactlyItsOwnWords() async throws {
        let fixture = try RecipeFixture()
        defer { fixture.remove() }
        let recipe = try fixture.load("""
            prx.task { "alone", name = "alone" }
            prx.task { sh = "echo between", name = "shell" }
            prx.task { "echo", "", "x", "", name = "empty words" }
            prx.task { name = "function", cmd = function() return { "from", "function" } end }
            for n = 0, 40 do
              prx.task { "p" .. string.rep("w", n), string.rep("a", n), n, name = "length " .. n }
            end
            local many = { name = "many" }
            for i = 1, 300 do many[i] = "m" .. i end
            prx.task(many)
            prx.task { name = "last function", cmd = function() return { sh = "late" } end }
            prx.task { "after", "them", name = "last" }
            """)
        var expected: [(name: String, declared: [String]?, run: [String])] = [
            ("alone", ["alone"], ["alone"]),
            ("shell", ["/bin/sh", "-c", "echo between"], ["/bin/sh", "-c", "echo between"]),
            ("empty words", ["echo", "", "x", ""], ["echo", "", "x", ""]),
            ("function", nil, ["from", "function"]),
        ]
        for n in 0...40 {
            let words = ["p" + String(repeating: "w", count: n), String(repeating: "a", count: n), "\(n)"]
            expected.append(("length \(n)", words, words))
        }
        let many = (1...300).map { "m\($0)" }
        expected += [
            ("many", many, many),
            ("last function", nil, ["/bin/sh", "-c", "late"]),
            ("last", ["after", "them"], ["after", "them"]),
        ]
        let tasks = recipe.graph.tasks
        #expect(tasks.map(\.name) == expected.map(\.name))
        for (index, task) in expected.enumerated() {
            #expect(tasks.argv(at: index) == task.declared, "\(task.name)")
        }
        let run = await fixture.run(recipe, executor: RecipeFixture.scripted)
        let ran = Dictionary(uniqueKeysWithValues: run.log.results.map { ($0.task.label, $0.task.argv) })
        for task in expected {
            #expect(ran[task.name] == task.run, "\(task.name)")
        }
    }

    /// A recipe holds a million tasks: the words moved out of the record did not make it larger.
    @Test func aTaskTakesNoMoreThan56Bytes() {
        #expect(MemoryLayout<RecipeTask>.stride <= 56)
    }
}
