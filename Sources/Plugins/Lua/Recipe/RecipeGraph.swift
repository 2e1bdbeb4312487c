/// A recipe's tasks with every `after` resolved, checked for cycles, and put in start order.
///
/// Names in `after` may refer to tasks defined later in the file, so resolving waits until the recipe has run.
/// The start order puts each task's dependencies before it and otherwise keeps definition order: a depth-first
/// walk over the tasks in definition order, emitting each task after its dependencies.
public struct RecipeGraph {
    /// The tasks in definition order.
    public let tasks: RecipeTaskList
    /// For each task (by definition index), the indices of the tasks it runs after, each once, in `after` order.
    public let dependencies: FlatLists<Int32>
    /// Definition indices in start order, in 4 bytes each (a recipe's tasks are counted in 32 bits: ``RecipeTask``).
    public let order: [UInt32]
    /// For each task, how many other tasks run after it.
    public let dependentCounts: [UInt32]
    /// For each task, whether a task that runs after it has a `cmd` function, which is given its result.
    public let resultReadByDependents: [Bool]

    /// Resolves and orders `tasks`, whose `after` entries `after` lists by definition index and whose definition
    /// indices `names` gives by name (the builder's index, reused rather than built again). Each distinct pattern
    /// is resolved once, however many tasks run after it, and against the names it may match
    /// (``TaskNamePatternMatches``).
    ///
    /// - Throws: ``RecipeError`` at the task's position for an unknown name, a task after itself, or a cycle,
    ///   which is printed as `a -> b -> c -> a` (each task runs after the next); a task a function declared is
    ///   named with the lines that called the function too (``RecipeTask/callersNote``).
    init(tasks: RecipeTaskList, after: FlatLists<RecipeDependency>, names: TaskNameIndex) throws(RecipeError) {
        var dependencies = FlatLists<Int32>()
        var dependentCounts = Array(repeating: UInt32(0), count: tasks.count)
        var resultReadByDependents = Array(repeating: false, count: tasks.count)
        var patternMatches = TaskNamePatternMatches(tasks: tasks, names: names)
        var resolved: [Int32] = []
        for task in tasks {
            resolved.removeAll(keepingCapacity: true)
            var seen: Set<Int> = []
            for entry in after[task.index] {
                let indices = try Self.resolve(
                    entry, for: task, tasks: tasks, names: names, patternMatches: &patternMatches)
                for index in indices where seen.insert(index).inserted {
                    resolved.append(Int32(index))
                    dependentCounts[index] += 1
                }
            }
            if case .function = task.command {
                for index in resolved { resultReadByDependents[Int(index)] = true }
            }
            dependencies.append(resolved)
        }
        self.tasks = tasks
        self.dependencies = dependencies
        self.dependentCounts = dependentCounts
        self.resultReadByDependents = resultReadByDependents
        self.order = try Self.startOrder(tasks, dependencies)
    }

    /// The tasks `entry` of `task`'s `after` names, a pattern's found by `patternMatches`.
    private static func resolve(
        _ entry: RecipeDependency, for task: RecipeTask, tasks: RecipeTaskList, names: TaskNameIndex,
        patternMatches: inout TaskNamePatternMatches
    ) throws(RecipeError) -> [Int] {
        switch entry {
        case .task(let index):
            return [index]
        case .name(let name):
            guard let index = names.index(of: name, in: tasks) else {
                throw RecipeError(
                    "task \"\(task.name)\" runs after unknown task \"\(name)\"\(task.callersNote)", at: task.position)
            }
            guard index != task.index else {
                throw RecipeError("task \"\(task.name)\" runs after itself\(task.callersNote)", at: task.position)
            }
            return [index]
        case .pattern(let pattern):
            return patternMatches.matches(of: pattern).filter { $0 != task.index }
        }
    }

    /// Depth-first, iteratively (a chain of ten thousand tasks must not exhaust the stack).
    private static func startOrder(_ tasks: RecipeTaskList, _ dependencies: FlatLists<Int32>) throws(RecipeError)
        -> [UInt32]
    {
        enum Mark { case unvisited, inProgress, done }
        var marks = Array(repeating: Mark.unvisited, count: tasks.count)
        var order: [UInt32] = []
        order.reserveCapacity(tasks.count)
        for root in tasks.indices where marks[root] == .unvisited {
            var path: [(task: Int, next: Int)] = [(root, 0)]
            marks[root] = .inProgress
            while let (task, next) = path.last {
                let list = dependencies[task]
                guard next < list.count else {
                    marks[task] = .done
                    order.append(UInt32(task))
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let dependency = Int(list[list.startIndex + next])
                switch marks[dependency] {
                case .unvisited:
                    marks[dependency] = .inProgress
                    path.append((dependency, 0))
                case .inProgress:
                    let start = path.firstIndex { $0.task == dependency }!
                    let cycle = path[start...].map(\.task) + [dependency]
                    let task = tasks[dependency]
                    throw RecipeError(
                        "dependency cycle: \(Self.describe(cycle, tasks))\(task.callersNote)", at: task.position)
                case .done:
                    break
                }
            }
        }
        return order
    }

    /// `a -> b -> c -> a`; a cycle of more than ten steps keeps its first and last five, so that the error stays
    /// a line to read however many tasks the cycle goes through.
    private static func describe(_ cycle: [Int], _ tasks: RecipeTaskList) -> String {
        let names = cycle.map { tasks[$0].name }
        guard names.count > 11 else { return names.joined(separator: " -> ") }
        let left = names.count - 10
        return (names.prefix(5) + ["… \(left) more …"] + names.suffix(5)).joined(separator: " -> ")
    }
}
