@testable import PRXPlugins
import Testing

@Suite struct TaskNameIndexTests {
    private func tasks(named names: [String]) -> RecipeTaskList {
        let options = RecipeTask.Options(workingDirectory: "/")
        var tasks = RecipeTaskList()
        for (index, name) in names.enumerated() {
            tasks.append(
                RecipeTask(index: index, name: name, command: .argv, position: nil, options: options), argv: ["true"])
        }
        return tasks
    }

    /// Forty thousand names, in three of the task list's blocks, make the index grow thirteen times; every name is
    /// still found where it was put.
    @Test func findsEveryNameItHoldsAfterGrowing() {
        let names = (0..<40_000).map { $0 % 2 == 0 ? "t\($0)" : "deploy:host-\($0).example.org" }
        let tasks = tasks(named: names)
        var index = TaskNameIndex()
        for task in tasks {
            #expect(index.index(of: task.name, in: tasks) == nil)
            index.insert(task.index, of: tasks)
        }
        #expect(index.count == 40_000)
        for task in tasks where index.index(of: task.name, in: tasks) != task.index {
            Issue.record("\(task.name) not found at \(task.index)")
        }
        #expect(index.index(of: "t1", in: tasks) == nil)
        #expect(index.index(of: "", in: tasks) == nil)
    }
}
