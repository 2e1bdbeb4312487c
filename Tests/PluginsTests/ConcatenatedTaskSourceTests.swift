import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct ConcatenatedTaskSourceTests {
    /// A source of fixed tasks whose `prepare` writes, into the task's label, its name and the ids it was given.
    struct PreparingSource: TaskSource {
        let name: String
        var tasks: ArrayTaskSource

        init(_ name: String, _ tasks: [TaskSpec]) {
            self.name = name
            self.tasks = ArrayTaskSource(tasks)
        }

        mutating func next() throws -> TaskSpec? { try tasks.next() }

        func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
            var prepared = task
            let dependencies = task.dependencies.map(\.description).joined(separator: ",")
            prepared.label = "\(name): \(task.id) after \(dependencies)"
            return prepared
        }
    }

    private func task(_ id: Int, after dependencies: [TaskID] = []) -> TaskSpec {
        TaskSpec(id: TaskID(id), label: "t\(id)", argv: ["true"], dependencies: dependencies)
    }

    /// Source a (ids 1–2), an empty source, and source b (ids 1–3), each with a dependency.
    private func twoSourcesAndAnEmptyOne() -> ConcatenatedTaskSource {
        ConcatenatedTaskSource([
            PreparingSource("a", [task(1), task(2, after: [1])]),
            PreparingSource("empty", []),
            PreparingSource("b", [task(1), task(2), task(3, after: [1, 2])]),
        ])
    }

    private func drain(_ source: inout ConcatenatedTaskSource) throws -> [TaskSpec] {
        var tasks: [TaskSpec] = []
        while let task = try source.next() { tasks.append(task) }
        return tasks
    }

    /// A source whose ids the shift past the sources before it would take over `Int.max` (a plugin source's ids near
    /// it) ends the tasks with an error naming the source; the sum trapped and prx crashed. An id just small enough,
    /// and a dependency too large, are taken and refused alike.
    @Test func anIDTooLargeToShiftIsASourceError() throws {
        let shift = 2
        var source = ConcatenatedTaskSource(
            [
                PreparingSource("a", [task(1), task(2)]),
                PreparingSource("b", [task(Int.max - shift), task(Int.max - shift + 1)]),
            ], names: ["recipe", "hosts"])
        #expect(try drain(&source, upTo: 3).map(\.id.rawValue) == [1, 2, Int.max])
        #expect {
            _ = try source.next()
        } throws: { error in
            "\(error)" == "source hosts: task id \(Int.max - 1) cannot follow the ids of the sources before it, up to 2: "
                + "its ids must be at most \(Int.max - 2)"
        }
        var unnamed = ConcatenatedTaskSource([
            PreparingSource("a", [task(1)]), PreparingSource("b", [task(1, after: [TaskID(Int.max)])]),
        ])
        _ = try unnamed.next()
        #expect(throws: ConcatenatedTaskSource.ShiftedIDTooLarge.self) { _ = try unnamed.next() }
    }

    private func drain(_ source: inout ConcatenatedTaskSource, upTo count: Int) throws -> [TaskSpec] {
        var tasks: [TaskSpec] = []
        while tasks.count < count, let task = try source.next() { tasks.append(task) }
        return tasks
    }

    /// Told that the run starts none of the tasks left, every source not finished yet is told (an arguments file's
    /// then calls its line parser no more), the one being read and those after it alike.
    @Test func everySourceNotFinishedIsToldTheRestIsCancelled() throws {
        /// Fixed tasks, those given once told labelled so.
        struct TellableSource: TaskSource {
            var tasks: ArrayTaskSource
            var told = false
            mutating func next() throws -> TaskSpec? {
                guard var task = try tasks.next() else { return nil }
                if told { task.label += " (told)" }
                return task
            }
            mutating func remainingTasksWillBeCancelled() { told = true }
        }
        var source = ConcatenatedTaskSource([
            TellableSource(tasks: ArrayTaskSource([task(1), task(2)])),
            TellableSource(tasks: ArrayTaskSource([task(1)])),
        ])
        #expect(try source.next()?.label == "t1")
        source.remainingTasksWillBeCancelled()
        #expect(try drain(&source).map(\.label) == ["t2 (told)", "t1 (told)"])
    }

    @Test func eachSourcesIdsAndDependenciesAreShiftedPastTheOnesBefore() throws {
        var source = twoSourcesAndAnEmptyOne()
        let tasks = try drain(&source)
        #expect(tasks.map(\.id) == [1, 2, 3, 4, 5])
        #expect(tasks.map(\.dependencies) == [[], [1], [], [], [3, 4]])
    }

    /// The concatenation promises unique ids when every source does, and only then: the scheduler checks the ids of a
    /// recipe that takes a plugin's source that does not promise them, and of no other.
    @Test(arguments: [[true, true], [true, false], [false, true]])
    func promisesUniqueIDsWhenEverySourceDoes(promises: [Bool]) {
        let sources = promises.map { ArrayTaskSource([task(1)], promisingUniqueIDs: $0) }
        #expect(ConcatenatedTaskSource(sources).promisesUniqueIDs == !promises.contains(false))
    }

    @Test func aTaskIsPreparedByItsOwnSourceUnderItsOwnIds() throws {
        var source = twoSourcesAndAnEmptyOne()
        let tasks = try drain(&source)
        let first = try source.prepare(tasks[1], dependencyResults: [])
        #expect(first.label == "a: 2 after 1")
        #expect(first.id == 2 && first.dependencies == [1])
        let last = try source.prepare(tasks[4], dependencyResults: [])
        #expect(last.label == "b: 3 after 1,2")
        #expect(last.id == 5 && last.dependencies == [3, 4])
    }

    /// A source that does not know how many tasks it has left (``PreparingSource``, as an arguments file read as
    /// the run goes) made the whole count unknown, and the scheduler's `pending` left out every source's tasks. The
    /// total stays unknown; the known count leaves out only that source's.
    @Test func theKnownCountLeavesOutOnlyTheTasksOfASourceThatDoesNotKnowIts() throws {
        var source = ConcatenatedTaskSource([
            ArrayTaskSource([task(1), task(2, after: [1])]),
            PreparingSource("lines", [task(1), task(2)]),
            ArrayTaskSource([task(1)]),
        ])
        #expect(source.remainingTaskCount == nil)
        #expect(source.knownRemainingTaskCount == 3)
        _ = try source.next()
        #expect(source.knownRemainingTaskCount == 2)
        _ = try source.next()
        _ = try source.next()
        #expect(source.knownRemainingTaskCount == 1)
        _ = try drain(&source)
        #expect(source.knownRemainingTaskCount == 0)
    }

    @Test func aSourceThatYieldsIdsOutOfOrderIsShiftedPastItsLargest() throws {
        var source = ConcatenatedTaskSource([
            PreparingSource("a", [task(7), task(3, after: [7])]),
            PreparingSource("b", [task(1), task(2, after: [1])]),
        ])
        let tasks = try drain(&source)
        #expect(tasks.map(\.id) == [7, 3, 8, 9])
        #expect(try source.prepare(tasks[1], dependencyResults: []).label == "a: 3 after 7")
        #expect(try source.prepare(tasks[3], dependencyResults: []).label == "b: 2 after 1")
    }
}
